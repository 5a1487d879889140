import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { CREW } from '../../shared/roles.js';
import { ChatHistory, ChatHistoryQuery, ChatMessage, ChatPost } from '../../shared/schemas/chat.js';
import { requireStaff } from '../auth/plugin.js';
import { crewMember, type CrewMember } from '../chat/service.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';
import { perStaffSession } from '../http/rate-limits.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The signed-in staff member as the chat sees it. */
function memberOf(req: FastifyRequest): CrewMember {
  const user = req.staff?.user;
  if (!user) throw new DomainError('unauthorized');
  return crewMember(user);
}

/**
 * The crew back channel over HTTP. Posting has this one door (CSRF-checked like every staff mutation, the
 * answer localised); the `/crew` socket only brings the messages to whoever has the chat open.
 */
export function chatRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const crew = requireStaff(domain.sessions, CREW);
  return async (app) => {
    app.post(
      '/api/studio/interviews/:id/chat',
      {
        schema: {
          tags: ['studio'],
          description:
            'Post to the crew chat (staff only, never public). Mentions such as @导播 or @director are stored as roles. ' +
            "409 chat_closed once the interview has ended; 404 for a unit liaison when it is another unit's interview.",
          params: IdParams,
          body: ChatPost,
          response: { 201: ChatMessage, ...errors },
        },
        preHandler: crew,
        config: { rateLimit: perStaffSession(config.STAFF_POST_RATE_MAX) },
      },
      async (req, reply) => reply.code(201).send(await domain.chat.post(req.params.id, req.body.text, memberOf(req))),
    );
    app.get(
      '/api/studio/interviews/:id/chat',
      {
        schema: {
          tags: ['studio'],
          description: 'The crew chat, newest last: the latest page, or the page older than `before` (a message id).',
          params: IdParams,
          querystring: ChatHistoryQuery,
          response: { 200: ChatHistory, ...errors },
        },
        preHandler: crew,
      },
      async (req) => domain.chat.history(req.params.id, memberOf(req), req.query),
    );
  };
}
