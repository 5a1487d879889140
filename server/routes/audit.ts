import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { AuditActors, AuditEntry, AuditFilter } from '../../shared/schemas/audit.js';
import { auditCsv, auditFacets, queryAudit } from '../audit/query.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { langFrom } from '../http/i18n.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** The whole audit log (操作日志), for admins: filtered, paged by id, and as CSV. Read-only. */
export function auditRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const admins = requireStaff(domain.sessions, ['admin']);
  return async (app) => {
    app.get(
      '/api/studio/audit',
      {
        schema: {
          tags: ['studio'],
          description:
            'The newest `limit` entries matching the filters, oldest first. Page back with `before` (the smallest id shown). `from`/`to` are days on the site calendar.',
          querystring: AuditFilter,
          response: { 200: z.array(AuditEntry), ...errors },
        },
        preHandler: admins,
      },
      async (req) => queryAudit(domain.db, req.query, config.SITE_TIMEZONE),
    );
    app.get(
      '/api/studio/audit/facets',
      { schema: { tags: ['studio'], description: 'The actions and staff the log holds, for the filter lists.', response: { 200: AuditActors, ...errors } }, preHandler: admins },
      async () => auditFacets(domain.db),
    );
    app.get(
      '/api/studio/audit.csv',
      {
        schema: {
          tags: ['studio'],
          description: 'Every entry matching the filters (not only a page), oldest first, as CSV (UTF-8 with BOM, formula-safe). The export is audited.',
          querystring: AuditFilter,
        },
        preHandler: admins,
      },
      async (req, reply) => {
        const { limit: _limit, before: _before, ...filter } = req.query;
        const lang = langFrom(req.headers['accept-language']);
        const body = Readable.from(auditCsv(domain.db, filter, config.SITE_TIMEZONE, lang, actorOf(req)));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit-log.csv"')
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  };
}
