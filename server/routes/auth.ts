import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '../../shared/errors.js';
import { Login, Me, PasswordChange } from '../../shared/schemas/auth.js';
import { recordAudit } from '../audit/log.js';
import { actorOf, requireStaff, SESSION_COOKIE, sessionIdFrom } from '../auth/plugin.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';

/** Staff sign-in with an http-only, signed, same-site session cookie. */
export function authRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  // Who is signed in, signing out and changing the password stay open while a change is forced.
  const signedIn = requireStaff(domain.sessions, undefined, { pendingPasswordChange: 'allow' });
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        schema: { tags: ['auth'], body: Login, response: { 200: Me, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody } },
        config: { rateLimit: { max: config.LOGIN_RATE_MAX, timeWindow: 60_000 } },
      },
      async (req, reply) => {
        const user = await domain.users.authenticate(req.body.username, req.body.password);
        if (!user) {
          req.log.warn({ username: req.body.username }, 'login failed');
          throw new DomainError('unauthorized', 'password', 'bad_credentials');
        }
        const session = await domain.sessions.create(user.id);
        await recordAudit(domain.db, { actor: { id: user.id, name: user.username, role: user.role }, action: 'auth.login', entity: 'user', entityId: user.id });
        reply.setCookie(SESSION_COOKIE, session.id, {
          httpOnly: true,
          sameSite: 'strict',
          secure: config.COOKIE_SECURE,
          path: '/',
          signed: true,
          expires: session.expiresAt,
        });
        return { user, csrfToken: session.csrfToken };
      },
    );

    app.get(
      '/api/auth/me',
      { schema: { tags: ['auth'], response: { 200: Me, 401: ErrorBody } }, preHandler: signedIn },
      async (req) => ({ user: req.staff!.user, csrfToken: req.staff!.csrfToken }),
    );

    app.post(
      '/api/auth/password',
      {
        schema: {
          tags: ['auth'],
          description: 'Changes the signed-in user’s own password; ends their other sessions and keeps this one.',
          body: PasswordChange,
          response: { 200: Me, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
        },
        // The current password is checked here, so this is a guessing door like the login.
        config: { rateLimit: { max: config.LOGIN_RATE_MAX, timeWindow: 60_000 } },
        preHandler: signedIn,
      },
      async (req) => {
        const staff = req.staff!;
        const user = await domain.users.changeOwnPassword(staff.user.id, staff.sessionId, req.body, actorOf(req));
        return { user, csrfToken: staff.csrfToken };
      },
    );

    app.post('/api/auth/logout', { schema: { tags: ['auth'] }, preHandler: signedIn }, async (req, reply) => {
      const id = sessionIdFrom(req);
      if (id) await domain.sessions.destroy(id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    });
  };
}
