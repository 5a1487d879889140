import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Server as IoServer } from 'socket.io';
import type { Config } from './config.js';
import { recordingDir, type Domain } from './domain.js';
import { clientErrorHandler } from './http/client-errors.js';
import { frameworkErrorHandler, httpErrorHandler } from './http/errors.js';
import { errorMessage, langFrom } from './http/i18n.js';
import { withSafeRequestLog } from './http/logging.js';
import { startMedia, type Media } from './media/index.js';
import { startHousekeeping, sweepUnusedUploads, UPLOAD_SWEEP_MS } from './housekeeping.js';
import { attachRealtime } from './realtime/index.js';
import { studioRooms } from './realtime/studio.js';
import { captureSourceOf } from './record/compose-service.js';
import { RecordingService } from './recording/service.js';
import { authRoutes } from './routes/auth.js';
import { chatRoutes } from './routes/chat.js';
import { captionRoutes } from './routes/captions.js';
import { inviteRoutes } from './routes/invites.js';
import { livetextRoutes } from './routes/livetext.js';
import { auditRoutes } from './routes/audit.js';
import { planRoutes } from './routes/plan.js';
import { pageRoutes } from './routes/pages.js';
import { receiptRoutes } from './routes/receipts.js';
import { publicRoutes } from './routes/public.js';
import { recordPublishRoutes } from './routes/record-publish.js';
import { recordTranscriptRoutes } from './routes/record-transcript.js';
import { recordSubtitleRoutes } from './routes/record-subtitles.js';
import { recordPublicRoutes } from './routes/record-public.js';
import { recordProgramRoutes } from './routes/record-program.js';
import { recordingRoutes } from './routes/recording.js';
import { studioRoutes } from './routes/studio.js';
import { previewRoutes } from './routes/previews.js';
import { voteRoutes } from './routes/votes.js';
import { calendarRoutes } from './routes/calendar.js';
import { replyRoutes } from './routes/replies.js';
import { statsRoutes } from './routes/stats.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: IoServer;
    media: Media;
    recording: RecordingService;
  }
}

/** The cookie-signing secret: configured, or generated once into DATA_DIR so sessions survive restarts. */
function sessionSecret(config: Config): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  const file = path.join(config.DATA_DIR, 'session-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Builds the whole app over a domain; tests build it without listening. */
export async function buildApp(domain: Domain, config: Config, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withSafeRequestLog(logger),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 64 * 1024,
    // Refusals below the routes (router, HTTP parser) answer the same error body as everything else.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(httpErrorHandler);
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'not_found', message: errorMessage('not_found', langFrom(req.headers['accept-language'])) }),
  );

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The studio's stage page will need camera and microphone; the default policy is fine otherwise.
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie, { secret: sessionSecret(config) });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (req, ctx) => ({
      statusCode: ctx.statusCode,
      error: 'rate_limited',
      message: `${errorMessage('rate_limited', langFrom(req.headers['accept-language']))} (${ctx.after})`,
    }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'fangtan API',
        version: '1',
        description: 'Public contract for portals and scripts, and the staff API of the studio.',
      },
      tags: [{ name: 'public' }, { name: 'auth' }, { name: 'studio' }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(publicRoutes(domain, config));
  await app.register(authRoutes(domain, config));
  await app.register(studioRoutes(domain));
  await app.register(chatRoutes(domain, config));
  await app.register(captionRoutes(domain, config));
  await app.register(inviteRoutes(domain, config));
  await app.register(livetextRoutes(domain, config));
  await app.register(previewRoutes(domain, config));
  await app.register(voteRoutes(domain, config));
  await app.register(recordTranscriptRoutes(domain));
  await app.register(recordPublishRoutes(domain));
  await app.register(recordSubtitleRoutes(domain));
  await app.register(recordPublicRoutes(domain, config));
  await app.register(recordProgramRoutes(domain, config));
  await app.register(replyRoutes(domain));
  await app.register(calendarRoutes(domain));
  await app.register(receiptRoutes(domain, config));
  await app.register(statsRoutes(domain));
  await app.register(auditRoutes(domain, config));
  await app.register(planRoutes(domain));
  await app.register(pageRoutes(config));
  domain.replies.onBackgroundError = (err) => app.log.error({ err, module: 'replies' }, 'written-reply assignment failed');
  domain.replyNotifier.onError = (err, replyId) => app.log.warn({ err, replyId, module: 'replies' }, 'written-reply e-mail not sent; tried again later');
  app.addHook('onClose', () => domain.replyNotifier.close());
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Expired sessions open nothing (SessionStore.find checks the time), but each login would stay a row forever.
  const sessionPurge = await startHousekeeping('sessions', () => domain.sessions.purgeExpired(), config.SESSION_PURGE_SECONDS * 1000, app.log);
  app.addHook('onClose', () => sessionPurge.stop());
  // Photos uploaded and never used (a live-text entry not posted, a 回执 person removed or never saved) go after
  // UPLOAD_KEEP_HOURS: long enough for a draft left overnight, short enough that the folder does not only grow.
  const uploadSweep = await startHousekeeping('uploads', () => sweepUnusedUploads(domain, new Date(Date.now() - config.UPLOAD_KEEP_HOURS * 3600_000)), UPLOAD_SWEEP_MS, app.log);
  app.addHook('onClose', () => uploadSweep.stop());

  app.decorate('io', attachRealtime(app, domain));
  app.decorate('media', await startMedia(app, app.io, domain, config));
  const mb = 2 ** 20;
  const recording = new RecordingService(domain.db, domain.bus, domain.interviews, app.media.rooms, app.media.openRecordingTap, {
    root: recordingDir(config),
    minFreeBytes: config.RECORDING_MIN_FREE_MB * mb,
    lowFreeBytes: config.RECORDING_LOW_FREE_MB * mb,
    stopFreeBytes: config.RECORDING_STOP_FREE_MB * mb,
    minPort: config.RECORDING_MIN_PORT,
    maxPort: config.RECORDING_MAX_PORT,
  }, app.log.child({ module: 'recording' }));
  app.decorate('recording', recording);
  recording.on('status', (s) => app.io.of('/studio').to(studioRooms(s.interviewId)).emit('recording', s));
  // The composer listens before the capture boots: booting may complete ended interviews' captures and say so.
  // From then on each ended interview's completed capture is composed, and one a stop interrupted is redone.
  await domain.programs.useCaptures(captureSourceOf(recording, domain.bus));
  await recording.boot();
  await app.register(recordingRoutes(domain, recording));
  app.addHook('onClose', async () => {
    domain.programs.close();
    // ffmpeg first: it finishes its open segment while the media it reads still flows.
    await recording.close();
    await app.media.close();
    await new Promise<void>((resolve) => app.io.close(() => resolve()));
  });
  return app;
}
