import type { CueStaff } from '../../shared/schemas/caption.js';

/** Partials of one line closer than this are merged: the desk sends at most every 150 ms, a burst is noise. */
export const PARTIAL_GAP_MS = 100;

/** A line being typed: its row exists (id, seq), its text lives here until it is sent. */
export interface OpenLine {
  cue: CueStaff;
  /** Its writer on its track (see writerKey in service.ts): one open line each. */
  key: string;
  /** The broadcast clock's zero when the line began. */
  clockZero: number;
  lastEmit: number;
  timer?: NodeJS.Timeout;
}

/**
 * The lines being typed, in memory: by id, by writer, and the rows still being written (a writer's next
 * partial waits for its line's id instead of beginning a second line).
 */
export class OpenLines {
  private readonly byId = new Map<number, OpenLine>();
  private readonly byWriter = new Map<string, number>();
  private readonly beginning = new Map<string, Promise<unknown>>();

  get(id: number): OpenLine | undefined {
    return this.byId.get(id);
  }

  /** The writer's line without waiting (undefined while its row is still being written). */
  peek(key: string): OpenLine | undefined {
    const id = this.byWriter.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** The writer's open line once no row of theirs is still being written. */
  async settled(key: string): Promise<OpenLine | undefined> {
    for (let pending = this.beginning.get(key); pending; pending = this.beginning.get(key)) await pending.catch(() => undefined);
    return this.peek(key);
  }

  /**
   * The writer's open line, or a new one begun with `write` (which stores its row) when there is none and
   * `write` is given. The last look and the beginning happen in one tick, so two partials arriving together
   * never begin two lines.
   */
  async acquire(key: string, clockZero: number, write?: () => Promise<CueStaff>): Promise<{ line: OpenLine; begun: boolean } | undefined> {
    for (let pending = this.beginning.get(key); pending; pending = this.beginning.get(key)) await pending.catch(() => undefined);
    const open = this.peek(key);
    if (open) return { line: open, begun: false };
    if (!write) return undefined;
    const begun = write().then((cue) => {
      const line: OpenLine = { cue, key, clockZero, lastEmit: Date.now() };
      this.byId.set(cue.id, line);
      this.byWriter.set(key, cue.id);
      return line;
    });
    this.beginning.set(key, begun);
    try {
      return { line: await begun, begun: true };
    } finally {
      this.beginning.delete(key);
    }
  }

  /** Takes a line out (it is being sent or dropped); the writer's next partial begins a new one. */
  detach(id: number): OpenLine | undefined {
    const line = this.byId.get(id);
    if (!line) return undefined;
    clearTimeout(line.timer);
    this.byId.delete(id);
    this.byWriter.delete(line.key);
    return line;
  }

  of(interviewId: number): OpenLine[] {
    return [...this.byId.values()].filter((l) => l.cue.interviewId === interviewId);
  }

  /** Calls `emit` with the line now, or once PARTIAL_GAP_MS has passed since it last went out (the latest text). */
  throttle(line: OpenLine, emit: (cue: CueStaff) => void): void {
    if (line.timer) return;
    const send = () => {
      line.timer = undefined;
      if (this.byId.get(line.cue.id) !== line) return;
      line.lastEmit = Date.now();
      emit({ ...line.cue });
    };
    const wait = line.lastEmit + PARTIAL_GAP_MS - Date.now();
    if (wait <= 0) send();
    else line.timer = setTimeout(send, wait);
  }
}
