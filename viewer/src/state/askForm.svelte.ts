import { ApiError, submitQuestion } from '../lib/api.js';
import { QUESTION_MAX_LENGTH, type QuestionSubmitted } from '../lib/contract.js';
import { sentence, t, type MessageKey } from '../lib/i18n.js';

export const ASK_FIELDS = ['content', 'nickname', 'contact'] as const;
export type AskField = (typeof ASK_FIELDS)[number];

// Used when the server's answer carries no readable message (a proxy's error page, say).
const OWN_WORDS: Partial<Record<number, MessageKey>> = {
  404: 'ask.error.not_found',
  409: 'ask.error.interview_closed',
  429: 'ask.error.rate_limited',
};

/** A successful submission, with what the success panel needs. */
export type Submitted = QuestionSubmitted & { content: string };

/**
 * The ask form (我要提问). Whatever goes wrong, the typed text stays: a netizen who wrote a long
 * question and lost it to a network hiccup will not write it again.
 */
export class AskForm {
  content = $state('');
  nickname = $state('');
  contact = $state('');

  #fieldErrors = $state<Partial<Record<AskField, string>>>({});
  #formError = $state<string | null>(null);
  #submitting = $state(false);
  #submitted = $state.raw<Submitted | null>(null);

  /** Counted as the server counts: trimmed, in UTF-16 code units (zod's `.max`). */
  readonly length = $derived(this.content.trim().length);
  readonly tooLong = $derived(this.length > QUESTION_MAX_LENGTH);

  get fieldErrors() {
    return this.#fieldErrors;
  }
  get formError() {
    return this.#formError;
  }
  get submitting() {
    return this.#submitting;
  }
  get submitted() {
    return this.#submitted;
  }
  get hasDraft() {
    return this.content.trim() !== '';
  }

  clearFieldError(field: AskField): void {
    if (!this.#fieldErrors[field]) return;
    const { [field]: _gone, ...rest } = this.#fieldErrors;
    this.#fieldErrors = rest;
  }

  /** Sends the question; resolves to the submission, or null when it failed and errors are shown. */
  async submit(slug: string): Promise<Submitted | null> {
    if (this.#submitting) return null;
    this.#formError = null;
    this.#fieldErrors = {};
    // Only the checks the counter already makes visible; the server judges everything else.
    if (!this.hasDraft) return this.#fail({ content: t('ask.empty') });
    if (this.tooLong) return this.#fail({ content: t('ask.tooLong', { max: QUESTION_MAX_LENGTH }) });

    this.#submitting = true;
    try {
      const answer = await submitQuestion(slug, {
        content: this.content,
        nickname: this.nickname.trim() || undefined,
        contact: this.contact.trim() || undefined,
      });
      this.#submitted = { ...answer, content: this.content.trim() };
      this.content = '';
      return this.#submitted;
    } catch (error) {
      this.#showError(error);
      return null;
    } finally {
      this.#submitting = false;
    }
  }

  /** Back from the success panel to an empty question (nickname and contact stay filled in). */
  again(): void {
    this.#submitted = null;
  }

  #fail(fields: Partial<Record<AskField, string>>): null {
    this.#fieldErrors = fields;
    this.#formError = t('ask.error.fields');
    return null;
  }

  #showError(error: unknown): void {
    if (!(error instanceof ApiError) || error.kind === 'network') {
      this.#formError = t('ask.error.kept', { message: t('ask.error.network') });
      return;
    }
    const body = error.body;
    if (error.status === 400 && body?.fields?.length) {
      const fields: Partial<Record<AskField, string>> = {};
      const unplaced: string[] = [];
      for (const f of body.fields) {
        // Paths may come as "content" or "body.content"; the last segment names the input.
        const name = f.field.split('.').pop() as AskField;
        if (ASK_FIELDS.includes(name) && !fields[name]) fields[name] = f.message;
        else unplaced.push(f.message);
      }
      this.#fieldErrors = fields;
      this.#formError = unplaced.length ? unplaced.join(' ') : t('ask.error.fields');
      return;
    }
    // The server's message is already in the UI language; our own words cover a missing body.
    const key = OWN_WORDS[error.status] ?? 'ask.error.generic';
    this.#formError = t('ask.error.kept', { message: body?.message ? sentence(body.message) : t(key) });
  }
}
