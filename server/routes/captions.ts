import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { CAPTION_INGEST_MANAGERS, CAPTIONERS } from '../../shared/roles.js';
import {
  CaptionIngestJson,
  CaptionToken,
  CaptionTokenCreate,
  CaptionTokenCreated,
  CaptionTrackAdd,
  CaptionTrackLang,
  CaptionTrackPublic,
  CuePublic,
  PRIMARY_CAPTION_TRACK,
} from '../../shared/schemas/caption.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import { ingestPosts } from '../captions/ingest.js';
import { toSrt, toWebVtt } from '../captions/formats.js';
import { toCuePublic } from '../captions/mapping.js';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { DomainError, zodErrorBody } from '../http/errors.js';
import { langFrom } from '../http/i18n.js';

const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const IdParams = z.object({ id: z.coerce.number().int().positive() });
const TrackQuery = z.object({ track: CaptionTrackLang.default(PRIMARY_CAPTION_TRACK) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** A text/plain post carries a few blocks; 16 KiB is dozens of cues, far beyond what a captioner sends at once. */
const INGEST_BODY_LIMIT = 16 * 1024;
/** Who may list an interview's tracks in the studio: the desk, and whoever hands out ingest tokens. */
const TRACK_READERS = [...new Set([...CAPTIONERS, ...CAPTION_INGEST_MANAGERS])];

/** Captions over HTTP: the public transcript (JSON, WebVTT, SRT), tracks, ingest tokens and the ingest itself. */
export function captionRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const staff = (roles: readonly (typeof CAPTIONERS)[number][]) => requireStaff(domain.sessions, roles);
  return async (app) => {
    const finals = async (slug: string, track: string) => domain.captions.publicFinals((await domain.interviews.getPublic(slug)).id, track);
    const readable = { 'access-control-allow-origin': '*', 'cache-control': 'no-cache' };

    app.get(
      '/api/interviews/:slug/captions',
      {
        schema: {
          tags: ['public'],
          description: 'The final cues of one track (default zh-CN), in order, on the broadcast clock; readable while live.',
          params: SlugParams,
          querystring: TrackQuery,
          response: { 200: z.array(CuePublic), 400: ErrorBody, 404: ErrorBody },
        },
      },
      async (req, reply) => reply.headers(readable).send(await finals(req.params.slug, req.query.track)),
    );
    app.get(
      '/api/interviews/:slug/captions.vtt',
      {
        schema: {
          tags: ['public'],
          description: 'The same cues as WebVTT (text/vtt), the speaker as a voice span `<v Name>`.',
          params: SlugParams,
          querystring: TrackQuery,
          response: { 200: { description: 'WebVTT', content: { 'text/vtt': { schema: z.string() } } }, 400: ErrorBody, 404: ErrorBody },
        },
      },
      async (req, reply) => reply.headers(readable).type('text/vtt; charset=utf-8').send(toWebVtt(await finals(req.params.slug, req.query.track))),
    );
    app.get(
      '/api/interviews/:slug/captions.srt',
      {
        schema: {
          tags: ['public'],
          description: 'The same cues as SRT (application/x-subrip), the speaker leading each cue’s text.',
          params: SlugParams,
          querystring: TrackQuery,
          response: { 200: { description: 'SRT', content: { 'application/x-subrip': { schema: z.string() } } }, 400: ErrorBody, 404: ErrorBody },
        },
      },
      async (req, reply) => reply.headers(readable).type('application/x-subrip; charset=utf-8').send(toSrt(await finals(req.params.slug, req.query.track))),
    );
    app.get(
      '/api/interviews/:slug/captions/tracks',
      { schema: { tags: ['public'], description: 'The caption tracks viewers may choose, primary (zh-CN) first.', params: SlugParams, response: { 200: z.array(CaptionTrackPublic), 404: ErrorBody } } },
      async (req, reply) => reply.headers(readable).send(await domain.captions.tracks.list((await domain.interviews.getPublic(req.params.slug)).id)),
    );

    app.post(
      '/api/ingest/captions/:token',
      {
        schema: {
          tags: ['public'],
          description:
            'Outside captioners and speech recognition. text/plain: blocks of a UTC timestamp line (2026-12-02T10:00:00.000) then the text lines, as for YouTube’s caption ingestion; each block is a final cue. application/json: { text, speaker?: { name, title? }, final? = true }; a non-final post is a partial of the token’s current line. 200 with the cues once stored; 401 bad or revoked token; 409 not_live; 400 over-long or empty; 413 body over 16 KiB.',
          params: z.object({ token: z.string().min(1).max(200) }),
          // Declared for /openapi.json; the handler reads each form itself (attachValidation), so a bad JSON
          // post is answered with its own field errors rather than a union's.
          consumes: ['text/plain', 'application/json'],
          body: z.union([z.string().describe('text/plain: timestamp line, then caption lines; several blocks'), CaptionIngestJson]),
          response: { 200: z.object({ cues: z.array(CuePublic) }), ...errors, 413: ErrorBody },
        },
        attachValidation: true,
        bodyLimit: INGEST_BODY_LIMIT,
        config: { rateLimit: { max: config.INGEST_RATE_MAX, timeWindow: 60_000 } },
      },
      async (req, reply) => {
        const grant = await domain.captionTokens.authenticate(req.params.token);
        const isText = (req.headers['content-type'] ?? '').startsWith('text/plain');
        const now = new Date();
        const posts = ingestPosts(req.body as unknown, isText, now);
        if (!Array.isArray(posts)) return reply.code(400).send(zodErrorBody(posts.invalid, langFrom(req.headers['accept-language'])));
        const cues = await domain.captions.ingest(grant, posts);
        await domain.captionTokens.touch(grant.tokenId, now.toISOString());
        req.log.info({ interviewId: grant.interviewId, tokenId: grant.tokenId, cues: cues.length }, 'captions ingested');
        return { cues: cues.map(toCuePublic) };
      },
    );

    // The studio's side: tracks for the desk, ingest tokens for the director.
    const interviewOf = async (id: number, req: Parameters<typeof actorOf>[0]) => {
      const user = req.staff?.user;
      if (!user) throw new DomainError('unauthorized');
      return domain.interviews.getById(id, { role: user.role, unitId: user.unitId });
    };
    app.get(
      '/api/studio/interviews/:id/captions/tracks',
      { schema: { tags: ['studio'], params: IdParams, response: { 200: z.array(CaptionTrackPublic), ...errors } }, preHandler: staff(TRACK_READERS) },
      async (req) => domain.captions.tracks.list((await interviewOf(req.params.id, req)).id),
    );
    app.post(
      '/api/studio/interviews/:id/captions/tracks',
      {
        schema: { tags: ['studio'], description: 'Adds a caption track (409 conflict on `lang` when it exists).', params: IdParams, body: CaptionTrackAdd, response: { 201: CaptionTrackPublic, ...errors } },
        preHandler: staff(CAPTIONERS),
      },
      async (req, reply) => reply.code(201).send(await domain.captions.tracks.add((await interviewOf(req.params.id, req)).id, req.body, actorOf(req))),
    );
    app.delete(
      '/api/studio/interviews/:id/captions/tracks/:lang',
      {
        schema: { tags: ['studio'], description: 'Removes a track from the list (its cues stay); the primary track cannot be removed.', params: IdParams.extend({ lang: CaptionTrackLang }), response: { 204: z.null(), ...errors } },
        preHandler: staff(CAPTIONERS),
      },
      async (req, reply) => {
        await domain.captions.tracks.remove((await interviewOf(req.params.id, req)).id, req.params.lang, actorOf(req));
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/studio/interviews/:id/captions/tokens',
      { schema: { tags: ['studio'], params: IdParams, response: { 200: z.array(CaptionToken), ...errors } }, preHandler: staff(CAPTION_INGEST_MANAGERS) },
      async (req) => domain.captionTokens.list((await interviewOf(req.params.id, req)).id),
    );
    app.post(
      '/api/studio/interviews/:id/captions/tokens',
      {
        schema: { tags: ['studio'], description: 'Creates an ingest token for one track; the answer is the only time its secret is shown. Audited.', params: IdParams, body: CaptionTokenCreate, response: { 201: CaptionTokenCreated, ...errors } },
        preHandler: staff(CAPTION_INGEST_MANAGERS),
      },
      async (req, reply) => {
        const actor = actorOf(req);
        return reply.code(201).send(await domain.captionTokens.create((await interviewOf(req.params.id, req)).id, req.body, actor));
      },
    );
    app.post(
      '/api/studio/interviews/:id/captions/tokens/:tokenId/revoke',
      {
        schema: { tags: ['studio'], description: 'Revokes an ingest token at once (its next post is a 401). Audited.', params: IdParams.extend({ tokenId: z.coerce.number().int().positive() }), response: { 200: CaptionToken, ...errors } },
        preHandler: staff(CAPTION_INGEST_MANAGERS),
      },
      async (req) => domain.captionTokens.revoke((await interviewOf(req.params.id, req)).id, req.params.tokenId, actorOf(req)),
    );
  };
}
