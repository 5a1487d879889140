import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { MODERATORS, HOSTS, QUESTION_READERS, ROLES, type Role } from '../../shared/roles.js';
import { AuditVerification, QuestionHistoryEntry } from '../../shared/schemas/audit.js';
import { StaffUser, UserCreate, UserUpdate } from '../../shared/schemas/auth.js';
import { InterviewCreate, InterviewReopen, InterviewStaff, InterviewUpdate } from '../../shared/schemas/interview.js';
import { QuestionEdit, QuestionStaff, QuestionTransition, QueueOrder } from '../../shared/schemas/question.js';
import { Unit, UnitCreate, UnitUpdate } from '../../shared/schemas/unit.js';
import { SensitiveWordImport, SensitiveWordImportResult, SensitiveWords, WordFileFormat } from '../../shared/schemas/settings.js';
import { verifyAuditChain } from '../audit/chain.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';
import type { Viewer } from '../interviews/service.js';
import { DomainError } from '../http/errors.js';
import { staffViewFor } from '../questions/mapping.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const ALL_STAFF: readonly Role[] = ROLES;
// A site's whole word list travels in one body: 50,000 words are about 1 MB of JSON, the cap (100,000
// words of up to 50 characters) a few times that.
const WORD_LIST_BODY_LIMIT = 16 * 1024 * 1024;

