import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { BROADCASTERS } from '../../shared/roles.js';
import { Invite, InviteCreate, InviteCreated, InviteView } from '../../shared/schemas/invite.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 410: ErrorBody };

/** Remote-guest invitations: directors (and hosts, admins) create and revoke; the guest's page reads one. */
export function inviteRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const staff = requireStaff(domain.sessions, BROADCASTERS);
  return async (app) => {
    app.post(
      '/api/studio/interviews/:id/invites',
      { schema: { tags: ['studio'], params: IdParams, body: InviteCreate, response: { 201: InviteCreated, ...errors } }, preHandler: staff },
      async (req, reply) => {
        const invite = await domain.invites.create(req.params.id, req.body, actorOf(req));
        // Behind a reverse proxy the request's own address is the internal one: PUBLIC_URL wins.
        const origin = config.PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;
        return reply.code(201).send({ ...invite, url: `${origin}/g/${invite.token}` });
      },
    );
    app.get(
      '/api/studio/interviews/:id/invites',
      { schema: { tags: ['studio'], params: IdParams, response: { 200: z.array(Invite), ...errors } }, preHandler: staff },
      async (req) => domain.invites.list(req.params.id),
    );
    app.delete(
      '/api/studio/invites/:id',
      { schema: { tags: ['studio'], params: IdParams, response: { 200: Invite, ...errors } }, preHandler: staff },
      async (req) => domain.invites.revoke(req.params.id, actorOf(req)),
    );
    app.get(
      '/api/invites/:token',
      { schema: { tags: ['public'], params: z.object({ token: z.string().min(10).max(100) }), response: { 200: InviteView, ...errors } } },
      async (req) => (await domain.invites.resolve(req.params.token)).view,
    );
  };
}
