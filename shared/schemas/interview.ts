import { z } from 'zod';
import { LiveTextApproval } from './livetext.js';
import { InterviewPreviewPublic } from './preview.js';
import { RecordAvailability } from './record.js';

/** draft → scheduled → live → ended. Publishing the record comes after `ended`. */
export const INTERVIEW_STATUSES = ['draft', 'scheduled', 'live', 'ended'] as const;
export const InterviewStatus = z.enum(INTERVIEW_STATUSES);
export type InterviewStatus = z.infer<typeof InterviewStatus>;

/** The status moves that an interview allows; anything else is refused. */
export const INTERVIEW_STATUS_MOVES: Record<InterviewStatus, readonly InterviewStatus[]> = {
  draft: ['scheduled'],
  scheduled: ['draft', 'live'],
  live: ['ended'],
  ended: [],
};

/** Netizens may ask before the broadcast (预提问) and during it. */
export function acceptsQuestions(status: InterviewStatus): boolean {
  return status === 'scheduled' || status === 'live';
}

/** A guest (嘉宾): usually the unit's head, with 职务 and a short bio. */
export const Guest = z.object({
  name: z.string().trim().min(1).max(40),
  title: z.string().trim().max(80).default(''),
  bio: z.string().trim().max(500).default(''),
  /**
   * The guest's photo from an accepted 回执 (served at /guest-photos/…, re-encoded without metadata). Optional:
   * guests written before it, or by hand, have none. Only that address form, so no page loads a foreign image.
   */
  photo: z
    .string()
    .regex(/^\/guest-photos\/[A-Za-z0-9_-]{22}-480\.jpg$/)
    .optional(),
});
export type Guest = z.infer<typeof Guest>;

export const Slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and hyphens, 2–63 characters');

const IsoDateTime = z.iso.datetime({ offset: true });

// The fields without defaults: an update must not reset what it does not mention.
const InterviewFields = z.object({
  slug: Slug,
  title: z.string().trim().min(1).max(100),
  /** The unit (单位) from the admin's list; the interview shows its name. */
  unitId: z.number().int().positive(),
  /**
   * Deprecated, for API clients from before the unit list: a unit's name, used only without `unitId`. It
   * picks the unit of that name, adding it to the list when there is none (the caller is an admin, who
   * keeps the list anyway).
   */
  unit: z.string().trim().min(1).max(100),
  topic: z.string().trim().max(200),
  summary: z.string().trim().max(2000),
  scheduledStart: IsoDateTime,
  scheduledEnd: IsoDateTime,
  guests: z.array(Guest).max(20),
  /** 先审后发: questions stay hidden until a reviewer approves them. On by default. */
  preModeration: z.boolean(),
  /** 图文直播: who approves live-text entries before they go out (none, a reviewer, the unit's liaison). */
  liveTextApproval: LiveTextApproval,
});

function endAfterStart(v: { scheduledStart?: string; scheduledEnd?: string }): boolean {
  if (!v.scheduledStart || !v.scheduledEnd) return true;
  return Date.parse(v.scheduledEnd) > Date.parse(v.scheduledStart);
}
const endAfterStartIssue = { message: 'must be after scheduledStart', path: ['scheduledEnd'] };

/** What an admin sends to create an interview. */
export const InterviewCreate = InterviewFields.extend({
  // One of the two is required: the service says so on `unitId` (it resolves the name).
  unitId: InterviewFields.shape.unitId.optional(),
  unit: InterviewFields.shape.unit.optional(),
  topic: InterviewFields.shape.topic.default(''),
  summary: InterviewFields.shape.summary.default(''),
  guests: InterviewFields.shape.guests.default([]),
  preModeration: InterviewFields.shape.preModeration.default(true),
  liveTextApproval: InterviewFields.shape.liveTextApproval.default('none'),
}).refine(endAfterStart, endAfterStartIssue);
export type InterviewCreate = z.infer<typeof InterviewCreate>;

/** What an admin sends to change an interview; every field optional. */
export const InterviewUpdate = InterviewFields.partial()
  .extend({ status: InterviewStatus.optional() })
  .refine(endAfterStart, endAfterStartIssue);
export type InterviewUpdate = z.infer<typeof InterviewUpdate>;

/** The public view of an interview: what the portal and the viewer may show. */
export const InterviewPublic = z.object({
  slug: z.string(),
  title: z.string(),
  unit: z.string(),
  topic: z.string(),
  summary: z.string(),
  scheduledStart: z.string(),
  scheduledEnd: z.string(),
  status: InterviewStatus,
  guests: z.array(Guest),
  preModeration: z.boolean(),
  acceptsQuestions: z.boolean(),
  /** The record after the broadcast: none yet, being prepared (实录整理中), or published (GET …/record). */
  record: RecordAvailability,
  /** 预告: the published preview (poster, summary); null until the admin publishes one. */
  preview: InterviewPreviewPublic.nullable().optional(),
});
export type InterviewPublic = z.infer<typeof InterviewPublic>;

/** The staff view adds the internal id and bookkeeping. */
export const InterviewStaff = InterviewPublic.omit({ record: true, preview: true }).extend({
  id: z.number().int(),
  /** The unit's id in the list (GET /api/studio/units); `unit` is its name. */
  unitId: z.number().int().nullable(),
  /** Who approves its live-text entries (staff only: the public sees only what was published). */
  liveTextApproval: LiveTextApproval,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When the broadcast ended; null unless ended. */
  endedAt: z.string().nullable(),
  /** Until when an admin may reopen it (the end of the day it ended, in the site's zone); null unless ended. */
  reopenUntil: z.string().nullable(),
});
export type InterviewStaff = z.infer<typeof InterviewStaff>;

/** What an admin sends to reopen an interview ended by mistake: the reason goes into the audit log. */
export const InterviewReopen = z.object({
  reason: z.string().trim().min(1).max(500),
});
export type InterviewReopen = z.infer<typeof InterviewReopen>;
