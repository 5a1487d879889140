import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { STATS_READERS } from '../../shared/roles.js';
import { CalendarDate, CalendarOverride, CalendarOverrideSet, CalendarYear } from '../../shared/schemas/calendar.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const DateParams = z.object({ date: CalendarDate });
const Year = z.coerce.number().int().min(2000).max(2100);

/** 工作日历: the working calendar the written-reply deadlines count on, and the admin's overrides of it. */
export function calendarRoutes(domain: Domain): FastifyPluginAsyncZod {
  const staff = requireStaff(domain.sessions, STATS_READERS);
  return async (app) => {
    app.get(
      '/api/studio/calendar/overrides',
      { schema: { tags: ['studio'], querystring: z.object({ year: Year.optional() }), response: { 200: z.array(CalendarOverride), ...errors } }, preHandler: staff },
      async (req) => domain.calendar.list(req.query.year),
    );
    app.put(
      '/api/studio/calendar/overrides/:date',
      {
        schema: {
          tags: ['studio'],
          description: 'Makes a day a working day or a day off, over the holiday library; open written-reply deadlines follow. Audited.',
          params: DateParams,
          body: CalendarOverrideSet,
          response: { 200: CalendarOverride, ...errors },
        },
        preHandler: staff,
      },
      async (req) => domain.calendar.set({ date: req.params.date, ...req.body }, actorOf(req)),
    );
    app.delete(
      '/api/studio/calendar/overrides/:date',
      { schema: { tags: ['studio'], params: DateParams, response: { 204: z.null(), ...errors } }, preHandler: staff },
      async (req, reply) => {
        await domain.calendar.remove(req.params.date, actorOf(req));
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/studio/calendar/:year',
      { schema: { tags: ['studio'], params: z.object({ year: Year }), response: { 200: CalendarYear, ...errors } }, preHandler: staff },
      async (req) => domain.calendar.year(req.params.year),
    );
  };
}
