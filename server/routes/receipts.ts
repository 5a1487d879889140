import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { HOSTS, PLANNERS, RECEIPT_FILLERS, ROLES, type Role } from '../../shared/roles.js';
import { ReceiptDecision, ReceiptDraft, ReceiptDue, ReceiptPhoto, ReceiptStaff, ReceiptSummary } from '../../shared/schemas/receipt.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { DomainError, httpErrorHandler } from '../http/errors.js';
import { perStaffSession } from '../http/rate-limits.js';
import { megabytes } from '../livetext/photos.js';
import type { ReceiptActor } from '../receipts/service.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const FileParams = z.object({ file: z.string().max(64) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Who may read a 回执 and download its outline: the admin, the unit's liaison, and the host, who prepares with it. */
const RECEIPT_READERS: readonly Role[] = [...new Set([...PLANNERS, ...RECEIPT_FILLERS, ...HOSTS])];
/** Who may list 回执: the admin (every interview) and a liaison (我的回执, its unit's). */
const RECEIPT_LISTERS: readonly Role[] = [...new Set([...PLANNERS, ...RECEIPT_FILLERS])];
const MIME: Record<'pdf' | 'docx', string> = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };

function receiptActor(req: FastifyRequest): ReceiptActor {
  const user = req.staff?.user;
  if (!user) throw new DomainError('unauthorized');
  return { ...actorOf(req), unitId: user.unitId };
}

/** 回执 over HTTP: the lists, the form, its due date and decision, the outline and photo uploads. Routes only parse and call `domain.receipts`. */
export function receiptRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const staff = (roles: readonly Role[]) => requireStaff(domain.sessions, roles);
  const svc = domain.receipts;
  return async (app) => {
    app.get(
      '/api/studio/receipts',
      {
        schema: { tags: ['studio'], description: "Every interview's 回执 state for the admin; a liaison's own unit's (我的回执). Soonest interview first.", response: { 200: z.array(ReceiptSummary), ...errors } },
        preHandler: staff(RECEIPT_LISTERS),
      },
      async (req) => svc.list(receiptActor(req)),
    );
    app.get(
      '/api/studio/interviews/:id/receipt',
      { schema: { tags: ['studio'], description: "An interview's 回执 (a blank one, not started, until something is saved). Another unit's liaison: 403.", params: IdParams, response: { 200: ReceiptStaff, ...errors } }, preHandler: staff(RECEIPT_READERS) },
      async (req) => svc.get(req.params.id, receiptActor(req)),
    );
    app.put(
      '/api/studio/interviews/:id/receipt',
      {
        schema: { tags: ['studio'], description: 'Save the form as a draft (409 once submitted or accepted). Shapes are checked on submission.', params: IdParams, body: ReceiptDraft, response: { 200: ReceiptStaff, ...errors } },
        preHandler: staff(RECEIPT_FILLERS),
      },
      async (req) => svc.save(req.params.id, req.body, receiptActor(req)),
    );
    app.post(
      '/api/studio/interviews/:id/receipt/submit',
      {
        schema: { tags: ['studio'], description: 'Send the saved form to the admin: 400 naming the first missing or malformed field (topic, a 访谈嘉宾, contact, phone, e-mail, outline).', params: IdParams, response: { 200: ReceiptStaff, ...errors } },
        preHandler: staff(RECEIPT_FILLERS),
      },
      async (req) => svc.submit(req.params.id, receiptActor(req)),
    );
    app.put(
      '/api/studio/interviews/:id/receipt/due',
      { schema: { tags: ['studio'], description: 'Set (or clear with null) the date the unit must send its 回执 by.', params: IdParams, body: ReceiptDue, response: { 200: ReceiptStaff, ...errors } }, preHandler: staff(PLANNERS) },
      async (req) => svc.setDue(req.params.id, req.body.dueOn, receiptActor(req)),
    );
    app.post(
      '/api/studio/interviews/:id/receipt/decision',
      {
        schema: {
          tags: ['studio'],
          description: "Accept a submitted 回执 (its 访谈嘉宾 become the interview's guests; its topic the interview's if it has none) or return it with a reason. 409 unless submitted.",
          params: IdParams,
          body: ReceiptDecision,
          response: { 200: ReceiptStaff, ...errors },
        },
        preHandler: staff(PLANNERS),
      },
      async (req) => svc.decide(req.params.id, req.body, receiptActor(req)),
    );
    app.get(
      '/api/studio/interviews/:id/receipt/outline',
      { schema: { tags: ['studio'], description: 'Download the outline (访谈提纲). Staff only, never public.', params: IdParams }, preHandler: staff(RECEIPT_READERS) },
      async (req, reply) => {
        const o = await svc.outline(req.params.id, receiptActor(req));
        return reply
          .type(MIME[o.type])
          .header('content-disposition', `attachment; filename="outline.${o.type}"; filename*=UTF-8''${encodeURIComponent(o.name)}`)
          .header('cache-control', 'private, no-store')
          .send(o.bytes);
      },
    );
    app.get(
      '/api/studio/receipt-photos/:id',
      { schema: { tags: ['studio'], description: "A 回执 person's photo (JPEG, metadata removed), for staff who may read that 回执.", params: IdParams }, preHandler: staff(RECEIPT_READERS) },
      async (req, reply) => reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(await svc.photoBytes(req.params.id, receiptActor(req))),
    );
    app.get(
      '/guest-photos/:file',
      { schema: { tags: ['public'], description: "An accepted guest's photo as a public interview's guests name it (JPEG, metadata removed).", params: FileParams } },
      async (req, reply) => {
        const bytes = await svc.guestPhoto(req.params.file);
        if (!bytes) throw new DomainError('not_found', 'photo');
        // A name is never reused (photos.ts): cache for good; a portal's page may show it from its own origin.
        return reply.type('image/jpeg').header('cache-control', 'public, max-age=31536000, immutable').header('cross-origin-resource-policy', 'cross-origin').send(bytes);
      },
    );
    app.get(
      '/api/studio/guest-photos/:file',
      { schema: { tags: ['studio'], description: "A guest's photo as any interview's guests name it, drafts included (the interview form shows it).", params: FileParams }, preHandler: staff(ROLES) },
      async (req, reply) => {
        const bytes = await svc.guestPhoto(req.params.file, true);
        if (!bytes) throw new DomainError('not_found', 'photo');
        return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(bytes);
      },
    );
    await app.register(uploads(domain, config));
  };
}

