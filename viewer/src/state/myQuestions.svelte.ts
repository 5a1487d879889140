import { ApiError, fetchTicket } from '../lib/api.js';
import type { TicketView } from '../lib/contract.js';
import { loadSaved, saveQuestion, type SavedQuestion } from '../lib/storage.js';

export type MyQuestion = {
  saved: SavedQuestion;
  /** The server's latest word on it; null until the first answer. */
  view: TicketView | null;
  check: 'checking' | 'ok' | 'missing' | 'failed';
};

// Pending questions can be approved or rejected without any public event (a rejection is not
// broadcast), so their status is also polled, gently.
const POLL_MS = 60_000;
const FINAL: readonly string[] = ['answered', 'answered_in_writing'];

/**
 * The asker's own questions for one interview (我的提问): remembered in this browser by ticket, with
 * each one's live status fetched from the server.
 */
export class MyQuestions {
  #items = $state.raw<MyQuestion[]>([]);
  #slug: string;

  constructor(slug: string) {
    this.#slug = slug;
    this.#items = loadSaved(slug).map((saved) => ({ saved, view: null, check: 'checking' }));
  }

  get items() {
    return this.#items;
  }

  /** Remembers a question just submitted and fetches its status. */
  add(entry: { ticket: string; id: number; content: string }): void {
    const saved = saveQuestion({ ...entry, slug: this.#slug });
    this.#items = [{ saved, view: null, check: 'checking' }, ...this.#items.filter((i) => i.saved.ticket !== saved.ticket)];
    void this.refresh(saved.ticket);
  }

  /** A public event touched question `id`; if it is ours, its status may have changed. */
  changed(id: number): void {
    const mine = this.#items.find((i) => i.saved.id === id);
    if (mine) void this.refresh(mine.saved.ticket);
  }

  refreshAll(): void {
    for (const item of this.#items) {
      if (!FINAL.includes(item.view?.status ?? '')) void this.refresh(item.saved.ticket);
    }
  }

  async refresh(ticket: string): Promise<void> {
    let patch: Pick<MyQuestion, 'view' | 'check'> | Pick<MyQuestion, 'check'>;
    try {
      patch = { view: await fetchTicket(ticket), check: 'ok' };
    } catch (error) {
      patch = { check: error instanceof ApiError && error.status === 404 ? 'missing' : 'failed' };
    }
    this.#items = this.#items.map((i) => (i.saved.ticket === ticket ? { ...i, ...patch } : i));
  }

  /** Fetches every status now and then every minute while the page is visible; returns a stop function. */
  start(): () => void {
    this.refreshAll();
    const timer = setInterval(() => {
      if (!document.hidden) this.refreshAll();
    }, POLL_MS);
    return () => clearInterval(timer);
  }
}
