import type { FastifyInstance } from 'fastify';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { z, ZodType } from 'zod';
import {
  StudioJoin,
  ViewerHandshake,
  type StudioClientEvents,
  type StudioServerEvents,
  type ViewerClientEvents,
  type ViewerServerEvents,
} from '../../shared/events.js';
import { QUESTION_READERS } from '../../shared/roles.js';
import { isPublicStatus } from '../../shared/schemas/question.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';
import type { Lang } from '../http/i18n.js';
import type { StaffActor } from '../questions/service.js';
import { ackHandler } from './ack.js';
import { attachAskerChannel } from './asker.js';
import { handshakeLang, handshakeSessionId, refuseOtherProtocols } from './handshake.js';
import { toInterviewPublic } from '../interviews/service.js';
import { audienceOf, STAFF_AUDIENCES, staffView, toQuestionPublic, type StaffAudience } from '../questions/mapping.js';

/** What a viewer socket carries: its interview, and whether it is an asker's ticket page only. */
type ViewerData = { interviewId: number; ticketsOnly: boolean };
export type ViewerSocket = Socket<ViewerClientEvents, ViewerServerEvents, Record<string, never>, ViewerData>;
export type ViewerNamespace = Namespace<ViewerClientEvents, ViewerServerEvents, Record<string, never>, ViewerData>;
/** What a staff socket carries: the session it was opened with, its user (to find it again), its language. */
type StudioData = { sessionId: string; userId: number; lang: Lang };
type StudioSocket = Socket<StudioClientEvents, StudioServerEvents, Record<string, never>, StudioData>;
type StudioNamespace = Namespace<StudioClientEvents, StudioServerEvents, Record<string, never>, StudioData>;

const viewerRoom = (interviewId: number) => `i:${interviewId}`;
/** One room per interview and audience, so each staff event goes out once per view: originals to moderators only. */
const studioRoom = (interviewId: number, audience: StaffAudience) => `s:${interviewId}:${audience}`;
const studioRooms = (interviewId: number) => STAFF_AUDIENCES.map((a) => studioRoom(interviewId, a));
/** Viewer counts go out at most this often: with thousands joining, a count per join would flood. */
const VIEWER_COUNT_INTERVAL_MS = 2000;

