import type { QuestionStaff, QuestionStatus } from '../../../../shared/schemas/question.js';
import { reportError } from '../../lib/errors.js';
import { t, type MessageKey } from '../../lib/i18n/index.svelte.js';
import type { QuestionBoard } from '../../lib/question-board.svelte.js';
import { questionsService } from '../../lib/services/questions.js';
import { toasts } from '../../lib/toasts.svelte.js';

/** The moves the host view offers, in button order; rejecting and merging belong to the review view. */
export const HOST_MOVES: readonly QuestionStatus[] = ['on_air', 'answered', 'queued', 'deferred', 'approved'];

/** The button text for a move, which depends on where the question comes from. */
export function moveLabel(from: QuestionStatus, to: QuestionStatus): MessageKey {
  if (to === 'queued' && from === 'on_air') return 'host.move.backToQueue';
  if (to === 'queued') return 'host.move.queued';
  if (to === 'on_air') return 'host.move.on_air';
  if (to === 'answered') return 'host.move.answered';
  if (to === 'approved') return 'host.move.approved';
  return 'host.move.deferred';
}

const byPosition = (a: QuestionStaff, b: QuestionStaff) =>
  (a.queuePosition ?? Number.MAX_SAFE_INTEGER) - (b.queuePosition ?? Number.MAX_SAFE_INTEGER) || a.id - b.id;

/**
 * The host's live queue (提问队列) over a question board: what is on air, the ordered queue, what waits to be
 * queued. A reorder shows at once and is undone if the server refuses it.
 */
export class HostQueue {
  selectedId = $state<number | null>(null);
  #pendingOrder = $state<number[] | null>(null);
  readonly #board: QuestionBoard;

  constructor(board: QuestionBoard) {
    this.#board = board;
  }

  // $derived.by: the closure reads #board lazily, after the constructor has set it.
  readonly onAir = $derived.by(() => this.#board.withStatus('on_air'));
  readonly queue = $derived.by(() => {
    const queued = this.#board.withStatus('queued').sort(byPosition);
    const order = this.#pendingOrder;
    if (!order) return queued;
    const rank = new Map(order.map((id, i) => [id, i]));
    return queued.sort((a, b) => (rank.get(a.id) ?? order.length) - (rank.get(b.id) ?? order.length));
  });
  readonly approved = $derived.by(() => this.#board.withStatus('approved'));
  readonly done = $derived.by(() => this.#board.withStatus('answered', 'deferred').reverse());
  /** Keyboard order: on air, then the queue, then approved questions. */
  readonly navigable = $derived([...this.onAir, ...this.queue, ...this.approved]);

  async move(q: QuestionStaff, to: QuestionStatus): Promise<void> {
    try {
      this.#board.upsert(await questionsService.transition(q.id, { to }));
    } catch (err) {
      reportError(err);
    }
  }

  /** Moves a queued question to index `to` and saves the new order (PUT queue). */
  async reorder(id: number, to: number): Promise<void> {
    const ids = this.queue.map((q) => q.id);
    const from = ids.indexOf(id);
    if (from < 0 || to < 0 || to >= ids.length || from === to) return;
    ids.splice(from, 1);
    ids.splice(to, 0, id);
    this.#pendingOrder = ids;
    try {
      const updated = await questionsService.reorder(this.#board.interviewId, ids);
      for (const q of updated) this.#board.upsert(q);
      // Said once the order is saved, and for a while only: each reorder replaces the previous notice.
      toasts.success(t('host.moved', { id, n: to + 1 }), { replaces: 'host.reorder' });
    } catch (err) {
      reportError(err);
    } finally {
      // On success the board now carries the server's positions; on failure this falls back to them.
      if (this.#pendingOrder === ids) this.#pendingOrder = null;
    }
  }
}