/**
 * The two uploads, in their own scope for the body parser: the body is the file itself (no multipart), its
 * type judged again by its bytes. The role is checked on the request line, before megabytes are read.
 */
function uploads(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const limit = Math.max(config.RECEIPT_OUTLINE_MAX_BYTES, config.LIVETEXT_PHOTO_MAX_BYTES);
  return async (app) => {
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    app.addContentTypeParser(/^(image|application)\//, { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const outline = req.url.includes('/receipt/outline');
      const tooLarge = outline
        ? new DomainError('payload_too_large', 'outline', 'outline_too_large', { mb: megabytes(config.RECEIPT_OUTLINE_MAX_BYTES) })
        : new DomainError('payload_too_large', 'photo', 'photo_too_large', { mb: megabytes(config.LIVETEXT_PHOTO_MAX_BYTES) });
      return httpErrorHandler(err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge : err, req, reply);
    });
    const upload = { onRequest: requireStaff(domain.sessions, RECEIPT_FILLERS), config: { rateLimit: perStaffSession(config.STAFF_POST_RATE_MAX) } };
    app.post(
      '/api/studio/interviews/:id/receipt/outline',
      {
        schema: {
          tags: ['studio'],
          description: 'Upload the outline (访谈提纲): the body is the file, its name in `?name=`. A .docx (a real Word document, no macros) or a PDF by its bytes, else 415 with the reason; 413 when too large. Replaces an earlier outline; a refused one changes nothing.',
          params: IdParams,
          querystring: z.object({ name: z.string().max(255).optional() }),
          response: { 200: ReceiptStaff, ...errors, 413: ErrorBody, 415: ErrorBody },
        },
        ...upload,
        bodyLimit: config.RECEIPT_OUTLINE_MAX_BYTES,
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new DomainError('unsupported_media_type', 'outline', 'outline_type');
        return domain.receipts.uploadOutline(req.params.id, req.body, req.query.name, receiptActor(req));
      },
    );
    app.post(
      '/api/studio/interviews/:id/receipt/photos',
      {
        schema: {
          tags: ['studio'],
          description: "Upload a person's photo: the body is the image (JPEG, PNG or WebP by its bytes; 415 otherwise, 413 when too large). Stored re-encoded, orientation applied, without metadata; a person names it by id.",
          params: IdParams,
          response: { 201: ReceiptPhoto, ...errors, 413: ErrorBody, 415: ErrorBody },
        },
        ...upload,
        bodyLimit: config.LIVETEXT_PHOTO_MAX_BYTES,
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) throw new DomainError('unsupported_media_type', 'photo', 'photo_type');
        return reply.code(201).send(await domain.receipts.uploadPhoto(req.params.id, req.body, req.headers['content-type'], receiptActor(req)));
      },
    );
  };
}
