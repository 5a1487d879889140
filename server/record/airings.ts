import type { Db } from '../db/index.js';

/** One stretch of a question on air, wall clock (ms since the epoch). */
export interface Airing {
  questionId: number;
  onAirMs: number;
  offAirMs: number | null;
}

/**
 * When each question of an interview was on air, oldest first: the question_airings rows written by the
 * questions service, or, for an interview from before them (nothing in that table), the audit log's
 * `question.on_air` transitions, which carry the same instant.
 */
export async function listAirings(db: Db, interviewId: number): Promise<Airing[]> {
  const rows = await db
    .selectFrom('question_airings')
    .select(['question_id', 'on_air_at', 'off_air_at'])
    .where('interview_id', '=', interviewId)
    .orderBy('on_air_at')
    .orderBy('id')
    .execute();
  if (rows.length > 0) {
    return rows.map((r) => ({ questionId: r.question_id, onAirMs: Date.parse(r.on_air_at), offAirMs: r.off_air_at === null ? null : Date.parse(r.off_air_at) }));
  }
  const audited = await db
    .selectFrom('audit_log')
    .innerJoin('questions', 'questions.id', 'audit_log.entity_id')
    .select(['audit_log.entity_id as questionId', 'audit_log.at'])
    .where('audit_log.entity', '=', 'question')
    .where('audit_log.action', '=', 'question.on_air')
    .where('questions.interview_id', '=', interviewId)
    .orderBy('audit_log.id')
    .execute();
  return audited.map((r) => ({ questionId: r.questionId!, onAirMs: Date.parse(r.at), offAirMs: null }));
}
