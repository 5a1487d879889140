import type { FastifyInstance } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import type { z, ZodType } from 'zod';
import type { CaptionsClientEvents, CaptionsServerEvents, InterServerEvents } from '../../shared/events.js';
import { CAPTIONERS } from '../../shared/roles.js';
import { CaptionCorrect, CaptionLine, CaptionSend, CaptionsJoin, CaptionTakeover, CaptionWithdraw } from '../../shared/schemas/caption.js';
import type { DeskActor } from '../captions/service.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';
import type { Lang } from '../http/i18n.js';
import { ackHandler } from './ack.js';
import { handshakeLang, refuseOtherProtocols, staffSession } from './handshake.js';

/** What a desk socket carries: its session, its user, its language, and the interview it opened. */
type CaptionsData = { sessionId: string; userId: number; lang: Lang; interviewId?: number };
type CaptionsSocket = Socket<CaptionsClientEvents, CaptionsServerEvents, InterServerEvents, CaptionsData>;
export type CaptionsNamespace = Namespace<CaptionsClientEvents, CaptionsServerEvents, InterServerEvents, CaptionsData>;

/** The room of an interview's caption desks. */
const deskRoom = (interviewId: number) => `c:${interviewId}`;

/**
 * `/captions`, the caption desk (字幕编辑): caption editors type lines (partials, then Enter), correct and
 * withdraw cues, and take a track over from each other. Only CAPTIONERS connect; a unit liaison never.
 * Every action re-reads the session and the role, and answers through ackHandler.
 */
export function attachCaptions(captions: CaptionsNamespace, app: FastifyInstance, domain: Domain): void {
  domain.captions.onBackgroundError = (err) => app.log.error({ err }, 'caption background step failed');
  captions.use(refuseOtherProtocols);
  captions.use((socket: CaptionsSocket, next) => {
    staffSession(app, domain, socket).then(
      ({ sessionId, session }) => {
        if (!CAPTIONERS.includes(session.user.role)) return next(new Error('forbidden'));
        socket.data.sessionId = sessionId;
        socket.data.userId = session.user.id;
        socket.data.lang = handshakeLang(socket);
        next();
      },
      (err: unknown) => next(new Error(err instanceof DomainError ? err.code : 'unauthorized')),
    );
  });

  captions.on('connection', (socket: CaptionsSocket) => {
    // A socket recovered after a blip comes back with its room and interview, but not through join.
    if (socket.recovered && socket.data.interviewId !== undefined) domain.captions.deskOpened(socket.data.interviewId, socket.data.userId);
    const options = {
      lang: () => socket.data.lang,
      logFailure: (err: unknown) => app.log.error({ err, interviewId: socket.data.interviewId }, 'caption socket action failed'),
      afterError: (body: { error: string }) => {
        if (body.error === 'unauthorized') socket.disconnect(true);
      },
    };
    const handle = <S extends ZodType, T>(schema: S, run: (input: z.output<S>, actor: DeskActor) => Promise<T>) =>
      ackHandler(
        schema,
        async (input) => {
          const s = await domain.sessions.findActing(socket.data.sessionId);
          if (!CAPTIONERS.includes(s.user.role)) throw new DomainError('forbidden');
          return run(input, { id: s.user.id, name: s.user.username, role: s.user.role, displayName: s.user.displayName });
        },
        options,
      );
    /** An action on an interview the socket has not opened would bypass the join's checks. */
    const joined = (interviewId: number) => {
      if (socket.data.interviewId !== interviewId) throw new DomainError('forbidden', 'interviewId');
    };

    socket.on(
      'join',
      handle(CaptionsJoin, async ({ interviewId }) => {
        const desk = await domain.captions.desk(interviewId);
        const previous = socket.data.interviewId;
        if (previous !== interviewId) {
          if (previous !== undefined) {
            void socket.leave(deskRoom(previous));
            domain.captions.deskClosed(previous, socket.data.userId);
          }
          socket.data.interviewId = interviewId;
          void socket.join(deskRoom(interviewId));
          domain.captions.deskOpened(interviewId, socket.data.userId);
        }
        return desk;
      }),
    );
    socket.on('line', handle(CaptionLine, async (input, actor) => (joined(input.interviewId), domain.captions.line(input, actor))));
    socket.on('send', handle(CaptionSend, async (input, actor) => (joined(input.interviewId), domain.captions.send(input, actor))));
    socket.on(
      'correct',
      handle(CaptionCorrect, async (input, actor) => {
        await assertCueOf(input.id);
        return domain.captions.correct(input, actor);
      }),
    );
    socket.on(
      'withdraw',
      handle(CaptionWithdraw, async ({ id }, actor) => {
        await assertCueOf(id);
        return domain.captions.withdraw(id, actor);
      }),
    );
    socket.on('takeover', handle(CaptionTakeover, async ({ interviewId, track }, actor) => (joined(interviewId), domain.captions.takeover(interviewId, track, actor))));
    socket.on('disconnect', () => {
      if (socket.data.interviewId !== undefined) domain.captions.deskClosed(socket.data.interviewId, socket.data.userId);
    });

    /** A correction or withdrawal only for a cue of the interview this desk opened. */
    async function assertCueOf(id: number): Promise<void> {
      const row = await domain.db.selectFrom('caption_cues').select('interview_id').where('id', '=', id).executeTakeFirst();
      if (!row || row.interview_id !== socket.data.interviewId) throw new DomainError('not_found', 'id');
    }
  });

  domain.bus.on('caption:changed', (cue) => captions.to(deskRoom(cue.interviewId)).emit('cue', cue));
  domain.bus.on('caption:removed', ({ interviewId, id }) => captions.to(deskRoom(interviewId)).emit('cue:removed', { interviewId, id }));
  domain.bus.on('caption:holder', (p) => captions.to(deskRoom(p.interviewId)).emit('holder', p));
  domain.bus.on('caption:tracks', (p) => captions.to(deskRoom(p.interviewId)).emit('tracks', p));
  // A role change or a sign-out reaches open desks at once: a socket no longer allowed to caption closes.
  domain.bus.on('staff:access-changed', ({ userId }) => {
    const sockets = [...captions.sockets.values()].filter((s) => s.data.userId === userId);
    void Promise.all(
      sockets.map(async (s) => {
        const session = await domain.sessions.find(s.data.sessionId);
        if (!session || !CAPTIONERS.includes(session.user.role)) s.disconnect(true);
      }),
    ).catch((err: unknown) => app.log.error({ err, userId }, 'caption socket re-check failed'));
  });
}
