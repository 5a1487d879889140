import { z } from 'zod';
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
