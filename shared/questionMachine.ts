import type { ErrorCode } from './errors.js';
import { HOSTS, MODERATORS, type Role } from './roles.js';
import type { QuestionStatus, QuestionTransition } from './schemas/question.js';

/**
 * Who may move a question from one status to another. A move that is not listed is not allowed,
 * whoever asks.
 */
export const QUESTION_TRANSITIONS: Record<QuestionStatus, Partial<Record<QuestionStatus, readonly Role[]>>> = {
  pending: { approved: MODERATORS, rejected: MODERATORS, merged: MODERATORS },
  approved: { queued: HOSTS, on_air: HOSTS, deferred: HOSTS, rejected: MODERATORS, merged: MODERATORS },
  queued: { approved: HOSTS, on_air: HOSTS, deferred: HOSTS },
  on_air: { answered: HOSTS, queued: HOSTS, deferred: HOSTS },
  answered: {},
  // A deferred question can come back to the live queue if time allows.
  deferred: { queued: HOSTS },
  // A reviewer can reconsider a rejection; the audit log keeps both decisions.
  rejected: { approved: MODERATORS },
  merged: {},
};

/** Statuses in which a moderator may still change the public wording. */
export const EDITABLE_STATUSES: readonly QuestionStatus[] = ['pending', 'approved', 'queued', 'deferred'];

export type TransitionCheck = { ok: true } | { ok: false; code: ErrorCode; detail: string };

/** Checks one requested move against the machine, the actor's role and the move's required fields. */
export function checkTransition(from: QuestionStatus, req: QuestionTransition, role: Role): TransitionCheck {
  const allowed = QUESTION_TRANSITIONS[from][req.to];
  if (!allowed) return { ok: false, code: 'invalid_transition', detail: `${from} → ${req.to}` };
  if (!allowed.includes(role)) return { ok: false, code: 'forbidden', detail: `${role}: ${from} → ${req.to}` };
  if (req.to === 'rejected' && !req.reason) return { ok: false, code: 'reason_required', detail: 'reason' };
  if (req.to === 'merged' && !req.mergeInto) return { ok: false, code: 'merge_target_required', detail: 'mergeInto' };
  if (req.publicContent !== undefined && req.to !== 'approved') {
    return { ok: false, code: 'validation', detail: 'publicContent only goes with approval' };
  }
  return { ok: true };
}

/** The moves a given role can make from a status, for building the buttons a staff member sees. */
export function movesFor(from: QuestionStatus, role: Role): QuestionStatus[] {
  return Object.entries(QUESTION_TRANSITIONS[from])
    .filter(([, roles]) => roles?.includes(role))
    .map(([to]) => to as QuestionStatus);
}
