import type { ErrorBody } from '../../../shared/errors.js';
import { ApiError } from './api.js';
import { t } from './i18n/index.svelte.js';
import { MediaError } from './media/signal.js';
import { toasts } from './toasts.svelte.js';

export interface ErrorText {
  /** The error code in the UI language. */
  title: string;
  /** The server's own (already localised) message when it says more than the title. */
  detail: string;
}

/** Turns an error body from HTTP or a socket ack into text for the current UI language. */
export function describeBody(body: ErrorBody, status = 400): ErrorText {
  if (status === 0) return { title: t('error.network'), detail: '' };
  const title = t(`error.${body.error}`);
  if (body.error === 'internal' && !body.message && status < 500) return { title: t('error.unexpected'), detail: '' };
  // Where the server said the reason alone (another unit's interview, a file of the wrong kind), so does the
  // page: "you may not do this" above "this is another unit's interview" contradicts it.
  if (body.reason && body.message === body.reason) return { title: body.reason, detail: '' };
  if (body.reason) return { title, detail: body.reason };
  // The server's wording often is the title without its closing full stop: saying it twice helps nobody.
  const bare = (s: string) => s.replace(/[。.！!]+$/u, '');
  const detail = body.message && bare(body.message) !== bare(title) ? body.message : '';
  return { title, detail };
}

/** The same for anything thrown. */
export function describeError(err: unknown): ErrorText {
  if (err instanceof ApiError) return describeBody(err.body, err.status);
  if (err instanceof MediaError) return describeBody(err.body);
  console.error(err);
  return { title: t('error.internal'), detail: '' };
}

/** Shows an error as a toast. Field errors are shown by the form next to the inputs instead (see FormErrors). */
export function reportError(err: unknown): void {
  const { title, detail } = describeError(err);
  toasts.error(title, detail);
}
