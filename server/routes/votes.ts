import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { PLANNERS } from '../../shared/roles.js';
import { VoteCast, VoteCastResult, VoteOpen, VotePick, VotePublic, VoteStaff, VoteUpdate } from '../../shared/schemas/vote.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** 选题投票 over HTTP: the public vote and ballot, the admin's vote page. Routes only parse and call `domain.votes`. */
export function voteRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const planners = requireStaff(domain.sessions, PLANNERS);
  const svc = domain.votes;
  return async (app) => {
    app.get(
      '/api/interviews/:slug/vote',
      {
        schema: { tags: ['public'], description: "The interview's topic vote, or null while it has none (every viewer page asks: a 404 would be an error in each console); the count only once the admin made it public. 404 for an unknown interview.", params: SlugParams, response: { 200: VotePublic.nullable(), 404: ErrorBody } },
        onSend: async (_req, reply) => void reply.header('access-control-allow-origin', '*'),
      },
      async (req) => svc.publicView(req.params.slug),
    );
    app.post(
      '/api/interviews/:slug/vote',
      {
        schema: {
          tags: ['public'],
          description: "Cast this browser's ballot (no account; `voterToken` is the browser's own). 409 when the vote is closed or the token already voted; 400 on a candidate not on the vote.",
          params: SlugParams,
          body: VoteCast,
          response: { 201: VoteCastResult, ...errors, 429: ErrorBody },
        },
        // Per address: the token is the browser's, so a script could make new ones; the address limits it.
        config: { rateLimit: { max: config.VOTE_RATE_MAX, timeWindow: 60_000 } },
      },
      async (req, reply) => reply.code(201).send(await svc.cast(req.params.slug, req.body)),
    );

    app.get(
      '/api/studio/interviews/:id/vote',
      { schema: { tags: ['studio'], description: "The interview's vote with its live count, or null.", params: IdParams, response: { 200: VoteStaff.nullable(), ...errors } }, preHandler: planners },
      async (req) => svc.forInterview(req.params.id),
    );
    app.post(
      '/api/studio/interviews/:id/vote',
      {
        schema: {
          tags: ['studio'],
          description: 'Open the vote among at least 3 distinct candidate topics (400 on `candidates`), with an optional closing time; 409 once the interview is live or when it has a vote. Audited.',
          params: IdParams,
          body: VoteOpen,
          response: { 201: VoteStaff, ...errors },
        },
        preHandler: planners,
      },
      async (req, reply) => reply.code(201).send(await svc.open(req.params.id, req.body, actorOf(req))),
    );
    app.patch(
      '/api/studio/votes/:id',
      { schema: { tags: ['studio'], description: 'Show or hide the count publicly (audited).', params: IdParams, body: VoteUpdate, response: { 200: VoteStaff, ...errors } }, preHandler: planners },
      async (req) => svc.setResultsPublic(req.params.id, req.body.resultsPublic, actorOf(req)),
    );
    app.post(
      '/api/studio/votes/:id/close',
      { schema: { tags: ['studio'], description: 'Close the vote (audited); 409 when already closed.', params: IdParams, response: { 200: VoteStaff, ...errors } }, preHandler: planners },
      async (req) => svc.close(req.params.id, actorOf(req)),
    );
    app.post(
      '/api/studio/votes/:id/pick',
      {
        schema: { tags: ['studio'], description: "Pick the topic: closes the vote and sets the interview's topic (audited); 409 once picked.", params: IdParams, body: VotePick, response: { 200: VoteStaff, ...errors } },
        preHandler: planners,
      },
      async (req) => svc.pick(req.params.id, req.body.candidateId, actorOf(req)),
    );
  };
}
