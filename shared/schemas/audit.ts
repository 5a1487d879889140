import { z } from 'zod';
import { CalendarDate } from './calendar.js';
import { QuestionStaff } from './question.js';

/** One immutable line of the audit log: who did what, when, with the state before and after. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.number().int().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/**
 * What a question looked like before or after one decision, as its history shows it: only fields of the staff
 * view (older entries may lack some), so nothing else an entry might hold goes out with it.
 */
export const QuestionSnapshot = QuestionStaff.partial();
export type QuestionSnapshot = z.infer<typeof QuestionSnapshot>;

/** One line of a question's own history (处理记录), for moderators. */
export const QuestionHistoryEntry = AuditEntry.extend({
  before: QuestionSnapshot.nullable(),
  after: QuestionSnapshot.nullable(),
});
export type QuestionHistoryEntry = z.infer<typeof QuestionHistoryEntry>;

/** Why the audit chain does not hold at an entry. */
export const AUDIT_CHAIN_BREAKS = ['hash_missing', 'hash_mismatch'] as const;

/**
 * The answer of a check of the audit log's hash chain. `entries` counts the entries found intact, in id order;
 * `head` is the newest entry's hash, which an administrator may note elsewhere: a log rewritten from some entry
 * on, hashes and all, ends in another head.
 */
export const AuditVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int(), head: z.string().nullable() }),
  z.object({ ok: z.literal(false), entries: z.number().int(), brokenAt: z.number().int(), reason: z.enum(AUDIT_CHAIN_BREAKS) }),
]);
export type AuditVerification = z.infer<typeof AuditVerification>;

/** A day on the site's calendar, for the log's date range. */
const Day = CalendarDate;

/**
 * Which entries of the log to read (GET /api/studio/audit and its CSV): all filters optional and combined.
 * `interviewId` takes the interview's own entries and those of things in it (questions, invitations, live
 * text, captions, plan rows…); `actor` is a staff member's id, or `system` / `netizen`; `action` is exact, or a
 * prefix when it ends in `.` or `.*` (`question.*`); `from`/`to` are site-calendar days, both included. The
 * newest `limit` entries come back oldest first; `before` pages past them (entries with a smaller id).
 */
export const AuditFilter = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.coerce.number().int().positive().optional(),
  interviewId: z.coerce.number().int().positive().optional(),
  actor: z.union([z.enum(['system', 'netizen']), z.coerce.number().int().positive()]).optional(),
  action: z.string().trim().min(1).max(80).optional(),
  from: Day.optional(),
  to: Day.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
}).refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be before from', path: ['to'] });
export type AuditFilter = z.infer<typeof AuditFilter>;

/** Who appears in the log, for the filter's list: staff by id with their current name. */
export const AuditActors = z.object({
  actions: z.array(z.string()),
  actors: z.array(z.object({ id: z.number().int(), username: z.string(), displayName: z.string() })),
});
export type AuditActors = z.infer<typeof AuditActors>;
