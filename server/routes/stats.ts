import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { STATS_READERS } from '../../shared/roles.js';
import { StatsYear, YearReport } from '../../shared/schemas/stats.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const YearQuery = z.object({ year: StatsYear });

function attachment(year: number, ext: string): string {
  const name = `${year}年度在线访谈统计.${ext}`;
  return `attachment; filename="fangtan-stats-${year}.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** 统计 (考核): a year's statistics, and the .xlsx and PDF exports. Only parses and calls `domain.stats`. */
export function statsRoutes(domain: Domain): FastifyPluginAsyncZod {
  const staff = requireStaff(domain.sessions, STATS_READERS);
  return async (app) => {
    app.get(
      '/api/studio/stats',
      {
        schema: {
          tags: ['studio'],
          description: "A year's statistics per unit and per interview (interviews that first went live in the year, site calendar).",
          querystring: YearQuery,
          response: { 200: YearReport, ...errors },
        },
        preHandler: staff,
      },
      async (req) => domain.stats.year(req.query.year),
    );
    app.get(
      '/api/studio/stats/report.xlsx',
      { schema: { tags: ['studio'], description: 'The year as a workbook: 单位统计, 访谈统计, 说明. Audited.', querystring: YearQuery }, preHandler: staff },
      async (req, reply) => {
        const file = await domain.stats.xlsx(req.query.year, actorOf(req));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', attachment(req.query.year, 'xlsx'))
          .header('cache-control', 'no-store')
          .send(file);
      },
    );
    app.get(
      '/api/studio/stats/report.pdf',
      { schema: { tags: ['studio'], description: 'The yearly report (考核) as a PDF in Chinese, with how each number is computed. Audited.', querystring: YearQuery }, preHandler: staff },
      async (req, reply) => {
        const file = await domain.stats.pdf(req.query.year, actorOf(req));
        return reply.type('application/pdf').header('content-disposition', attachment(req.query.year, 'pdf')).header('cache-control', 'no-store').send(file);
      },
    );
  };
}
