import type { QuestionStaff, QuestionTransition } from '../../../../shared/schemas/question.js';
import { t } from '../../lib/i18n/index.svelte.js';
import type { QuestionBoard } from '../../lib/question-board.svelte.js';
import { questionsService } from '../../lib/services/questions.js';
import { toasts } from '../../lib/toasts.svelte.js';
import type { ReviewState } from './review-state.svelte.js';

/**
 * A reviewer's decisions. Each one throws on failure so the caller can show the error where the reviewer is
 * looking (inline in a panel, or a toast), and only a success clears the draft and closes the panel.
 */
export interface DecisionHooks {
  /** Called just before a decision is sent, e.g. to remember where the question sat in the list. */
  before: (q: QuestionStaff) => void;
  /** Called after a decision succeeded and the board holds the new state. */
  after: (q: QuestionStaff) => void;
}

export function reviewActions(board: QuestionBoard, state: ReviewState, hooks: DecisionHooks) {
  async function decide(q: QuestionStaff, body: QuestionTransition, done: string): Promise<void> {
    hooks.before(q);
    const updated = await questionsService.transition(q.id, body);
    board.upsert(updated);
    state.dropDraft(q.id);
    state.open(null);
    toasts.success(done);
    hooks.after(q);
  }

  return {
    approve: (q: QuestionStaff) => decide(q, { to: 'approved' }, t('review.done.approved', { id: q.id })),
    /** 修改后通过: the new public wording and the approval in one step; the original stays on record. */
    approveEdited: (q: QuestionStaff, publicContent: string) =>
      decide(q, publicContent === q.publicContent ? { to: 'approved' } : { to: 'approved', publicContent }, t('review.done.approved', { id: q.id })),
    reject: (q: QuestionStaff, reason: string) => decide(q, { to: 'rejected', reason }, t('review.done.rejected', { id: q.id })),
    merge: (q: QuestionStaff, mergeInto: number) =>
      decide(q, { to: 'merged', mergeInto }, t('review.done.merged', { id: q.id, target: mergeInto })),
    /** Changes the wording of a question that is already public, without changing its status. */
    async editWording(q: QuestionStaff, publicContent: string): Promise<void> {
      board.upsert(await questionsService.edit(q.id, publicContent));
      state.dropDraft(q.id);
      state.open(null);
      toasts.success(t('review.done.edited', { id: q.id }));
    },
  };
}

export type ReviewActions = ReturnType<typeof reviewActions>;
