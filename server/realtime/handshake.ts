import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import type { ErrorBody, ErrorCode } from '../../shared/errors.js';
import { speaksProtocol } from '../../shared/events.js';
import { SESSION_COOKIE } from '../auth/plugin.js';
import { errorMessage, langFrom, type Lang } from '../http/i18n.js';

/** The language a socket speaks: the UI's choice sent in the handshake, else the browser's header. */
export function handshakeLang(socket: Socket): Lang {
  const chosen = (socket.handshake.auth as { language?: unknown } | undefined)?.language;
  return langFrom(typeof chosen === 'string' ? chosen : socket.handshake.headers['accept-language']);
}

/** The staff session id from the handshake's signed cookie, if it carries a valid one. */
export function handshakeSessionId(app: FastifyInstance, socket: Socket): string | undefined {
  const header = socket.handshake.headers.cookie;
  if (!header) return undefined;
  const raw = app.parseCookie(header)[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = app.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

/**
 * Namespace middleware, first on every namespace: a client built for other events is refused before
 * anything else is checked. The refusal's message is the error code, as for every refused handshake;
 * its `data` is the error body, so a page can show the sentence in its language.
 */
export function refuseOtherProtocols(socket: Socket, next: (err?: Error) => void): void {
  const stated = (socket.handshake.auth as { protocol?: unknown } | undefined)?.protocol;
  if (speaksProtocol(stated)) return next();
  const code: ErrorCode = 'protocol_version';
  const body: ErrorBody = { error: code, message: errorMessage(code, handshakeLang(socket)) };
  next(Object.assign(new Error(code), { data: body }));
}
