/**
 * A live list a reader can hold still (WCAG 2.2.2 Pause, Stop, Hide): while held it shows the lines as
 * they stood when the reader paused, and counts the new ones instead of inserting them; resuming shows
 * everything. Corrections and withdrawals of held lines wait for the resume too, so nothing moves under
 * the reader's eyes.
 */
export class HeldFeed<T extends { id: number }> {
  #held = $state.raw<readonly T[] | null>(null);

  get paused(): boolean {
    return this.#held !== null;
  }

  /** What to show of the live list. */
  shown(live: readonly T[]): readonly T[] {
    return this.#held ?? live;
  }

  /** How many lines arrived since the pause. */
  waiting(live: readonly T[]): number {
    if (!this.#held) return 0;
    const seen = new Set(this.#held.map((x) => x.id));
    return live.filter((x) => !seen.has(x.id)).length;
  }

  pause(live: readonly T[]): void {
    this.#held = [...live];
  }

  resume(): void {
    this.#held = null;
  }
}
