import { MODERATORS, type Role } from '../../shared/roles.js';
import { QuestionCrew, type QuestionStaff, type QuestionStatus, type ScreeningFlags } from '../../shared/schemas/question.js';
import type { Selectable } from 'kysely';
import type { Database } from '../db/schema.js';

export type QuestionRow = Selectable<Database['questions']>;

/** Stored flags; questions screened before match ranges were kept have none to highlight. */
function parseFlags(json: string): ScreeningFlags {
  const flags = JSON.parse(json) as Partial<ScreeningFlags> & Omit<ScreeningFlags, 'sensitiveMatches'>;
  return { ...flags, sensitiveMatches: flags.sensitiveMatches ?? [] };
}

/** A question as the server holds it: the staff record with the asker's own wording always present. */
export type QuestionRecord = QuestionStaff & { originalContent: string };

export function toQuestionStaff(r: QuestionRow): QuestionRecord {
  return {
    id: r.id,
    interviewId: r.interview_id,
    originalContent: r.original_content,
    publicContent: r.public_content,
    nickname: r.nickname,
    hasContact: r.contact !== null,
    status: r.status as QuestionStatus,
    flags: parseFlags(r.flags),
    reason: r.reason,
    mergedInto: r.merged_into,
    queuePosition: r.queue_position,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    answeredAt: r.answered_at,
    askedInAdvance: r.asked_in_advance === 1,
  };
}

/**
 * Who sees which staff view of a question: moderators (审核) decide on the asker's own wording and so see it;
 * the crew (host, director, editor) work with what goes public, so they see only the masked wording.
 */
export type StaffAudience = 'moderators' | 'crew';
export const STAFF_AUDIENCES: readonly StaffAudience[] = ['moderators', 'crew'];
const CREW_FIELDS = Object.keys(QuestionCrew.shape) as Array<keyof QuestionCrew>;

/** The audience a staff role belongs to. */
export function audienceOf(role: Role): StaffAudience {
  return MODERATORS.includes(role) ? 'moderators' : 'crew';
}

/**
 * A question as one audience may see it. The one rule for every staff transport: the HTTP lists and answers,
 * the `/studio` join and its per-audience rooms.
 */
export function staffView(q: QuestionStaff, audience: StaffAudience): QuestionStaff {
  if (audience === 'moderators') return q;
  // A copy of exactly the fields the crew's schema names (not the record minus a field), and one that cannot
  // throw: it also runs in the bus listener after a commit.
  const crew = Object.fromEntries(CREW_FIELDS.map((k) => [k, q[k]])) as QuestionCrew;
  // Where a word matched in the original is a place in a text the crew does not get.
  return { ...crew, flags: { ...q.flags, sensitiveMatches: q.flags.sensitiveMatches.map((m) => ({ ...m, original: [] })) } };
}

/** `staffView` for a role, ready for `map`. */
export const staffViewFor =
  (role: Role) =>
  (q: QuestionStaff): QuestionStaff =>
    staffView(q, audienceOf(role));
