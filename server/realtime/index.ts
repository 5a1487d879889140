import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import type { Domain } from '../domain.js';
import { attachAskerChannel } from './asker.js';
import { attachCrew, type CrewNamespace } from './crew.js';
import { attachCaptions, type CaptionsNamespace } from './captions.js';
import { attachStudio, type StudioNamespace } from './studio.js';
import { attachViewer, type ViewerNamespace } from './viewer.js';
import { viewerCounter } from './viewerCount.js';

/**
 * Socket.IO on the app's HTTP server. One file per namespace in this folder (`viewer.ts` with the asker's
 * part in `asker.ts`, `studio.ts`, `captions.ts`, `crew.ts`), each attached here; `/media` is attached to the same server by the media
 * module (server/media/signalling.ts), the only place that touches mediasoup. Every staff namespace checks its
 * handshake with `staffSession` (handshake.ts), and every namespace is typed with `InterServerEvents`.
 */
export function attachRealtime(app: FastifyInstance, domain: Domain): Server {
  const io = new Server(app.server, {
    serveClient: false,
    // A brief disconnect (a phone switching networks) replays what was missed instead of losing it.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  });
  const viewer = io.of('/viewer') as unknown as ViewerNamespace;
  const studio = io.of('/studio') as unknown as StudioNamespace;
  const crew = io.of('/crew') as unknown as CrewNamespace;
  const counts = viewerCounter(viewer, studio);
  domain.viewerSessions.reportErrorsTo((err) => app.log.error({ err }, 'viewer sessions: write failed (kept for the next flush unless refused)'));

  attachViewer(viewer, domain, counts, app.log);
  attachAskerChannel(viewer, domain, app.log);
  attachStudio(studio, app, domain);
  attachCrew(crew, app, domain);
  attachCaptions(io.of('/captions') as unknown as CaptionsNamespace, app, domain);

  app.addHook('onClose', async () => {
    counts.stop();
    // The sessions still open end with the server; disconnects that follow change nothing.
    await domain.viewerSessions.close();
  });
  return io;
}
