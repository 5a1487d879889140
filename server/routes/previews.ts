import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { PLANNERS } from '../../shared/roles.js';
import { PreviewStaff, PreviewUpdate, PreviewWarnings } from '../../shared/schemas/preview.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { DomainError, httpErrorHandler } from '../http/errors.js';
import { perStaffSession } from '../http/rate-limits.js';
import { megabytes } from '../livetext/photos.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const FileParams = z.object({ file: z.string().max(64) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** A poster's file name is never reused (photos.ts), so a copy may be kept for good. */
const PUBLIC_POSTER_CACHE = 'public, max-age=31536000, immutable';

/** 预告 over HTTP: the admin's preview page (text, poster, publish, withdraw), the warning list, the poster files. */
export function previewRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const planners = requireStaff(domain.sessions, PLANNERS);
  const svc = domain.previews;
  return async (app) => {
    app.get(
      '/previews/posters/:file',
      { schema: { tags: ['public'], description: "A published preview's poster (JPEG, metadata removed).", params: FileParams } },
      async (req, reply) => {
        const bytes = await svc.publicPoster(req.params.file);
        if (!bytes) throw new DomainError('not_found', 'poster');
        return reply.type('image/jpeg').header('cache-control', PUBLIC_POSTER_CACHE).header('cross-origin-resource-policy', 'cross-origin').send(bytes);
      },
    );
    app.get('/api/studio/previews/posters/:file', { schema: { tags: ['studio'], params: FileParams }, preHandler: planners }, async (req, reply) => {
      const bytes = await svc.staffPoster(req.params.file);
      if (!bytes) throw new DomainError('not_found', 'poster');
      return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(bytes);
    });
    app.get(
      '/api/studio/previews/warnings',
      {
        schema: {
          tags: ['studio'],
          description: 'Interviews less than PREVIEW_WARN_DAYS days away (draft or scheduled) without a published preview, soonest first.',
          response: { 200: PreviewWarnings, ...errors },
        },
        preHandler: planners,
      },
      async () => svc.warnings(),
    );
    app.get(
      '/api/studio/interviews/:id/preview',
      { schema: { tags: ['studio'], description: "The interview's preview (an empty one when none was written).", params: IdParams, response: { 200: PreviewStaff, ...errors } }, preHandler: planners },
      async (req) => svc.get(req.params.id),
    );
    app.put(
      '/api/studio/interviews/:id/preview',
      {
        schema: { tags: ['studio'], description: "Save the preview's summary and the poster's description (audited).", params: IdParams, body: PreviewUpdate, response: { 200: PreviewStaff, ...errors } },
        preHandler: planners,
      },
      async (req) => svc.save(req.params.id, req.body, actorOf(req)),
    );
    app.post(
      '/api/studio/interviews/:id/preview/publish',
      {
        schema: {
          tags: ['studio'],
          description: 'Publish the preview: 409 unless the interview is scheduled, 400 on `poster` without a poster. Audited.',
          params: IdParams,
          response: { 200: PreviewStaff, ...errors },
        },
        preHandler: planners,
      },
      async (req) => svc.publish(req.params.id, actorOf(req)),
    );
    app.post(
      '/api/studio/interviews/:id/preview/unpublish',
      {
        schema: { tags: ['studio'], description: 'Withdraw the published preview (audited, with an optional reason).', params: IdParams, body: z.object({ reason: z.string().trim().max(500).optional() }).optional(), response: { 200: PreviewStaff, ...errors } },
        preHandler: planners,
      },
      async (req) => svc.unpublish(req.params.id, req.body?.reason, actorOf(req)),
    );
    await app.register(posterUpload(domain, config));
  };
}

/** The poster upload in its own scope for its body parser: the body is the image, its description in `?alt=`. */
function posterUpload(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const limit = config.LIVETEXT_PHOTO_MAX_BYTES;
  const tooLarge = new DomainError('payload_too_large', 'poster', 'photo_too_large', { mb: megabytes(limit) });
  return async (app) => {
    // Any type is read as bytes, so a wrong Content-Type is refused by the same check as a wrong file.
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    app.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) =>
      httpErrorHandler(err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge : err, req, reply),
    );
    app.post(
      '/api/studio/interviews/:id/preview/poster',
      {
        schema: {
          tags: ['studio'],
          description:
            'Upload the poster: the body is the image (JPEG, PNG or WebP by its bytes; 415 otherwise), its description (required: 400 on `alt`) in `?alt=`; 413 when too large. Re-encoded at 480 and 1280 px without metadata.',
          params: IdParams,
          querystring: z.object({ alt: z.string().max(500).optional() }),
          response: { 200: PreviewStaff, ...errors, 413: ErrorBody, 415: ErrorBody },
        },
        // Checked on the request line, before the body is read.
        onRequest: requireStaff(domain.sessions, PLANNERS),
        bodyLimit: limit,
        config: { rateLimit: perStaffSession(config.STAFF_POST_RATE_MAX) },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new DomainError('unsupported_media_type', 'poster', 'photo_type');
        return domain.previews.uploadPoster(req.params.id, req.body, req.headers['content-type'], req.query.alt, actorOf(req));
      },
    );
  };
}
