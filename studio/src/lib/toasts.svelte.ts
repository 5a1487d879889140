export type ToastKind = 'error' | 'success';
export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  detail: string;
  /** A notice of the same sort replaces this one (e.g. each reorder replaces the previous "moved" line). */
  replaces?: string;
}

// Long enough to read a line of Chinese twice; the clock stops while the pointer or focus is on a notice.
const SUCCESS_MS = 6000;
// After a pause, a notice stays at least this long so it does not vanish as the pointer leaves it.
const AFTER_HOLD_MS = 2000;
const MAX_TOASTS = 4;

/**
 * Short messages (提示) beside the user menu. Confirmations go away by themselves; errors stay until dismissed:
 * a reviewer must not miss a refused decision. Every one can be dismissed.
 */
class Toasts {
  #items = $state<Toast[]>([]);
  #next = 1;
  /** How many notices are being read right now; the clocks run only at 0. */
  #readers = 0;
  /** Confirmations still counting down: time left, and the timer while it runs. */
  #clocks = new Map<number, { left: number; since: number; timer?: ReturnType<typeof setTimeout> }>();

  /** Oldest first. */
  get items(): readonly Toast[] {
    return this.#items;
  }

  /** A confirmation. `replaces` names its sort, so a newer one of the same sort takes the older one's place. */
  success(title: string, options: { replaces?: string } = {}): void {
    const older = options.replaces ? this.#items.find((x) => x.replaces === options.replaces) : undefined;
    if (older) this.dismiss(older.id);
    const id = this.#push({ kind: 'success', title, detail: '', ...options });
    this.#clocks.set(id, { left: SUCCESS_MS, since: Date.now() });
    this.#run(id);
  }

  error(title: string, detail = ''): void {
    this.#push({ kind: 'error', title, detail });
  }

  clear(): void {
    for (const id of [...this.#clocks.keys()]) this.#stop(id);
    this.#items = [];
  }

  dismiss(id: number): void {
    this.#stop(id);
    this.#items = this.#items.filter((x) => x.id !== id);
  }

  /** Stops the clocks while someone reads (pointer over, or focus on, a notice); each call pairs with `release`. */
  hold(): void {
    if (this.#readers++ > 0) return;
    for (const [id, clock] of this.#clocks) {
      clearTimeout(clock.timer);
      this.#clocks.set(id, { left: clock.left - (Date.now() - clock.since), since: Date.now() });
    }
  }

  release(): void {
    if (this.#readers === 0 || --this.#readers > 0) return;
    for (const [id, clock] of this.#clocks) {
      this.#clocks.set(id, { left: Math.max(clock.left, AFTER_HOLD_MS), since: Date.now() });
      this.#run(id);
    }
  }

  #run(id: number): void {
    const clock = this.#clocks.get(id);
    if (!clock || this.#readers > 0) return;
    clock.timer = setTimeout(() => this.dismiss(id), clock.left);
  }

  #stop(id: number): void {
    clearTimeout(this.#clocks.get(id)?.timer);
    this.#clocks.delete(id);
  }

  #push(t: Omit<Toast, 'id'>): number {
    const id = this.#next++;
    const items = [...this.#items, { ...t, id }];
    // Over the limit, the oldest confirmation goes first: an error waits for its reader.
    while (items.length > MAX_TOASTS) {
      const i = items.findIndex((x) => x.kind === 'success');
      const [gone] = items.splice(i < 0 ? 0 : i, 1);
      this.#stop(gone!.id);
    }
    this.#items = items;
    return id;
  }
}

export const toasts = new Toasts();
