import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Config } from '../config.js';

/**
 * The built front ends. The viewer's pages may be framed by the configured portals; everything else
 * keeps helmet's deny-framing default.
 */
export function pageRoutes(config: Config): FastifyPluginAsync {
  return async (app) => {
    const root = path.resolve(config.STATIC_DIR);
    const studioDir = path.join(root, 'studio');
    const viewerDir = path.join(root, 'viewer');
    const frameAncestors = config.FRAME_ANCESTORS.trim() === '*' ? '*' : config.FRAME_ANCESTORS;

    if (!fs.existsSync(path.join(viewerDir, 'index.html')) || !fs.existsSync(path.join(studioDir, 'index.html'))) {
      app.log.warn({ root }, 'front ends are not built: run `npm run build` (npm start does it)');
    }

    await app.register(fastifyStatic, { root: studioDir, prefix: '/studio/', decorateReply: true, index: 'index.html' });
    await app.register(fastifyStatic, { root: viewerDir, prefix: '/viewer/', decorateReply: false, index: false });

    const viewerPage = (reply: FastifyReply) => {
      reply.header(
        'content-security-policy',
        `default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors ${frameAncestors}`,
      );
      reply.removeHeader('x-frame-options');
      return reply.sendFile('index.html', viewerDir, { maxAge: 0 });
    };
    app.get('/v/:slug', { schema: { hide: true } }, (_req, reply) => viewerPage(reply));
    app.get('/q/:ticket', { schema: { hide: true } }, (_req, reply) => viewerPage(reply));
    app.get('/embed.js', { schema: { hide: true } }, (_req, reply) => {
      // Portals on any origin load this script, so it must be fetchable cross-origin.
      reply.header('cross-origin-resource-policy', 'cross-origin');
      return reply.sendFile('embed.js', viewerDir, { maxAge: 5 * 60_000 });
    });
    // A remote guest's invitation link opens the studio app in guest mode; it needs camera and microphone.
    app.get('/g/:token', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html', studioDir, { maxAge: 0 }));
    app.get('/studio', { schema: { hide: true } }, (_req, reply) => reply.redirect('/studio/'));
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/studio/'));
  };
}
