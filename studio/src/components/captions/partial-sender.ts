/**
 * How often viewers get the line being typed: often enough that the words appear as they are typed, rarely
 * enough that a fast typist does not flood the server (which drops partials closer than ~100 ms anyway).
 */
export const PARTIAL_INTERVAL_MS = 150;

/**
 * Sends the line being typed as a partial at most every `intervalMs`: the first keystroke at once, later
 * ones gathered and sent when the interval is over, so the last text typed always goes out.
 */
export class PartialSender {
  #last = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: string | null = null;
  readonly #send: (text: string) => void;
  readonly #intervalMs: number;

  constructor(send: (text: string) => void, intervalMs = PARTIAL_INTERVAL_MS) {
    this.#send = send;
    this.#intervalMs = intervalMs;
  }

  /** The box now holds `text`. */
  update(text: string): void {
    this.#pending = text;
    const wait = this.#last + this.#intervalMs - Date.now();
    if (wait <= 0) return this.#flush();
    this.#timer ??= setTimeout(() => this.#flush(), wait);
  }

  /** Forgets what was waiting to go out: Enter sends the whole line as a final instead. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = null;
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending === null) return;
    const text = this.#pending;
    this.#pending = null;
    this.#last = Date.now();
    this.#send(text);
  }
}
