import { z } from 'zod';
import { CalendarDate } from './calendar.js';

/**
 * A written reply's life (书面答复). When the broadcast ends every question deferred to writing or not reached
 * (approved or queued, never taken on air) is assigned to the interview's unit: `assigned`. The liaison drafts
 * and submits it; a reviewer or admin approves it, which publishes it, or returns it with a reason, and the
 * liaison submits again. Who did each step and when is in the audit log; the row keeps the times once set.
 */
export const WRITTEN_REPLY_STATUSES = ['assigned', 'submitted', 'returned', 'published'] as const;
export const WrittenReplyStatus = z.enum(WRITTEN_REPLY_STATUSES);
export type WrittenReplyStatus = z.infer<typeof WrittenReplyStatus>;

/** Working days a unit has for a written reply after the interview's day (RULES.md: 5 working days). */
export const WRITTEN_REPLY_WORKING_DAYS = 5;

/** What the asker's ticket page and the interview page show of a published reply. */
export const WrittenReplyPublic = z.object({
  questionId: z.number().int(),
  /** 受理日期: the day the question was accepted for a reply (the interview's day), site calendar. */
  acceptedOn: CalendarDate,
  /** 答复日期: the day the reply was published, site calendar. */
  repliedOn: CalendarDate,
  /** 答复部门: the unit that answered, by its name at publication. */
  unit: z.string(),
  /** 答复内容. */
  content: z.string(),
});
export type WrittenReplyPublic = z.infer<typeof WrittenReplyPublic>;

/** Longest written reply: a page of text, as the 书面答复 the notices publish. */
export const WRITTEN_REPLY_MAX_LENGTH = 5000;

/** A published reply on the interview page (书面答复): with the question's public (masked) wording. */
export const InterviewWrittenReply = WrittenReplyPublic.extend({
  question: z.string(),
  nickname: z.string(),
});
export type InterviewWrittenReply = z.infer<typeof InterviewWrittenReply>;

/** Whether the asker has been told of the publication by e-mail (never the address itself). */
export const REPLY_NOTICE_STATES = ['none', 'pending', 'sent', 'failed'] as const;
export const ReplyNoticeState = z.enum(REPLY_NOTICE_STATES);
export type ReplyNoticeState = z.infer<typeof ReplyNoticeState>;

/** A written reply as staff see it: the liaison drafting it, the reviewer deciding on it, the due lists. */
export const WrittenReplyStaff = z.object({
  id: z.number().int(),
  questionId: z.number().int(),
  interviewId: z.number().int(),
  interviewTitle: z.string(),
  unitId: z.number().int(),
  unit: z.string(),
  /** The question's public (masked) wording: what the reply answers. */
  question: z.string(),
  nickname: z.string(),
  status: WrittenReplyStatus,
  acceptedOn: CalendarDate,
  dueOn: CalendarDate,
  /** Not published and past its day (site calendar), or published after it. */
  overdue: z.boolean(),
  content: z.string(),
  /** Personal data screening found in the draft (the reviewer decides; the reply is not masked). */
  personalData: z.array(z.string()),
  submittedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  publishedAt: z.string().nullable(),
  repliedOn: CalendarDate.nullable(),
  answeringUnit: z.string().nullable(),
  notice: ReplyNoticeState,
  assignedAt: z.string(),
  updatedAt: z.string(),
});
export type WrittenReplyStaff = z.infer<typeof WrittenReplyStaff>;

/** The liaison's text, saved as a draft or submitted for approval. */
export const WrittenReplyDraft = z.object({
  content: z.string().trim().min(1).max(WRITTEN_REPLY_MAX_LENGTH),
});
export type WrittenReplyDraft = z.infer<typeof WrittenReplyDraft>;

/** A reviewer sends a submitted reply back to the unit, saying why. */
export const WrittenReplyReturn = z.object({
  reason: z.string().trim().min(1).max(500),
});
export type WrittenReplyReturn = z.infer<typeof WrittenReplyReturn>;

/** Which replies a list asks for: the open ones (not published) by default. */
export const WrittenReplyListQuery = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  interviewId: z.coerce.number().int().positive().optional(),
  state: z.enum(['open', 'overdue', 'published', 'all']).default('open'),
});
export type WrittenReplyListQuery = z.infer<typeof WrittenReplyListQuery>;

/** One unit's line on the due/overdue overview (admin, reviewer). */
export const WrittenReplyUnitOverview = z.object({
  unitId: z.number().int(),
  unit: z.string(),
  /** Not yet published: assigned, returned, or waiting for approval. */
  open: z.number().int(),
  awaitingApproval: z.number().int(),
  overdue: z.number().int(),
  /** The earliest deadline among the open ones. */
  nextDue: CalendarDate.nullable(),
  published: z.number().int(),
  publishedLate: z.number().int(),
});
export type WrittenReplyUnitOverview = z.infer<typeof WrittenReplyUnitOverview>;