/** Whose view of the interviews a request asks for: a liaison's is limited to its unit. */
function viewerOf(req: FastifyRequest): Viewer {
  const user = req.staff?.user;
  if (!user) throw new DomainError('unauthorized');
  return { role: user.role, unitId: user.unitId };
}

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

    // The unit list: every staff member reads it (forms, names); only admins keep it.
    app.get('/api/studio/units', { schema: { tags: ['studio'], response: { 200: z.array(Unit), ...errors } }, preHandler: staff() }, async () =>
      domain.units.list(),
    );
    app.post(
      '/api/studio/units',
      { schema: { tags: ['studio'], body: UnitCreate, response: { 201: Unit, ...errors } }, preHandler: staff(['admin']) },
      async (req, reply) => reply.code(201).send(await domain.units.create(req.body, actorOf(req))),
    );
    app.patch(
      '/api/studio/units/:id',
      {
        schema: {
          tags: ['studio'],
          description: 'Rename (the interviews of the unit show the new name at once) or deactivate a unit: no new interview or liaison can pick it.',
          params: IdParams,
          body: UnitUpdate,
          response: { 200: Unit, ...errors },
        },
        preHandler: staff(['admin']),
      },
      async (req) => domain.units.update(req.params.id, req.body, actorOf(req)),
    );

    app.get(
      '/api/studio/interviews',
      {
        schema: { tags: ['studio'], description: "A unit liaison gets only its unit's interviews.", response: { 200: z.array(InterviewStaff), ...errors } },
        preHandler: staff(),
      },
      async (req) => domain.interviews.list({ publicOnly: false, viewer: viewerOf(req) }),
    );
    app.post(
      '/api/studio/interviews',
      { schema: { tags: ['studio'], body: InterviewCreate, response: { 201: InterviewStaff, ...errors } }, preHandler: staff(['admin']) },
      async (req, reply) => reply.code(201).send(await domain.interviews.create(req.body, actorOf(req))),
    );
    app.get(
      '/api/studio/interviews/:id',
      {
        schema: { tags: ['studio'], description: "404 for a unit liaison when it is another unit's interview.", params: IdParams, response: { 200: InterviewStaff, ...errors } },
        preHandler: staff(),
      },
      async (req) => domain.interviews.getById(req.params.id, viewerOf(req)),
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
      { schema: { tags: ['studio'], params: IdParams, response: { 200: z.array(QuestionStaff), ...errors } }, preHandler: staff(QUESTION_READERS) },
      async (req) => (await domain.questions.listStaff(req.params.id)).map(staffViewFor(actorOf(req).role)),
    );
    app.put(
      '/api/studio/interviews/:id/queue',
      { schema: { tags: ['studio'], params: IdParams, body: QueueOrder, response: { 200: z.array(QuestionStaff), ...errors } }, preHandler: staff(HOSTS) },
      async (req) => (await domain.questions.reorder(req.params.id, req.body.order, actorOf(req))).map(staffViewFor(actorOf(req).role)),
    );
    app.post(
      '/api/studio/questions/:id/transition',
      { schema: { tags: ['studio'], params: IdParams, body: QuestionTransition, response: { 200: QuestionStaff, ...errors } }, preHandler: staff(QUESTION_READERS) },
      async (req) => staffViewFor(actorOf(req).role)(await domain.questions.transition(req.params.id, req.body, actorOf(req))),
    );
    app.patch(
      '/api/studio/questions/:id',
      { schema: { tags: ['studio'], params: IdParams, body: QuestionEdit, response: { 200: QuestionStaff, ...errors } }, preHandler: staff(MODERATORS) },
      async (req) => staffViewFor(actorOf(req).role)(await domain.questions.edit(req.params.id, req.body.publicContent, actorOf(req))),
    );
    app.get(
      '/api/studio/questions/:id/contact',
      {
        schema: { tags: ['studio'], params: IdParams, response: { 200: z.object({ contact: z.string().nullable() }), ...errors } },
        preHandler: staff(MODERATORS),
      },
      async (req) => ({ contact: await domain.questions.contact(req.params.id, actorOf(req)) }),
    );
    // A question's own history is for those who decide on questions; the whole log (accounts, logins) is not.
    app.get(
      '/api/studio/questions/:id/history',
      { schema: { tags: ['studio'], params: IdParams, response: { 200: z.array(QuestionHistoryEntry), ...errors } }, preHandler: staff(MODERATORS) },
      async (req) => domain.questions.history(req.params.id),
    );

    // The whole log (GET /api/studio/audit, its filters and CSV) is in routes/audit.ts.
    app.get(
      '/api/studio/audit/verify',
      { schema: { tags: ['studio'], response: { 200: AuditVerification, ...errors } }, preHandler: staff(['admin']) },
      async () => verifyAuditChain(domain.db),
    );

    app.get(
      '/api/studio/settings/sensitive-words',
      { schema: { tags: ['studio'], response: { 200: SensitiveWords, ...errors } }, preHandler: staff(MODERATORS) },
      async () => ({ words: await domain.words.get() }),
    );
    app.put(
      '/api/studio/settings/sensitive-words',
      {
        schema: { tags: ['studio'], body: SensitiveWords, response: { 200: SensitiveWords, ...errors } },
        preHandler: staff(['admin']),
        bodyLimit: WORD_LIST_BODY_LIMIT,
      },
      async (req) => ({ words: await domain.words.set(req.body.words, actorOf(req)) }),
    );
    app.post(
      '/api/studio/settings/sensitive-words/import',
      {
        schema: {
          tags: ['studio'],
          description: 'Preview a word-list file (.txt one word a line, or .csv), or merge it into the list, or replace the list with it.',
          body: SensitiveWordImport,
          response: { 200: SensitiveWordImportResult, ...errors },
        },
        preHandler: staff(['admin']),
        bodyLimit: WORD_LIST_BODY_LIMIT,
      },
      async (req) => domain.words.importFile(req.body, actorOf(req)),
    );
    app.get(
      '/api/studio/settings/sensitive-words/export',
      {
        schema: {
          tags: ['studio'],
          description: 'The list as a file to download: .txt (one word a line) or .csv (UTF-8 with a byte-order mark, for Excel).',
          querystring: z.object({ format: WordFileFormat.default('txt') }),
          // A string sent with a text content type goes out as it is, not as JSON.
          response: { 200: z.string(), ...errors },
        },
        preHandler: staff(MODERATORS),
      },
      async (req, reply) => {
        const { format } = req.query;
        const file = await domain.words.exportFile(format, actorOf(req));
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8')
          .header('content-disposition', `attachment; filename="sensitive-words.${format}"`)
          .send(file);
      },
    );
  };
}
