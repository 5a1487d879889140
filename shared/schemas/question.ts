import { z } from 'zod';
import { WrittenReplyPublic } from './writtenReply.js';

/**
 * A question's life. pending → approved (先审后发) → queued → on_air → answered; a reviewer may reject
 * or merge it into a duplicate; the host may defer it to a written answer after the session.
 */
export const QUESTION_STATUSES = [
  'pending',
  'approved',
  'queued',
  'on_air',
  'answered',
  'deferred',
  'rejected',
  'merged',
] as const;
export const QuestionStatus = z.enum(QUESTION_STATUSES);
export type QuestionStatus = z.infer<typeof QuestionStatus>;

/** Statuses a netizen may see in the public list. */
export const PUBLIC_QUESTION_STATUSES: readonly QuestionStatus[] = [
  'approved',
  'queued',
  'on_air',
  'answered',
  'deferred',
];

export function isPublicStatus(s: QuestionStatus): boolean {
  return PUBLIC_QUESTION_STATUSES.includes(s);
}

export const QUESTION_MAX_LENGTH = 500;
export const NICKNAME_MAX_LENGTH = 20;

/** A mainland mobile number (digits only, spaces and hyphens removed first). */
export const MOBILE = /^1[3-9]\d{9}$/;
/** A landline with its area code, e.g. 0912-4848111. */
export const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** An optional text field: blank means absent. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/** A netizen's private contact: a mainland mobile or landline number, or an email address. */
export const Contact = z
  .string()
  .trim()
  .max(100)
  .refine(
    (v) => v === '' || MOBILE.test(v.replace(/[\s-]/g, '')) || LANDLINE.test(v.replace(/\s/g, '')) || z.email().safeParse(v).success,
    'must be a phone number or an email address',
  )
  .optional()
  .transform((v) => (v ? v : undefined));

/** What a netizen submits. Display name and contact are optional (后台实名、前台自愿). */
export const QuestionSubmit = z.object({
  content: z.string().trim().min(1).max(QUESTION_MAX_LENGTH),
  nickname: optionalText(NICKNAME_MAX_LENGTH),
  contact: Contact,
});
export type QuestionSubmit = z.infer<typeof QuestionSubmit>;

/** The answer to a submission: the ticket is the asker's private key to follow it (我的提问). */
export const QuestionSubmitted = z.object({
  id: z.number().int(),
  status: QuestionStatus,
  ticket: z.string(),
});
export type QuestionSubmitted = z.infer<typeof QuestionSubmitted>;

/** A question as every viewer sees it: masked public wording, no contact, no moderation detail. */
export const QuestionPublic = z.object({
  id: z.number().int(),
  content: z.string(),
  nickname: z.string(),
  status: QuestionStatus,
  askedAt: z.string(),
  answeredAt: z.string().nullable(),
  queuePosition: z.number().int().nullable(),
});
export type QuestionPublic = z.infer<typeof QuestionPublic>;

/** Personal data screening masks in public text: mobile, landline and bank-card numbers, ID cards, emails. */
export const PERSONAL_DATA_KINDS = ['mobile', 'landline', 'idcard', 'bankcard', 'email'] as const;
export const PersonalDataKind = z.enum(PERSONAL_DATA_KINDS);
export type PersonalDataKind = z.infer<typeof PersonalDataKind>;

/** A [start, end) stretch of a text in UTF-16 units, as String#slice takes it. */
export const TextRange = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });
export type TextRange = z.infer<typeof TextRange>;

/**
 * Where screening found one listed word, so the studio marks exactly what matched ("代 开 发 票" with its
 * spaces) rather than searching again: in the original wording, the public wording and the display name.
 */
export const SensitiveMatch = z.object({
  word: z.string(),
  original: z.array(TextRange),
  public: z.array(TextRange),
  nickname: z.array(TextRange),
});
export type SensitiveMatch = z.infer<typeof SensitiveMatch>;

/** What screening found in a question, for the reviewer. */
export const ScreeningFlags = z.object({
  sensitiveWords: z.array(z.string()),
  sensitiveMatches: z.array(SensitiveMatch),
  personalData: z.array(PersonalDataKind),
  duplicateOf: z.number().int().nullable(),
  similarity: z.number().nullable(),
});
export type ScreeningFlags = z.infer<typeof ScreeningFlags>;

/**
 * A question as staff see it. The asker's own wording (`originalContent`, unmasked) is there for moderators only:
 * the server builds every staff view through one function by role (server/questions/mapping.ts `staffView`).
 * The contact itself is fetched separately, by moderators only, and audited.
 */
export const QuestionStaff = z.object({
  id: z.number().int(),
  interviewId: z.number().int(),
  originalContent: z.string().optional(),
  publicContent: z.string(),
  nickname: z.string(),
  hasContact: z.boolean(),
  status: QuestionStatus,
  flags: ScreeningFlags,
  reason: z.string().nullable(),
  mergedInto: z.number().int().nullable(),
  queuePosition: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  answeredAt: z.string().nullable(),
  /** 预提问: asked before the broadcast first went live (fixed at submission); the cards show a badge. */
  askedInAdvance: z.boolean(),
});
export type QuestionStaff = z.infer<typeof QuestionStaff>;

