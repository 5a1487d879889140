import { ApiError, fetchTicket } from '../lib/api.js';
import type { TicketView } from '../lib/contract.js';

export type TicketLoad = 'loading' | 'ready' | 'not_found' | 'failed';

// The asker may keep the page open through the broadcast; a gentle poll shows the answer arriving.
const POLL_MS = 30_000;

/** One question seen through its ticket (回执) on the asker's page. */
export class TicketStatus {
  #load = $state<TicketLoad>('loading');
  #view = $state.raw<TicketView | null>(null);
  #ticket: string;

  constructor(ticket: string) {
    this.#ticket = ticket;
  }

  get load() {
    return this.#load;
  }
  get view() {
    return this.#view;
  }

  /** The retry button: show the spinner again, then load. */
  retry(): Promise<void> {
    this.#load = 'loading';
    return this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.#view = await fetchTicket(this.#ticket);
      this.#load = 'ready';
    } catch (error) {
      // Keep showing the last known status if a later poll fails.
      if (this.#load === 'ready') return;
      this.#load = error instanceof ApiError && error.status === 404 ? 'not_found' : 'failed';
    }
  }

  /** Loads now, then polls while the page is visible; returns a stop function. */
  start(): () => void {
    void this.refresh();
    const timer = setInterval(() => {
      if (!document.hidden) void this.refresh();
    }, POLL_MS);
    const onVisible = () => {
      if (!document.hidden) void this.refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }
}
