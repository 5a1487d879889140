import type { AuditEntry } from '../../../shared/schemas/audit.js';
import { describeError } from './errors.js';

/**
 * One read of the audit log (oldest entry first, as the server answers): a question's history or the admin
 * page's table.
 * Only the latest request counts, so a slow answer to an older filter never replaces a newer one.
 */
export class AuditQuery {
  entries = $state<AuditEntry[] | null>(null);
  loading = $state(false);
  /** Why the last read failed, in the UI language; '' when it did not. */
  error = $state('');
  /** Whether the last page was full, so older entries may remain (the table offers to load them). */
  more = $state(false);
  #seq = 0;

  /** Runs one read (e.g. `() => auditService.history(id)`); a newer call supersedes it. */
  async load(read: () => Promise<AuditEntry[]>, pageSize?: number, older = false): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = '';
    try {
      const list = await read();
      if (seq !== this.#seq) return;
      // An older page goes before what is shown (the list is oldest first).
      this.entries = older && this.entries ? [...list, ...this.entries] : list;
      this.more = pageSize !== undefined && list.length === pageSize;
    } catch (err) {
      if (seq !== this.#seq) return;
      const { title, detail } = describeError(err);
      this.error = detail ? `${title} ${detail}` : title;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
