import { ApiError, fetchTicket } from '../lib/api.js';
import type { TicketView } from '../lib/contract.js';
import { loadSaved, saveQuestion, type SavedQuestion } from '../lib/storage.js';

export type MyQuestion = {
  saved: SavedQuestion;
  /** The server's latest word on it; null until the first answer. */
  view: TicketView | null;
  check: 'checking' | 'ok' | 'missing' | 'failed';
};

// The live channel pushes every change; only while it is down are the statuses fetched, gently.
const FALLBACK_POLL_MS = 60_000;

/**
 * The asker's own questions for one interview (我的提问): remembered in this browser by ticket, with
 * each one's status pushed by the server as it changes (see `interviewSession.ts`).
 */
export class MyQuestions {
  #items = $state.raw<MyQuestion[]>([]);
  #slug: string;
  #poll: ReturnType<typeof setInterval> | null = null;

  constructor(slug: string) {
    this.#slug = slug;
    this.#items = loadSaved(slug).map((saved) => ({ saved, view: null, check: 'checking' }));
  }

  get items() {
    return this.#items;
  }

  /** The tickets to follow on the live channel. */
  get tickets(): string[] {
    return this.#items.map((i) => i.saved.ticket);
  }

  /** Remembers a question just submitted; returns its ticket for the live channel to follow. */
  add(entry: { ticket: string; id: number; content: string }): string {
    const saved = saveQuestion({ ...entry, slug: this.#slug });
    this.#items = [{ saved, view: null, check: 'checking' }, ...this.#items.filter((i) => i.saved.ticket !== saved.ticket)];
    if (this.#poll) void this.refresh(saved.ticket);
    return saved.ticket;
  }

  /** The server's latest view of one of our questions. */
  apply(view: TicketView): void {
    this.#items = this.#items.map((i) => (i.saved.id === view.id ? { ...i, view, check: 'ok' } : i));
  }

  /** The server opens no question with this ticket (any more). */
  refused(ticket: string): void {
    this.#items = this.#items.map((i) => (i.saved.ticket === ticket ? { ...i, check: 'missing' } : i));
  }

  /** The live channel is up (pushes arrive) or down (fetch now, then every minute while visible). */
  setLive(live: boolean): void {
    if (live) {
      this.stop();
    } else if (!this.#poll) {
      this.#refreshAll();
      this.#poll = setInterval(() => {
        if (!document.hidden) this.#refreshAll();
      }, FALLBACK_POLL_MS);
    }
  }

  stop(): void {
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = null;
  }

  #refreshAll(): void {
    for (const item of this.#items) {
      if (item.view?.status !== 'answered' && item.view?.status !== 'answered_in_writing') void this.refresh(item.saved.ticket);
    }
  }

  private async refresh(ticket: string): Promise<void> {
    let patch: Pick<MyQuestion, 'view' | 'check'> | Pick<MyQuestion, 'check'>;
    try {
      patch = { view: await fetchTicket(ticket), check: 'ok' };
    } catch (error) {
      patch = { check: error instanceof ApiError && error.status === 404 ? 'missing' : 'failed' };
    }
    // The live channel came back meanwhile: what it pushes is newer than this answer.
    if (!this.#poll) return;
    this.#items = this.#items.map((i) => (i.saved.ticket === ticket ? { ...i, ...patch } : i));
  }
}
