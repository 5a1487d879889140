import { ApiError, fetchTicket } from '../lib/api.js';
import type { TicketView } from '../lib/contract.js';
import { connectViewer, type ViewerConnection } from '../lib/socket.js';

export type TicketLoad = 'loading' | 'ready' | 'not_found' | 'failed';

// The live channel pushes every change; only while it is down is the status fetched, gently.
const FALLBACK_POLL_MS = 30_000;

/** One question seen through its ticket (回执) on the asker's page, kept current as it changes. */
export class TicketStatus {
  #load = $state<TicketLoad>('loading');
  #view = $state.raw<TicketView | null>(null);
  #ticket: string;
  /** Set while started: joins the live channel once an answer has named the interview. */
  #onLoaded: (() => void) | null = null;

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
      this.#onLoaded?.();
    } catch (error) {
      // Keep showing the last known status if a later fetch fails.
      if (this.#load === 'ready') return;
      this.#load = error instanceof ApiError && error.status === 404 ? 'not_found' : 'failed';
    }
  }

  /**
   * Loads now, then follows the question on the interview's live channel (which the first answer names);
   * polls only while that channel is down. Returns a stop function.
   */
  start(): () => void {
    let connection: ViewerConnection | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    const stopPolling = () => {
      if (poll) clearInterval(poll);
      poll = null;
    };

    const connect = () => {
      const view = this.#view;
      if (connection || !view) return;
      connection = connectViewer(
        view.interview.slug,
        {
          mine: (v) => {
            if (v.id === this.#view?.id) this.#view = v;
          },
          online: stopPolling,
          offline: () => {
            poll ??= setInterval(() => {
              if (document.hidden) return;
              // An answer that lands after the channel is back is older than what it pushes.
              fetchTicket(this.#ticket).then(
                (v) => {
                  if (poll) this.#view = v;
                },
                () => undefined,
              );
            }, FALLBACK_POLL_MS);
          },
        },
        { ticketsOnly: true },
      );
      connection.follow([this.#ticket]);
    };

    // Also after the retry button, when the first answer failed.
    this.#onLoaded = connect;
    void this.refresh();
    return () => {
      this.#onLoaded = null;
      stopPolling();
      connection?.close();
    };
  }
}
