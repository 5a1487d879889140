import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { LIVETEXT_APPROVERS, LIVETEXT_AUTHORS, type Role } from '../../shared/roles.js';
import { LiveTextCorrect, LiveTextCreate, LiveTextDecision, LiveTextPhotoStaff, LiveTextPublic, LiveTextStaff, LiveTextWithdraw } from '../../shared/schemas/livetext.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { DomainError, httpErrorHandler } from '../http/errors.js';
import { perStaffSession } from '../http/rate-limits.js';
import { megabytes } from '../livetext/photos.js';
import type { LiveTextActor } from '../livetext/service.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const FileParams = z.object({ file: z.string().max(64) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const LIVETEXT_STAFF: readonly Role[] = [...new Set([...LIVETEXT_AUTHORS, ...LIVETEXT_APPROVERS])];
/** A file name is never reused (photos.ts), so whoever has a copy may keep it. */
const PUBLIC_PHOTO_CACHE = 'public, max-age=31536000, immutable';

function liveTextActor(req: FastifyRequest): LiveTextActor {
  const user = req.staff?.user;
  if (!user) throw new DomainError('unauthorized');
  return { ...actorOf(req), unitId: user.unitId, displayName: user.displayName };
}

/**
 * 图文直播 over HTTP: the public feed and photos, the editor's desk (photos, post, correct, withdraw) and the
 * approvers' decisions. Routes only parse and call `domain.livetext`.
 */
export function livetextRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const staff = (roles: readonly Role[]) => requireStaff(domain.sessions, roles);
  const svc = domain.livetext;
  return async (app) => {
    app.get(
      '/api/interviews/:slug/livetext',
      {
        schema: { tags: ['public'], description: 'The published live-text entries (图文直播), newest first; also after the broadcast.', params: SlugParams, response: { 200: z.array(LiveTextPublic), 404: ErrorBody } },
        // Portals may read the feed from their own pages' scripts, as the other public lists.
        onSend: async (_req, reply) => void reply.header('access-control-allow-origin', '*'),
      },
      async (req) => svc.listPublic(req.params.slug),
    );
    app.get(
      '/livetext/photos/:file',
      { schema: { tags: ['public'], description: "A published entry's photo (JPEG, metadata removed).", params: FileParams } },
      async (req, reply) => {
        const bytes = (await svc.isPublished(req.params.file)) ? await domain.livetext.photoBytes(req.params.file) : undefined;
        if (!bytes) throw new DomainError('not_found', 'photo');
        // A portal's page may show the feed's photos from its own origin.
        return reply.type('image/jpeg').header('cache-control', PUBLIC_PHOTO_CACHE).header('cross-origin-resource-policy', 'cross-origin').send(bytes);
      },
    );

    app.get(
      '/api/studio/livetext/photos/:file',
      { schema: { tags: ['studio'], params: FileParams }, preHandler: staff(LIVETEXT_STAFF) },
      async (req, reply) => {
        const bytes = (await svc.staffMaySee(req.params.file, liveTextActor(req))) ? await domain.livetext.photoBytes(req.params.file) : undefined;
        if (!bytes) throw new DomainError('not_found', 'photo');
        return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(bytes);
      },
    );
    app.get(
      '/api/studio/interviews/:id/livetext',
      {
        schema: { tags: ['studio'], description: "Every entry, newest first (drafts for authors only); a liaison sees only its unit's interviews.", params: IdParams, response: { 200: z.array(LiveTextStaff), ...errors } },
        preHandler: staff(LIVETEXT_STAFF),
      },
      async (req) => svc.listStaff(req.params.id, liveTextActor(req)),
    );
    app.post(
      '/api/studio/interviews/:id/livetext',
      {
        schema: {
          tags: ['studio'],
          description: "Post an entry: published at once when the interview asks for no approval, else pending. 409 unless the interview is live (a draft may be saved while it is scheduled).",
          params: IdParams,
          body: LiveTextCreate,
          response: { 201: LiveTextStaff, ...errors },
        },
        preHandler: staff(LIVETEXT_AUTHORS),
      },
      async (req, reply) => reply.code(201).send(await svc.create(req.params.id, req.body, liveTextActor(req))),
    );
    await app.register(photoUpload(domain, config));
    app.post(
      '/api/studio/livetext/:id/submit',
      { schema: { tags: ['studio'], description: 'Send a draft out (the interview must be live).', params: IdParams, response: { 200: LiveTextStaff, ...errors } }, preHandler: staff(LIVETEXT_AUTHORS) },
      async (req) => svc.submit(req.params.id, liveTextActor(req)),
    );
    app.post(
      '/api/studio/livetext/:id/decision',
      {
        schema: {
          tags: ['studio'],
          description: "Approve or reject (with a reason) a pending entry: a reviewer when the interview asks for a reviewer, the unit's liaison when it asks for the liaison, an admin always.",
          params: IdParams,
          body: LiveTextDecision,
          response: { 200: LiveTextStaff, ...errors },
        },
        preHandler: staff(LIVETEXT_APPROVERS),
      },
      async (req) => svc.decide(req.params.id, req.body, liveTextActor(req)),
    );
    app.put(
      '/api/studio/livetext/:id',
      {
        schema: {
          tags: ['studio'],
          description: 'Correct an entry (same id, marked revised once it was published). With approval on, a corrected published entry leaves the feed until it is approved again.',
          params: IdParams,
          body: LiveTextCorrect,
          response: { 200: LiveTextStaff, ...errors },
        },
        preHandler: staff(LIVETEXT_AUTHORS),
      },
      async (req) => svc.correct(req.params.id, req.body, liveTextActor(req)),
    );
    app.post(
      '/api/studio/livetext/:id/withdraw',
      { schema: { tags: ['studio'], params: IdParams, body: LiveTextWithdraw, response: { 200: LiveTextStaff, ...errors } }, preHandler: staff(LIVETEXT_AUTHORS) },
      async (req) => svc.withdraw(req.params.id, req.body.reason, liveTextActor(req)),
    );
  };
}

