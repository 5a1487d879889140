import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { PLANNERS } from '../../shared/roles.js';
import { PlanEntry, PlanEntryInput, PlanEntryUpdate, PlanImportRejection, PlanImportResult, PlanYear } from '../../shared/schemas/plan.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';
import { DomainError, httpErrorHandler } from '../http/errors.js';
import { detailMessage, errorMessage, langFrom } from '../http/i18n.js';
import { planTemplate, planWorkbook } from '../plan/workbook.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const YearParams = z.object({ year: PlanYear });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A year's plan is a few kilobytes; 2 MB leaves room for a formatted workbook and refuses anything else. */
export const PLAN_FILE_MAX_BYTES = 2 * 1024 * 1024;

/** 年度计划 under /api/studio/plan: the planners' (admins') table, its import, export and template. */
export function planRoutes(domain: Domain): FastifyPluginAsyncZod {
  const planners = requireStaff(domain.sessions, PLANNERS);
  return async (app) => {
    app.get('/api/studio/plan/years', { schema: { tags: ['studio'], response: { 200: z.array(z.number().int()), ...errors } }, preHandler: planners }, async () =>
      domain.plan.years(),
    );
    app.get(
      '/api/studio/plan/template.xlsx',
      {
        schema: { tags: ['studio'], description: 'An empty plan table (序号, 单位, 时间, 备注) with a sheet of instructions.', querystring: z.object({ year: PlanYear.optional() }) },
        preHandler: planners,
      },
      async (req, reply) => {
        const year = req.query.year ?? new Date().getFullYear();
        return xlsx(reply, `plan-template-${year}.xlsx`, await planTemplate(year));
      },
    );
    app.get(
      '/api/studio/plan/:year',
      { schema: { tags: ['studio'], params: YearParams, response: { 200: z.array(PlanEntry), ...errors } }, preHandler: planners },
      async (req) => domain.plan.list(req.params.year),
    );
    app.get(
      '/api/studio/plan/:year/export.xlsx',
      { schema: { tags: ['studio'], description: "The year's plan as .xlsx in the notices' shape; it imports again as it is.", params: YearParams }, preHandler: planners },
      async (req, reply) => xlsx(reply, `plan-${req.params.year}.xlsx`, await planWorkbook(req.params.year, await domain.plan.list(req.params.year))),
    );
    app.post(
      '/api/studio/plan/:year/entries',
      { schema: { tags: ['studio'], params: YearParams, body: PlanEntryInput, response: { 201: PlanEntry, ...errors } }, preHandler: planners },
      async (req, reply) => reply.code(201).send(await domain.plan.create(req.params.year, req.body, actorOf(req))),
    );
    app.patch(
      '/api/studio/plan/entries/:id',
      { schema: { tags: ['studio'], params: IdParams, body: PlanEntryUpdate, response: { 200: PlanEntry, ...errors } }, preHandler: planners },
      async (req) => domain.plan.update(req.params.id, req.body, actorOf(req)),
    );
    app.delete(
      '/api/studio/plan/entries/:id',
      {
        schema: { tags: ['studio'], params: IdParams, response: { 200: z.object({ interviewDeleted: z.boolean() }), ...errors } },
        preHandler: planners,
      },
      async (req) => domain.plan.remove(req.params.id, actorOf(req)),
    );
    await app.register(planImport(domain));
  };
}

function xlsx(reply: FastifyReply, name: string, bytes: Buffer): FastifyReply {
  return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(bytes);
}

/**
 * The import, in its own scope for its body parser: the body is the file itself (.xlsx or CSV, told apart by
 * its bytes, whatever Content-Type says), so no multipart parser is needed.
 */
function planImport(domain: Domain): FastifyPluginAsyncZod {
  const tooLarge = new DomainError('payload_too_large', 'file', 'plan_too_large', { mb: PLAN_FILE_MAX_BYTES / 1024 / 1024 });
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PLAN_FILE_MAX_BYTES }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) =>
      httpErrorHandler(err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge : err, req, reply),
    );
    app.post(
      '/api/studio/plan/:year/import',
      {
        schema: {
          tags: ['studio'],
          description:
            'Import a plan file (the body: .xlsx, or CSV in UTF-8 with or without BOM, UTF-16 or GB18030/GBK) into the year. All rows or none: bad rows come back in a 400 with their row numbers. Unknown units are refused unless `createUnits=true`. Formulas, macros and files over 2 MB are refused.',
          params: YearParams,
          querystring: z.object({ createUnits: z.enum(['true', 'false']).default('false') }),
          response: { 201: PlanImportResult, 400: z.union([PlanImportRejection, ErrorBody]), 401: ErrorBody, 403: ErrorBody, 413: ErrorBody },
        },
        // Checked on the request line, before the body is read: no stranger makes the server take in megabytes.
        onRequest: requireStaff(domain.sessions, PLANNERS),
        bodyLimit: PLAN_FILE_MAX_BYTES,
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) throw new DomainError('validation', 'file', 'plan_empty_file');
        const outcome = await domain.plan.importFile(req.params.year, req.body, req.query.createUnits === 'true', actorOf(req));
        if (outcome.ok) {
          req.log.info({ year: outcome.year, rows: outcome.imported.length }, 'annual plan imported');
          return reply.code(201).send(outcome);
        }
        const lang = langFrom(req.headers['accept-language']);
        const summary = detailMessage('plan_bad_rows', lang, { n: outcome.problems.length }) ?? '';
        const rejection: PlanImportRejection = {
          error: 'validation',
          message: `${errorMessage('validation', lang)}: ${summary}`,
          fields: [{ field: 'file', code: 'plan_bad_rows', message: summary }],
          problems: outcome.problems.map((p) => ({ ...p, message: detailMessage(p.code, lang, { year: req.params.year }) ?? p.code })),
          missingUnits: outcome.missingUnits,
        };
        return reply.code(400).send(rejection);
      },
    );
  };
}
