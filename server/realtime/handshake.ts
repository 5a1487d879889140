import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import { SESSION_COOKIE } from '../auth/plugin.js';
import { langFrom, type Lang } from '../http/i18n.js';

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
