import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/roles.js';
import type { StaffActor } from '../questions/service.js';
import { DomainError } from '../http/errors.js';
import type { Session, SessionStore } from './sessions.js';

export const SESSION_COOKIE = 'fangtan_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, set by requireStaff. */
    staff?: Session & { sessionId: string };
  }
}

/** Reads and verifies the signed session cookie, returning the raw session id. */
export function sessionIdFrom(req: FastifyRequest): string | undefined {
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = req.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A preHandler for staff routes: a live session, one of `roles` if given, and for anything that
 * changes state the session's CSRF token in `x-csrf-token` (a cross-site form cannot set headers).
 * While a password change is forced only the routes that pass `pendingPasswordChange: 'allow'` open.
 */
export function requireStaff(sessions: SessionStore, roles?: readonly Role[], opts: { pendingPasswordChange?: 'allow' } = {}) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const id = sessionIdFrom(req);
    const session = await sessions.findActing(id, opts);
    if (!id) throw new DomainError('unauthorized');
    if (roles && !roles.includes(session.user.role)) throw new DomainError('forbidden');
    if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
      throw new DomainError('csrf');
    }
    req.staff = { ...session, sessionId: id };
  };
}

/** The audit actor for a request that passed requireStaff. */
export function actorOf(req: FastifyRequest): StaffActor {
  const s = req.staff;
  if (!s) throw new DomainError('unauthorized');
  return { id: s.user.id, name: s.user.username, role: s.user.role };
}
