import { compareForDisplay, isPublicStatus, type QuestionPublic, type QuestionStaff } from './schemas/question.js';

/**
 * The public view of a question, decided here and nowhere else: the HTTP list
 * (`GET /api/interviews/:slug/questions`), the `/viewer` fan-out and the viewer's own list all call these,
 * so a viewer kept current by events shows what a fresh GET would, in the same order.
 */

/** A question as every viewer sees it (masked wording, nothing from moderation), or null while it is not public. */
export function publicQuestion(q: QuestionStaff): QuestionPublic | null {
  if (!isPublicStatus(q.status)) return null;
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

/** The public list from any questions: the public ones only, in display order (on air, queue, approved…). */
export function publicList(questions: ReadonlyArray<QuestionPublic | null>): QuestionPublic[] {
  return questions.filter((q): q is QuestionPublic => q !== null && isPublicStatus(q.status)).sort(compareForDisplay);
}

/** What viewers are told about one question: it appeared or changed, or it left the public list. */
export type PublicChange = { kind: 'upsert'; question: QuestionPublic } | { kind: 'remove'; id: number };

/**
 * What a committed change of a question means to viewers, or null when it is no news to them (a change of
 * a staff-only field, or of a question that was and stays unpublished).
 */
export function publicChange(before: QuestionStaff | null, after: QuestionStaff): PublicChange | null {
  const was = before && publicQuestion(before);
  const now = publicQuestion(after);
  if (now) return was && JSON.stringify(was) === JSON.stringify(now) ? null : { kind: 'upsert', question: now };
  return was ? { kind: 'remove', id: after.id } : null;
}

/** A public list with one change applied, as a viewer applies the events it hears. */
export function applyPublicChange(list: readonly QuestionPublic[], change: PublicChange): QuestionPublic[] {
  const id = change.kind === 'upsert' ? change.question.id : change.id;
  const others = list.filter((q) => q.id !== id);
  return publicList(change.kind === 'upsert' ? [...others, change.question] : others);
}
