import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { RecordPublic } from '../../shared/schemas/record.js';
import type { Config } from '../config.js';
import { recordingDir, type Domain } from '../domain.js';
import { DomainError, httpErrorHandler } from '../http/errors.js';

const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const FileParams = SlugParams.extend({ version: z.coerce.number().int().positive(), file: z.string().min(1).max(128) });
/**
 * A version's files never change (a correction is a new version, at a new URL), so browsers and any CDN
 * in front may keep them: a viewer seeking back and forth asks the server for each range only once.
 */
const YEAR_MS = 365 * 24 * 3600_000;

/**
 * The published record on the public side: `GET /api/interviews/:slug/record` and its files at
 * `/records/:slug/:version/:file` (range requests, for seeking). Only parses and asks `domain.publishedRecords`.
 */
export function recordPublicRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    // Only the reply.sendFile decorator (ranges, ETag, conditional GET); the route below decides what may be read.
    await app.register(fastifyStatic, { root: recordingDir(config), serve: false, decorateReply: true });
    // A range past the end (416) says how long the file is, so a player can ask again (RFC 9110 §15.5.17).
    app.setErrorHandler((err: Error & { statusCode?: number; headers?: Record<string, string> }, req, reply) => {
      if (err.statusCode === 416 && err.headers) void reply.headers(err.headers);
      return httpErrorHandler(err, req, reply);
    });
    // Portals may read the record and embed its files from their own pages, as the other public lists.
    app.addHook('onSend', async (req, reply) => {
      if (req.method === 'GET' || req.method === 'HEAD') {
        reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
      }
    });

    app.get(
      '/api/interviews/:slug/record',
      {
        schema: {
          tags: ['public'],
          description:
            'The published record (视频实录、文字实录): the video, its subtitle tracks (WebVTT, SRT), chapters and the transcript, each file as a URL that answers range requests; 404 until published and after it is unpublished.',
          params: SlugParams,
          response: { 200: RecordPublic, 404: ErrorBody },
        },
      },
      async (req) => {
        const interview = await domain.interviews.getPublic(req.params.slug);
        const record = await domain.publishedRecords.recordPublic(interview);
        // Asked for and there: a replay view (counted once per browser per day, audience/replayViews.ts).
        await domain.replayViews.count(interview.id, req.ip, req.headers['user-agent'] ?? '');
        return record;
      },
    );

    app.get(
      '/records/:slug/:version/:file',
      {
        schema: {
          tags: ['public'],
          description: "A file of the current publication (video.mp4, a track's .vtt/.srt, transcript.*): range requests, cached for a year; 404 once unpublished or superseded.",
          params: FileParams,
        },
      },
      async (req, reply) => {
        const found = await domain.publishedRecords.file(req.params.slug, req.params.version, req.params.file);
        if (!found) throw new DomainError('not_found', 'file');
        return reply.sendFile(found.file, found.dir, { maxAge: YEAR_MS, immutable: true, acceptRanges: true, dotfiles: 'deny', index: false });
      },
    );
  };
}
