import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { MODERATORS, HOSTS, ROLES, type Role } from '../../shared/roles.js';
import { AuditEntry } from '../../shared/schemas/audit.js';
import { StaffUser, UserCreate, UserUpdate } from '../../shared/schemas/auth.js';
import { InterviewCreate, InterviewReopen, InterviewStaff, InterviewUpdate } from '../../shared/schemas/interview.js';
import { QuestionEdit, QuestionStaff, QuestionTransition, QueueOrder } from '../../shared/schemas/question.js';
import { SensitiveWords } from '../../shared/schemas/settings.js';
import { listAudit } from '../audit/log.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const ALL_STAFF: readonly Role[] = ROLES;

/** Staff endpoints under /api/studio: every one checks the session and the role; mutations check CSRF. */
export function studioRoutes(domain: Domain): FastifyPluginAsyncZod {
  const staff = (roles: readonly Role[] = ALL_STAFF) => requireStaff(domain.sessions, roles);
  return async (app) => {
    app.get('/api/studio/users', { schema: { tags: ['studio'], response: { 200: z.array(StaffUser), ...errors } }, preHandler: staff(['admin']) }, async () =>
      domain.users.list(),
    );
    app.post(
      '/api/studio/users',
      { schema: { tags: ['studio'], body: UserCreate, response: { 201: StaffUser, ...errors } }, preHandler: staff(['admin']) },
      async (req, reply) => reply.code(201).send(await domain.users.create(req.body, actorOf(req))),
    );
    app.patch(
      '/api/studio/users/:id',
      { schema: { tags: ['studio'], params: IdParams, body: UserUpdate, response: { 200: StaffUser, ...errors } }, preHandler: staff(['admin']) },
      async (req) => domain.users.update(req.params.id, req.body, actorOf(req)),
    );

    app.get('/api/studio/interviews', { schema: { tags: ['studio'], response: { 200: z.array(InterviewStaff), ...errors } }, preHandler: staff() }, async () =>
      domain.interviews.list({ publicOnly: false }),
    );
    app.post(
      '/api/studio/interviews',
      { schema: { tags: ['studio'], body: InterviewCreate, response: { 201: InterviewStaff, ...errors } }, preHandler: staff(['admin']) },
      async (req, reply) => reply.code(201).send(await domain.interviews.create(req.body, actorOf(req))),
    );
    app.get(
      '/api/studio/interviews/:id',
      { schema: { tags: ['studio'], params: IdParams, response: { 200: InterviewStaff, ...errors } }, preHandler: staff() },
      async (req) => domain.interviews.getById(req.params.id),
    );
    app.patch(
      '/api/studio/interviews/:id',
      { schema: { tags: ['studio'], params: IdParams, body: InterviewUpdate, response: { 200: InterviewStaff, ...errors } }, preHandler: staff() },
      async (req) => domain.interviews.update(req.params.id, req.body, actorOf(req)),
    );
    app.post(
      '/api/studio/interviews/:id/reopen',
      {
        schema: {
          tags: ['studio'],
          description: 'Admins only: takes an interview ended by mistake back on air, on the day it ended (site zone); audited with the reason.',
          params: IdParams,
          body: InterviewReopen,
          response: { 200: InterviewStaff, ...errors },
        },
        preHandler: staff(['admin']),
      },
      async (req) => domain.interviews.reopen(req.params.id, req.body.reason, actorOf(req)),
    );

    app.get(
      '/api/studio/interviews/:id/questions',
      { schema: { tags: ['studio'], params: IdParams, response: { 200: z.array(QuestionStaff), ...errors } }, preHandler: staff() },
      async (req) => domain.questions.listStaff(req.params.id),
    );
    app.put(
      '/api/studio/interviews/:id/queue',
      { schema: { tags: ['studio'], params: IdParams, body: QueueOrder, response: { 200: z.array(QuestionStaff), ...errors } }, preHandler: staff(HOSTS) },
      async (req) => domain.questions.reorder(req.params.id, req.body.order, actorOf(req)),
    );
    app.post(
      '/api/studio/questions/:id/transition',
      { schema: { tags: ['studio'], params: IdParams, body: QuestionTransition, response: { 200: QuestionStaff, ...errors } }, preHandler: staff() },
      async (req) => domain.questions.transition(req.params.id, req.body, actorOf(req)),
    );
    app.patch(
      '/api/studio/questions/:id',
      { schema: { tags: ['studio'], params: IdParams, body: QuestionEdit, response: { 200: QuestionStaff, ...errors } }, preHandler: staff(MODERATORS) },
      async (req) => domain.questions.edit(req.params.id, req.body.publicContent, actorOf(req)),
    );
    app.get(
      '/api/studio/questions/:id/contact',
      {
        schema: { tags: ['studio'], params: IdParams, response: { 200: z.object({ contact: z.string().nullable() }), ...errors } },
        preHandler: staff(MODERATORS),
      },
      async (req) => ({ contact: await domain.questions.contact(req.params.id, actorOf(req)) }),
    );

    app.get(
      '/api/studio/audit',
      {
        schema: {
          tags: ['studio'],
          querystring: z.object({
            entity: z.string().max(40).optional(),
            entityId: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(200),
          }),
          response: { 200: z.array(AuditEntry), ...errors },
        },
        preHandler: staff(['admin', 'reviewer', 'host']),
      },
      async (req) => listAudit(domain.db, req.query),
    );

    app.get(
      '/api/studio/settings/sensitive-words',
      { schema: { tags: ['studio'], response: { 200: SensitiveWords, ...errors } }, preHandler: staff(MODERATORS) },
      async () => ({ words: await domain.words.get() }),
    );
    app.put(
      '/api/studio/settings/sensitive-words',
      { schema: { tags: ['studio'], body: SensitiveWords, response: { 200: SensitiveWords, ...errors } }, preHandler: staff(['admin']) },
      async (req) => ({ words: await domain.words.set(req.body.words, actorOf(req)) }),
    );
  };
}