/**
 * The crew's view (host, director, editor): the masked public wording and no original. The server copies only
 * the fields named here, so a field added to QuestionStaff for moderators alone must be omitted here too.
 */
export const QuestionCrew = QuestionStaff.omit({ originalContent: true });
export type QuestionCrew = z.infer<typeof QuestionCrew>;

/** A staff decision on a question, checked against the state machine and the actor's role. */
export const QuestionTransition = z.object({
  to: QuestionStatus,
  reason: z.string().trim().min(1).max(200).optional(),
  publicContent: z.string().trim().min(1).max(QUESTION_MAX_LENGTH).optional(),
  mergeInto: z.number().int().positive().optional(),
});
export type QuestionTransition = z.infer<typeof QuestionTransition>;

/** A reviewer's new public wording for a question; the original is kept. */
export const QuestionEdit = z.object({
  publicContent: z.string().trim().min(1).max(QUESTION_MAX_LENGTH),
});
export type QuestionEdit = z.infer<typeof QuestionEdit>;

/** The host's order for the live queue: question ids, first to be asked first. */
export const QueueOrder = z.object({
  order: z.array(z.number().int().positive()).max(1000),
});
export type QueueOrder = z.infer<typeof QueueOrder>;

/** What the asker sees of their own question (我的提问). */
export const ASKER_STATUSES = ['pending', 'approved', 'answered', 'answered_in_writing', 'deferred', 'not_published'] as const;
export const AskerStatus = z.enum(ASKER_STATUSES);
export type AskerStatus = z.infer<typeof AskerStatus>;

export function askerStatus(s: QuestionStatus): AskerStatus {
  switch (s) {
    case 'pending':
      return 'pending';
    case 'approved':
    case 'queued':
    case 'on_air':
      return 'approved';
    case 'answered':
      return 'answered';
    case 'deferred':
      return 'deferred';
    case 'rejected':
    case 'merged':
      return 'not_published';
  }
}

/**
 * The question a merged one was folded into (a same question asked before), as its asker follows it.
 * Its wording is shown only once it is public: before that it is another netizen's unreviewed text.
 */
export const TicketMergedInto = z.object({
  id: z.number().int(),
  /** Its public (masked) wording; null while it is not public. */
  content: z.string().nullable(),
  status: AskerStatus,
  onAir: z.boolean(),
  answeredAt: z.string().nullable(),
});
export type TicketMergedInto = z.infer<typeof TicketMergedInto>;

export const TicketView = z.object({
  id: z.number().int(),
  interview: z.object({ slug: z.string(), title: z.string() }),
  /** The published wording: masked, and as a reviewer may have edited it. */
  content: z.string(),
  nickname: z.string(),
  /** A merged question is `not_published` itself; `mergedInto` then says which question carries it. */
  status: AskerStatus,
  /** The reviewer's reason when the question was not published, if one was given. */
  reason: z.string().nullable(),
  askedAt: z.string(),
  updatedAt: z.string(),
  /** True while the host is asking it on air. */
  onAir: z.boolean(),
  /**
   * The asker's own wording, when a reviewer changed the published one (null otherwise). It is theirs and
   * may hold their phone number, so it goes to the ticket holder only, never to a public list or event.
   */
  originalContent: z.string().nullable(),
  /** The same question this one was merged with, followed live; null unless merged. */
  mergedInto: TicketMergedInto.nullable(),
  /** The unit's published written answer (书面答复); the status is then `answered_in_writing`. */
  writtenReply: WrittenReplyPublic.nullable(),
});
export type TicketView = z.infer<typeof TicketView>;

const DISPLAY_RANK: Record<QuestionStatus, number> = {
  on_air: 0,
  queued: 1,
  approved: 2,
  deferred: 3,
  answered: 4,
  pending: 5,
  rejected: 6,
  merged: 7,
};

/** The order questions are listed in: on air, then the queue in order, then newest approved, deferred, answered. */
export function compareForDisplay(
  a: Pick<QuestionPublic, 'id' | 'status' | 'queuePosition' | 'answeredAt'>,
  b: Pick<QuestionPublic, 'id' | 'status' | 'queuePosition' | 'answeredAt'>,
): number {
  const rank = DISPLAY_RANK[a.status] - DISPLAY_RANK[b.status];
  if (rank !== 0) return rank;
  if (a.status === 'queued') return (a.queuePosition ?? 0) - (b.queuePosition ?? 0);
  if (a.status === 'answered') return (b.answeredAt ?? '').localeCompare(a.answeredAt ?? '') || b.id - a.id;
  return b.id - a.id;
}
