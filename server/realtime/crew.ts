import type { FastifyInstance } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import { CrewJoin, type CrewClientEvents, type CrewServerEvents, type InterServerEvents } from '../../shared/events.js';
import { CREW } from '../../shared/roles.js';
import { chatWritable } from '../../shared/schemas/chat.js';
import type { Session } from '../auth/sessions.js';
import { crewMember } from '../chat/service.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';
import type { Lang } from '../http/i18n.js';
import { ackHandler } from './ack.js';
import { handshakeLang, refuseOtherProtocols, staffSession } from './handshake.js';

/** What a crew socket carries: its session (to re-read it), its user, its language, the interview it follows. */
type CrewData = { sessionId: string; userId: number; lang: Lang; interviewId?: number };
type CrewSocket = Socket<CrewClientEvents, CrewServerEvents, InterServerEvents, CrewData>;
export type CrewNamespace = Namespace<CrewClientEvents, CrewServerEvents, InterServerEvents, CrewData>;

/** One room per interview's chat. */
const crewRoom = (interviewId: number) => `c:${interviewId}`;

const memberOf = (s: Session) => crewMember(s.user);

/**
 * `/crew`, the crew back channel: it only listens. A socket joins one interview's chat (the ack carries the
 * latest messages) and hears each new one; posting is the HTTP route's. Viewers have no way in: the
 * handshake wants a staff session, and the messages go to this namespace's rooms only.
 */
export function attachCrew(crew: CrewNamespace, app: FastifyInstance, domain: Domain): void {
  crew.use(refuseOtherProtocols);
  crew.use((socket: CrewSocket, next) => {
    staffSession(app, domain, socket).then(
      ({ sessionId, session }) => {
        if (!CREW.includes(session.user.role)) return next(new Error('forbidden'));
        socket.data.sessionId = sessionId;
        socket.data.userId = session.user.id;
        socket.data.lang = handshakeLang(socket);
        next();
      },
      (err: unknown) => next(new Error(err instanceof DomainError ? err.code : 'unauthorized')),
    );
  });

  crew.on('connection', (socket: CrewSocket) => {
    socket.on(
      'join',
      ackHandler(
        CrewJoin,
        async ({ interviewId }) => {
          // Re-read on every join: a logout, a deactivation or a new unit counts from now, not from the handshake.
          const session = await domain.sessions.findActing(socket.data.sessionId);
          // Refused like the interview routes refuse it: another unit's interview is not found for a liaison.
          const history = await domain.chat.history(interviewId, memberOf(session));
          for (const room of socket.rooms) if (room.startsWith('c:')) void socket.leave(room);
          void socket.join(crewRoom(interviewId));
          socket.data.interviewId = interviewId;
          return history;
        },
        {
          lang: () => socket.data.lang,
          logFailure: (err: unknown) => app.log.error({ err }, 'crew socket join failed'),
          afterError: (body) => {
            if (body.error === 'unauthorized') socket.disconnect(true);
          },
        },
      ),
    );
  });

  domain.bus.on('chat:posted', (message) => crew.to(crewRoom(message.interviewId)).emit('chat', message));

  /**
   * Whether a socket may still hear the chat it follows: its session alive, its role crew, the interview
   * still one it may open. One that may not is closed (the page reconnects and its join says why).
   */
  async function reconsider(socket: CrewSocket): Promise<void> {
    const session = await domain.sessions.find(socket.data.sessionId);
    if (!session || !CREW.includes(session.user.role)) return void socket.disconnect(true);
    const { interviewId } = socket.data;
    if (interviewId === undefined) return;
    try {
      await domain.interviews.getById(interviewId, memberOf(session));
    } catch {
      socket.disconnect(true);
    }
  }
  const reconsiderAll = (sockets: CrewSocket[], context: Record<string, number>) =>
    void Promise.all(sockets.map(reconsider)).catch((err: unknown) => app.log.error({ err, ...context }, 'crew socket re-check failed'));

  // A role change, a new unit, a deactivation or a sign-out reaches sockets already open, not only their next join.
  domain.bus.on('staff:access-changed', ({ userId }) => {
    reconsiderAll([...crew.sockets.values()].filter((s) => s.data.userId === userId), { userId });
  });
  // An interview moved to another unit: the old unit's liaison may no longer follow it. An interview that
  // ended (or was reopened) tells its followers whether the chat still takes messages.
  domain.bus.on('interview:changed', (interview) => {
    const followers = [...crew.sockets.values()].filter((s) => s.data.interviewId === interview.id);
    if (followers.length === 0) return;
    reconsiderAll(followers, { interviewId: interview.id });
    crew.to(crewRoom(interview.id)).emit('chat:writable', { interviewId: interview.id, writable: chatWritable(interview.status) });
  });
}
