import type { FastifyInstance } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import type { z, ZodType } from 'zod';
import { StudioJoin, type InterServerEvents, type StudioClientEvents, type StudioServerEvents } from '../../shared/events.js';
import { QUESTION_READERS } from '../../shared/roles.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';
import type { Lang } from '../http/i18n.js';
import { audienceOf, STAFF_AUDIENCES, staffView, type StaffAudience } from '../questions/mapping.js';
import type { StaffActor } from '../questions/service.js';
import { ackHandler } from './ack.js';
import { handshakeLang, refuseOtherProtocols, staffSession } from './handshake.js';

/** What a staff socket carries: the session it was opened with, its user (to find it again), its language. */
type StudioData = { sessionId: string; userId: number; lang: Lang };
type StudioSocket = Socket<StudioClientEvents, StudioServerEvents, InterServerEvents, StudioData>;
export type StudioNamespace = Namespace<StudioClientEvents, StudioServerEvents, InterServerEvents, StudioData>;

/** One room per interview and audience, so each staff event goes out once per view: originals to moderators only. */
const studioRoom = (interviewId: number, audience: StaffAudience) => `s:${interviewId}:${audience}`;
/** Every staff room of one interview. */
export const studioRooms = (interviewId: number) => STAFF_AUDIENCES.map((a) => studioRoom(interviewId, a));

/**
 * `/studio`, the staff console's channel: it only listens. A socket joins one interview and hears its
 * questions as its role's audience sees them, the interviews' changes and the viewer count.
 */
export function attachStudio(studio: StudioNamespace, app: FastifyInstance, domain: Domain): void {
  studio.use(refuseOtherProtocols);
  studio.use((socket: StudioSocket, next) => {
    staffSession(app, domain, socket).then(
      ({ sessionId, session }) => {
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

  domain.bus.on('question:changed', ({ after }) => {
    for (const audience of STAFF_AUDIENCES) studio.to(studioRoom(after.interviewId, audience)).emit('question', staffView(after, audience));
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

  domain.bus.on('interview:changed', (interview) => studio.emit('interview', interview));
}
