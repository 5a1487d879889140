import type { z, ZodType } from 'zod';
import type { Ack, ErrorBody } from '../../shared/errors.js';
import { toErrorBody, zodErrorBody } from '../http/errors.js';
import type { Lang } from '../http/i18n.js';

export interface AckOptions {
  /** The socket's language, read when the answer is made. */
  lang: () => Lang;
  /** Logs a failure the client cannot be blamed for (a 5xx). */
  logFailure: (err: unknown) => void;
  /** Turns a library's own error into a domain error before it is answered. */
  mapError?: (err: unknown) => unknown;
  /** Runs after an error answer went out (e.g. closing the socket of an ended session). */
  afterError?: (body: ErrorBody) => void;
}

/**
 * The one way a socket event is answered: the payload is parsed with zod, the work runs, and the ack
 * always gets `{ ok: true, data }` or the same error body HTTP would send. A message without an ack
 * callback is still handled, and nothing it sends can throw out of the handler.
 */
export function ackHandler<S extends ZodType, T>(schema: S, run: (input: z.output<S>) => Promise<T> | T, o: AckOptions) {
  return (payload: unknown, ack?: (r: Ack<T>) => void): void => {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) return reply({ ok: false, error: zodErrorBody(parsed.error, o.lang()) });
    Promise.resolve()
      .then(() => run(parsed.data))
      .then(
        (data) => reply({ ok: true, data }),
        (err: unknown) => {
          const { status, body } = toErrorBody(o.mapError ? o.mapError(err) : err, o.lang());
          if (status >= 500) o.logFailure(err);
          reply({ ok: false, error: body });
          o.afterError?.(body);
        },
      );
  };
}
