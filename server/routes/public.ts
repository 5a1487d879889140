import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { InterviewPublic } from '../../shared/schemas/interview.js';
import { QuestionPublic, QuestionSubmit, QuestionSubmitted, TicketView } from '../../shared/schemas/question.js';
import { SiteInfo } from '../../shared/schemas/site.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { toInterviewPublic } from '../interviews/service.js';

const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

/** The public contract: what portals, the viewer and scripts may call without an account. */
export function publicRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    // Portals may read the public lists from their own pages' scripts; nothing here uses cookies.
    app.addHook('onSend', async (req, reply) => {
      if (req.method === 'GET') reply.header('access-control-allow-origin', '*');
    });

    app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

    // The studio and the viewer show and take every time on this clock, not on the device's.
    app.get('/api/site', { schema: { tags: ['public'], response: { 200: SiteInfo } } }, async () => ({ timeZone: config.SITE_TIMEZONE }));

    app.get('/api/interviews', { schema: { tags: ['public'], response: { 200: z.array(InterviewPublic) } } }, async () => {
      const list = await domain.interviews.list({ publicOnly: true });
      const records = await domain.publishedRecords.availabilities(list);
      const previews = await domain.previews.publicOfMany(list.map((i) => i.id));
      return list.map((i) => toInterviewPublic(i, records.get(i.id) ?? 'none', previews.get(i.id) ?? null));
    });

    app.get(
      '/api/interviews/:slug',
      { schema: { tags: ['public'], params: SlugParams, response: { 200: InterviewPublic, 404: ErrorBody } } },
      async (req) => {
        const interview = await domain.interviews.getPublic(req.params.slug);
        return toInterviewPublic(interview, await domain.publishedRecords.availability(interview), await domain.previews.publicOf(interview.id));
      },
    );

    app.post(
      '/api/interviews/:slug/questions',
      {
        schema: { tags: ['public'], params: SlugParams, body: QuestionSubmit, response: { 201: QuestionSubmitted, ...errors } },
        config: {
          rateLimit: { max: config.QUESTION_RATE_MAX, timeWindow: config.QUESTION_RATE_WINDOW_SECONDS * 1000 },
        },
      },
      async (req, reply) => {
        const { question, ticket } = await domain.questions.submit(req.params.slug, req.body);
        req.log.info({ questionId: question.id, interviewId: question.interviewId, status: question.status }, 'question submitted');
        return reply.code(201).send({ id: question.id, status: question.status, ticket });
      },
    );

    app.get(
      '/api/interviews/:slug/questions',
      { schema: { tags: ['public'], params: SlugParams, response: { 200: z.array(QuestionPublic), 404: ErrorBody } } },
      async (req) => domain.questions.listPublic(req.params.slug),
    );

    app.get(
      '/api/questions/by-ticket/:ticket',
      {
        schema: {
          tags: ['public'],
          params: z.object({ ticket: z.string().min(10).max(100) }),
          response: { 200: TicketView, 404: ErrorBody },
        },
      },
      async (req) => domain.askers.byTicket(req.params.ticket),
    );
  };
}