/**
 * The photo upload, in its own scope for its body parser: the request body is the image itself (Content-Type
 * image/jpeg, image/png or image/webp) and its description comes in the query (`?alt=`), so no multipart
 * parser is needed. The type is then checked again by the bytes.
 */
function photoUpload(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const limit = config.LIVETEXT_PHOTO_MAX_BYTES;
  const tooLarge = new DomainError('payload_too_large', 'photo', 'photo_too_large', { mb: megabytes(limit) });
  return async (app) => {
    // Any type is read as bytes, so a wrong Content-Type is refused by the same check as a wrong file.
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    app.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) =>
      httpErrorHandler(err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? new DomainError('unsupported_media_type', 'photo', 'photo_type') : err, req, reply),
    );
    app.post(
      '/api/studio/interviews/:id/livetext/photos',
      {
        schema: {
          tags: ['studio'],
          description:
            'Upload one photo: the body is the image (JPEG, PNG or WebP by its bytes; 415 otherwise), its description (alt text, required: 400 on `alt`) in `?alt=`. 413 when too large in bytes or pixels. Stored re-encoded at 480 and 1280 px wide, orientation applied, without metadata.',
          params: IdParams,
          querystring: z.object({ alt: z.string().max(2000).optional() }),
          response: { 201: LiveTextPhotoStaff, ...errors, 413: ErrorBody, 415: ErrorBody },
        },
        // Checked on the request line, before the body is read: no stranger makes the server take in megabytes.
        onRequest: requireStaff(domain.sessions, LIVETEXT_AUTHORS),
        bodyLimit: limit,
        config: { rateLimit: perStaffSession(config.STAFF_POST_RATE_MAX) },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) throw new DomainError('unsupported_media_type', 'photo', 'photo_type');
        const photo = await domain.livetext.uploadPhoto(req.params.id, req.body, req.headers['content-type'], req.query.alt, liveTextActor(req));
        req.log.info({ interviewId: req.params.id, photoId: photo.id }, 'live-text photo stored');
        return reply.code(201).send(photo);
      },
    );
  };
}
