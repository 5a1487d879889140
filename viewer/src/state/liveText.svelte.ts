import type { LiveTextPublic } from '../lib/contract.js';

/**
 * The live text feed (图文直播) as a viewer reads it: the published entries by id, newest first. A
 * correction re-sends the same id and replaces the entry; a withdrawal removes it. Fed by the `/viewer`
 * socket and by GET …/livetext (for a late joiner, and after the broadcast).
 */
export class LiveTextFeed {
  #entries = $state.raw<ReadonlyMap<number, LiveTextPublic>>(new Map());
  // A withdrawn entry must not come back with a GET answer read before the withdrawal.
  #removed = new Set<number>();

  /** Newest first: the reader opens the tab to see what just went out. */
  readonly entries: LiveTextPublic[] = $derived(
    [...this.#entries.values()].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id),
  );

  upsert(entry: LiveTextPublic): void {
    if (this.#removed.has(entry.id)) return;
    this.#entries = new Map(this.#entries).set(entry.id, entry);
  }

  remove(id: number): void {
    this.#removed.add(id);
    if (!this.#entries.has(id)) return;
    const next = new Map(this.#entries);
    next.delete(id);
    this.#entries = next;
  }

  /** The published entries from HTTP: merged in, so what the socket brought meanwhile is kept. */
  loaded(entries: readonly LiveTextPublic[]): void {
    const next = new Map(this.#entries);
    for (const e of entries) if (!this.#removed.has(e.id) && !next.has(e.id)) next.set(e.id, e);
    this.#entries = next;
  }
}
