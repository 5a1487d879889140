import type { InterviewStaff } from '../../../shared/schemas/interview.js';
import type { LiveTextStaff } from '../../../shared/schemas/livetext.js';
import { describeError } from './errors.js';
import { interviewsService } from './services/interviews.js';
import { livetextService } from './services/livetext.js';

/**
 * How often the live-text pages read the entries again. The liaison, whose approval page needs news most,
 * may not open the /studio socket (it carries every question of the interview), so both pages poll: a few
 * seconds is fast enough for a decision a person reads and takes, and one small query per open page.
 */
export const LIVETEXT_POLL_SECONDS = 3;

/** One interview's live-text entries for the desk and the approval page, kept fresh by polling. */
export class LiveTextFeed {
  #entries = $state<LiveTextStaff[] | null>(null);
  #interview = $state<InterviewStaff | null>(null);
  #error = $state('');
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(readonly interviewId: number) {}

  get entries(): LiveTextStaff[] {
    return this.#entries ?? [];
  }
  get loaded(): boolean {
    return this.#entries !== null && this.#interview !== null;
  }
  get interview(): InterviewStaff | null {
    return this.#interview;
  }
  get error(): string {
    return this.#error;
  }

  async start(): Promise<void> {
    await this.refresh(true);
    this.#timer = setInterval(() => void this.refresh(false), LIVETEXT_POLL_SECONDS * 1000);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Reads entries (and the interview, whose status and approval mode may change meanwhile) again. */
  async refresh(first: boolean): Promise<void> {
    try {
      const [interview, entries] = await Promise.all([interviewsService.get(this.interviewId), livetextService.list(this.interviewId)]);
      this.#interview = interview;
      this.#entries = entries;
      this.#error = '';
    } catch (err) {
      // A failed poll keeps what is shown; the next one may succeed. Only the first load says so at once.
      if (first || this.#entries === null) {
        const d = describeError(err);
        this.#error = [d.title, d.detail].filter(Boolean).join(' ');
      }
    }
  }

  /** Shows the server's answer to one's own action at once, without waiting for the next poll. */
  upsert(entry: LiveTextStaff): void {
    const list = this.#entries ?? [];
    const i = list.findIndex((e) => e.id === entry.id);
    this.#entries = i < 0 ? [entry, ...list] : list.map((e) => (e.id === entry.id ? entry : e));
  }
}