/** Socket.IO on the app's HTTP server: `/viewer` for the public, `/studio` for staff. */
export function attachRealtime(app: FastifyInstance, domain: Domain): Server {
  const io = new Server(app.server, {
    serveClient: false,
    // A brief disconnect (a phone switching networks) replays what was missed instead of losing it.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  });
  const viewer = io.of('/viewer') as ViewerNamespace;
  const studio = io.of('/studio') as StudioNamespace;

  viewer.use(refuseOtherProtocols);
  viewer.use((socket: ViewerSocket, next) => {
    const parsed = ViewerHandshake.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error('validation'));
    domain.interviews.getPublic(parsed.data.interview).then(
      (interview) => {
        socket.data.interviewId = interview.id;
        socket.data.ticketsOnly = parsed.data.ticketsOnly === true;
        next();
      },
      () => next(new Error('not_found')),
    );
  });
  viewer.on('connection', (socket: ViewerSocket) => {
    // The asker's ticket page follows its own question only: no public channel, not a viewer.
    if (socket.data.ticketsOnly) return;
    const room = viewerRoom(socket.data.interviewId);
    if (!socket.recovered) void socket.join(room);
    // The newcomer learns the count now; everyone else with the next batched update.
    socket.emit('viewers', { count: viewer.adapter.rooms.get(room)?.size ?? 1 });
    counts.touch(socket.data.interviewId);
    socket.on('disconnect', () => counts.touch(socket.data.interviewId));
  });

  const counts = viewerCounter(viewer, studio);
  attachAskerChannel(viewer, domain, app.log);

  studio.use(refuseOtherProtocols);
  studio.use((socket: StudioSocket, next) => {
    const sessionId = handshakeSessionId(app, socket);
    if (!sessionId) return next(new Error('unauthorized'));
    domain.sessions.findActing(sessionId).then(
      (session) => {
        // A unit liaison has no questions to follow (yet): the socket would hear every interview's news.
        if (!QUESTION_READERS.includes(session.user.role)) return next(new Error('forbidden'));
        socket.data.sessionId = sessionId;
        socket.data.userId = session.user.id;
        socket.data.lang = handshakeLang(socket);
        next();
      },
      (err: unknown) => next(new Error(err instanceof DomainError ? err.code : 'unauthorized')),
    );
  });
  studio.on('connection', (socket: StudioSocket) => {
    // Every action re-reads the session, so a logout or a deactivated account stops an open socket too.
    const options = {
      lang: () => socket.data.lang,
      logFailure: (err: unknown) => app.log.error({ err }, 'studio socket action failed'),
      // The answer goes out first, so the page can say why before the connection closes.
      afterError: (body: { error: string }) => {
        if (body.error === 'unauthorized') socket.disconnect(true);
      },
    };
    const handle = <S extends ZodType, T>(schema: S, run: (input: z.output<S>, actor: StaffActor) => Promise<T>) =>
      ackHandler(
        schema,
        async (input) => {
          const s = await domain.sessions.findActing(socket.data.sessionId);
          return run(input, { id: s.user.id, name: s.user.username, role: s.user.role });
        },
        options,
      );

    socket.on(
      'join',
      handle(StudioJoin, async ({ interviewId }, actor) => {
        const questions = await domain.questions.listStaff(interviewId);
        const audience = audienceOf(actor.role);
        for (const room of socket.rooms) if (room.startsWith('s:')) void socket.leave(room);
        void socket.join(studioRoom(interviewId, audience));
        return questions.map((q) => staffView(q, audience));
      }),
    );
  });

  domain.bus.on('question:changed', ({ before, after }) => {
    for (const audience of STAFF_AUDIENCES) studio.to(studioRoom(after.interviewId, audience)).emit('question', staffView(after, audience));
    const room = viewer.to(viewerRoom(after.interviewId));
    if (isPublicStatus(after.status)) {
      const pub = toQuestionPublic(after);
      // A staff-only change (e.g. to flags) of a public question is not news to viewers.
      if (!before || !isPublicStatus(before.status) || JSON.stringify(toQuestionPublic(before)) !== JSON.stringify(pub)) room.emit('question', pub);
    } else if (before && isPublicStatus(before.status)) {
      room.emit('question:removed', { id: after.id });
    }
  });
  // A role change, a deactivation, a reset or a sign-out must reach sockets already open, not only their
  // next action: a socket whose session ended is closed, one whose role moved hears its new audience only.
  domain.bus.on('staff:access-changed', ({ userId }) => {
    const sockets = [...studio.sockets.values()].filter((s) => s.data.userId === userId);
    void Promise.all(sockets.map((s) => reconsiderStaffSocket(s))).catch((err: unknown) => app.log.error({ err, userId }, 'staff socket re-check failed'));
  });
  async function reconsiderStaffSocket(socket: StudioSocket): Promise<void> {
    const session = await domain.sessions.find(socket.data.sessionId);
    if (!session || !QUESTION_READERS.includes(session.user.role)) {
      socket.disconnect(true);
      return;
    }
    const audience = audienceOf(session.user.role);
    for (const room of [...socket.rooms]) {
      const joined = /^s:(\d+):(\w+)$/.exec(room);
      if (!joined || joined[2] === audience) continue;
      void socket.leave(room);
      void socket.join(studioRoom(Number(joined[1]), audience));
    }
  }

  domain.bus.on('interview:changed', (interview) => {
    studio.emit('interview', interview);
    viewer.to(viewerRoom(interview.id)).emit('interview', toInterviewPublic(interview));
  });

  app.addHook('onClose', async () => counts.stop());
  return io;
}

/** Batches viewer-count updates per interview into one emit per interval. */
function viewerCounter(
  viewer: ViewerNamespace,
  studio: StudioNamespace,
) {
  const dirty = new Set<number>();
  const timer = setInterval(() => {
    for (const interviewId of dirty) {
      const count = viewer.adapter.rooms.get(viewerRoom(interviewId))?.size ?? 0;
      viewer.to(viewerRoom(interviewId)).emit('viewers', { count });
      studio.to(studioRooms(interviewId)).emit('viewers', { interviewId, count });
    }
    dirty.clear();
  }, VIEWER_COUNT_INTERVAL_MS);
  timer.unref();
  return {
    touch: (interviewId: number) => dirty.add(interviewId),
    stop: () => clearInterval(timer),
  };
}
