import type { QuestionPublic, QuestionStaff, QuestionStatus, ScreeningFlags } from '../../shared/schemas/question.js';
import type { Selectable } from 'kysely';
import type { Database } from '../db/schema.js';

export type QuestionRow = Selectable<Database['questions']>;

/** Stored flags; questions screened before match ranges were kept have none to highlight. */
function parseFlags(json: string): ScreeningFlags {
  const flags = JSON.parse(json) as Partial<ScreeningFlags> & Omit<ScreeningFlags, 'sensitiveMatches'>;
  return { ...flags, sensitiveMatches: flags.sensitiveMatches ?? [] };
}

export function toQuestionStaff(r: QuestionRow): QuestionStaff {
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
  };
}

/** The public face of a question: masked wording only, nothing from moderation. */
export function toQuestionPublic(q: QuestionStaff): QuestionPublic {
  return {
    id: q.id,
    content: q.publicContent,
    nickname: q.nickname,
    status: q.status,
    askedAt: q.createdAt,
    answeredAt: q.answeredAt,
    queuePosition: q.status === 'queued' ? q.queuePosition : null,
  };
}
