import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { RECORD_PUBLISHERS } from '../../shared/roles.js';
import { PublicationStaff, PublishPreview, PublishRequest } from '../../shared/schemas/recordPublish.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** 审核发布 for the admin: the review, publishing a version, withdrawing it. Routes only call `recordPublisher`. */
export function recordPublishRoutes(domain: Domain): FastifyPluginAsyncZod {
  const svc = domain.recordPublisher;
  const publishers = requireStaff(domain.sessions, RECORD_PUBLISHERS);
  return async (app) => {
    app.get(
      '/api/studio/interviews/:id/record/publish',
      {
        schema: { tags: ['studio'], description: 'What the review shows: program, in/out points, subtitles and chapters (program time), the publications.', params: IdParams, response: { 200: PublishPreview, ...errors } },
        preHandler: publishers,
      },
      async (req) => svc.preview(req.params.id),
    );
    app.post(
      '/api/studio/interviews/:id/record/publish',
      {
        schema: {
          tags: ['studio'],
          description:
            'Publish the record as a new version under RECORDING_DIR/<id>/published/<version>/ (video cut to the in/out points, subtitles, transcript), audited. 409 without a ready program; 400 on `reason` when no subtitle track has cues and no reason is given.',
          params: IdParams,
          body: PublishRequest,
          response: { 201: PublicationStaff, ...errors },
        },
        preHandler: publishers,
      },
      async (req, reply) => {
        const publication = await svc.publish(req.params.id, req.body, actorOf(req));
        req.log.info({ interviewId: req.params.id, version: publication.version }, 'record published');
        return reply.code(201).send(publication);
      },
    );
    app.post(
      '/api/studio/interviews/:id/record/unpublish',
      {
        schema: { tags: ['studio'], description: 'Withdraw the record from the portal (the files and rows stay), audited. 409 when nothing is published.', params: IdParams, response: { 200: z.array(PublicationStaff), ...errors } },
        preHandler: publishers,
      },
      async (req) => svc.unpublish(req.params.id, actorOf(req)),
    );
  };
}
