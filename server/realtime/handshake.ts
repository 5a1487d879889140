import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import type { ErrorBody, ErrorCode } from '../../shared/errors.js';
import { speaksProtocol } from '../../shared/events.js';
import { SESSION_COOKIE } from '../auth/plugin.js';
import type { Session } from '../auth/sessions.js';
import type { Domain } from '../domain.js';
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
 * The staff session a handshake carries, checked as every staff door checks it: the signed cookie, a live
 * session, no password change pending. The one check for every staff namespace (`/studio`, `/media`), so
 * they cannot drift apart; it throws the DomainError (`unauthorized`, `password_change_required`) whose code
 * the namespace's refusal carries. Role checks stay with each namespace: they differ.
 */
export async function staffSession(app: FastifyInstance, domain: Domain, socket: Socket): Promise<{ sessionId: string; session: Session }> {
  const sessionId = handshakeSessionId(app, socket);
  const session = await domain.sessions.findActing(sessionId);
  // findActing refuses a missing id, so a session found means the cookie named one.
  return { sessionId: sessionId ?? '', session };
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
