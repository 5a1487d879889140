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
