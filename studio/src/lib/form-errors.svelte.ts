import { ApiError } from './api.js';
import { describeError } from './errors.js';

/** Codes of a clash with another record; with a field named, the field's message says it all. */
const CLASHES = new Set(['conflict', 'username_taken']);

/**
 * Server-side validation messages for one form, by field path ("title", "guests.0.name"), plus a line for
 * whatever the fields do not explain. Inputs keep their values: only these messages change.
 */
export class FormErrors {
  #fields = $state<Record<string, string>>({});
  // Kept as functions so the summary follows a language switch (t() reads the current language).
  #summary = $state<() => string>(() => '');
  #detail = $state('');

  get summary(): string {
    return this.#summary();
  }

  get detail(): string {
    return this.#detail;
  }

  get any(): boolean {
    return this.summary !== '' || Object.keys(this.#fields).length > 0;
  }

  /** The message for one field, or '' when it is fine. */
  field(path: string): string {
    return this.#fields[path] ?? '';
  }

  /** An id for `aria-describedby` that only exists while the field has an error. */
  describedBy(id: string, path: string): string | undefined {
    return this.#fields[path] ? `${id}-error` : undefined;
  }

  clear(): void {
    this.#fields = {};
    this.#summary = () => '';
    this.#detail = '';
  }

  setLocal(path: string, message: string): void {
    this.#fields = { ...this.#fields, [path]: message };
  }

  /** Fills the messages from a failed request; `title` replaces the generic wording of the error code. */
  set(err: unknown, title?: () => string): void {
    const fields: Record<string, string> = {};
    if (err instanceof ApiError) {
      for (const f of err.body.fields ?? []) fields[f.field] ??= f.message;
    }
    this.#fields = fields;
    // A clash that names its field (a taken username or slug) is said at that field alone: the summary of a
    // conflict would wrongly say that someone else changed the record.
    const clashAtField = err instanceof ApiError && CLASHES.has(err.body.error) && Object.keys(fields).length > 0;
    this.#summary = title ?? (clashAtField ? () => '' : () => describeError(err).title);
    // With field messages next to the inputs, the server's general message would repeat them.
    this.#detail = Object.keys(fields).length > 0 ? '' : describeError(err).detail;
  }
}
