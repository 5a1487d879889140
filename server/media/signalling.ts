import type { FastifyInstance } from 'fastify';
import type { types } from 'mediasoup';
import type { Namespace, Server, Socket } from 'socket.io';
import type { InterServerEvents } from '../../shared/events.js';
import {
  Consume,
  ConnectTransport,
  ConsumerRef,
  CreateTransport,
  MediaHandshake,
  ParticipantRef,
  Produce,
  ProducerRef,
  ProgramSet,
  RestartIce,
  SetLayers,
  type MediaClientEvents,
  type MediaServerEvents,
} from '../../shared/media.js';
import { BROADCASTERS, type Role } from '../../shared/roles.js';
import { z, type ZodType } from 'zod';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';
import type { Lang } from '../http/i18n.js';
import { ackHandler } from '../realtime/ack.js';
import { handshakeLang, handshakeSessionId, refuseOtherProtocols, staffSession } from '../realtime/handshake.js';
import type { Peer } from './peer.js';
import type { RoomRegistry } from './registry.js';
import type { BroadcastRoom } from './room.js';

interface MediaSocketData {
  interviewId: number;
  kind: 'viewer' | 'staff' | 'guest';
  role: Role | null;
  participant: { id: string; name: string; title: string } | null;
  lang: Lang;
  peer: Peer | null;
  room: BroadcastRoom | null;
}
type MediaSocket = Socket<MediaClientEvents, MediaServerEvents, InterServerEvents, MediaSocketData>;

const roomChannel = (interviewId: number) => `m:${interviewId}`;
const stageChannel = (interviewId: number) => `m:${interviewId}:stage`;

/** The `/media` namespace: WebRTC signalling for the stage, the director and viewers. */
export function attachMediaSignalling(app: FastifyInstance, io: Server, domain: Domain, rooms: RoomRegistry): void {
  const ns = io.of('/media') as unknown as Namespace<MediaClientEvents, MediaServerEvents, InterServerEvents, MediaSocketData>;

  ns.use(refuseOtherProtocols);
  ns.use((socket: MediaSocket, next) => {
    const lang = handshakeLang(socket);
    const parsed = MediaHandshake.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error('validation'));
    identify(app, domain, socket, parsed.data).then(
      (data) => {
        socket.data = { ...data, lang, peer: null, room: null };
        next();
      },
      (err: unknown) => next(new Error(err instanceof DomainError ? err.code : 'internal')),
    );
  });

  ns.on('connection', (socket: MediaSocket) => {
    // Connection-state recovery brings back the old socket's data, but its peer closed when it left:
    // media cannot be resumed, only rebuilt, so a recovered socket starts without one.
    if (socket.recovered) {
      socket.data.peer = null;
      socket.data.room = null;
    }
    const { interviewId } = socket.data;
    void socket.join(roomChannel(interviewId));
    if (socket.data.kind !== 'viewer') void socket.join(stageChannel(interviewId));

    const options = {
      lang: () => socket.data.lang,
      logFailure: (err: unknown) => app.log.error({ err, interviewId }, 'media request failed'),
      mapError: mediaError,
    };
    const handle = <S extends ZodType, T>(
      schema: S,
      run: (input: z.output<S>, peer: Peer, room: BroadcastRoom) => Promise<T> | T,
      roles?: readonly Role[],
    ) =>
      ackHandler(
        schema,
        async (input) => {
          if (roles && (!socket.data.role || !roles.includes(socket.data.role))) throw new DomainError('forbidden');
          const { peer, room } = await ensurePeer(socket);
          return run(input, peer, room);
        },
        options,
      );

    const directors = BROADCASTERS;
    const Empty = z.unknown();
    socket.on('rtpCapabilities', handle(Empty, (_i, _p, room) => room.rtpCapabilities));
    socket.on('transport:create', handle(CreateTransport, ({ direction }, peer, room) => room.createTransport(peer, direction)));
    socket.on(
      'transport:connect',
      handle(ConnectTransport, async ({ transportId, dtlsParameters }, peer, room) => {
        await room.connectTransport(peer, transportId, dtlsParameters as unknown as types.DtlsParameters);
        return null;
      }),
    );
    socket.on('transport:restartIce', handle(RestartIce, async ({ transportId }, peer, room) => ({ iceParameters: await room.restartIce(peer, transportId) })));
    socket.on('stage:join', handle(Empty, (_i, peer, room) => room.joinStage(peer)));
    socket.on('stage:leave', handle(Empty, (_i, peer, room) => (room.leaveStage(peer), null)));
    socket.on(
      'produce',
      handle(Produce, async ({ transportId, kind, rtpParameters, source }, peer, room) => ({
        id: await room.produce(peer, transportId, kind, rtpParameters as unknown as types.RtpParameters, source),
      })),
    );
    socket.on('producer:pause', handle(ProducerRef, async ({ producerId }, peer, room) => (await room.setProducerPaused(peer, producerId, true), null)));
    socket.on('producer:resume', handle(ProducerRef, async ({ producerId }, peer, room) => (await room.setProducerPaused(peer, producerId, false), null)));
    socket.on(
      'consume',
      handle(Consume, ({ transportId, producerId, rtpCapabilities }, peer, room) =>
        room.consume(peer, transportId, producerId, rtpCapabilities as unknown as types.RtpCapabilities),
      ),
    );
    socket.on('consumer:resume', handle(ConsumerRef, async ({ consumerId }, peer, room) => (await room.resumeConsumer(peer, consumerId), null)));
    socket.on('consumer:setLayers', handle(SetLayers, async ({ consumerId, spatialLayer }, peer, room) => (await room.setConsumerLayers(peer, consumerId, spatialLayer), null)));
    socket.on('stage:admit', handle(ParticipantRef, ({ participantId }, _p, room) => (room.setStageState(participantId, 'stage'), null), directors));
    socket.on('stage:remove', handle(ParticipantRef, ({ participantId }, _p, room) => (room.setStageState(participantId, 'green_room'), null), directors));
    socket.on('program:set', handle(ProgramSet, ({ participantIds, layout }, _p, room) => room.setProgram(participantIds, layout), directors));
    socket.on('stats', handle(Empty, (_i, _p, room) => room.stats(), directors));

    socket.on('disconnect', () => {
      const { peer, room } = socket.data;
      if (peer && room) room.removePeer(peer);
    });

    // Everyone learns the current program at once; stage members also who is there.
    ensurePeer(socket).then(
      ({ room }) => {
        socket.emit('program', room.program());
        if (socket.data.kind !== 'viewer') socket.emit('participants', room.participants());
      },
      (err: unknown) => app.log.error({ err, interviewId }, 'could not open the media room'),
    );
  });

  /**
   * The socket's peer in its interview's room, created on first need. Requests arriving while it is
   * being created wait for the same peer: two would leak a transport slot on a viewer router.
   */
  const pending = new WeakMap<MediaSocket, Promise<{ peer: Peer; room: BroadcastRoom }>>();
  function ensurePeer(socket: MediaSocket): Promise<{ peer: Peer; room: BroadcastRoom }> {
    const existing = socket.data.peer;
    if (existing?.closed) return Promise.reject(new DomainError('media', 'room', 'reconnect'));
    let p = pending.get(socket);
    if (!p) {
      p = (async () => {
        const room = await rooms.get(socket.data.interviewId);
        if (!watched.has(room)) watchRoom(room);
        const peer = await room.addPeer(socket.id, socket.data.kind, socket.data.participant ?? undefined);
        socket.data.peer = peer;
        socket.data.room = room;
        // A socket that left while its peer was being made must not leave the peer behind.
        if (socket.disconnected) room.removePeer(peer);
        return { peer, room };
      })();
      pending.set(socket, p);
      p.catch(() => pending.delete(socket));
    }
    return p;
  }

  const watched = new WeakSet<BroadcastRoom>();
  function watchRoom(room: BroadcastRoom): void {
    watched.add(room);
    room.on('program', (p) => ns.to(roomChannel(room.interviewId)).emit('program', p));
    room.on('participants', (p) => ns.to(stageChannel(room.interviewId)).emit('participants', p));
    room.once('close', (reason) => {
      if (reason === 'worker_died') ns.to(roomChannel(room.interviewId)).emit('reconnect');
    });
  }

  // A revoked invitation ends the guest's connection at once, not at their next reconnect.
  domain.bus.on('invite:revoked', ({ interviewId, inviteId }) => {
    const participantId = `g:${inviteId}`;
    void rooms.peek(interviewId).then((room) => {
      room?.evict(participantId);
      for (const [, s] of ns.sockets) if (s.data.participant?.id === participantId) s.disconnect(true);
    });
  });

  // A staff member signed out, deactivated or moved to a role that does not broadcast leaves the stage at
  // once: the media socket checked the session when it connected, and would otherwise keep publishing.
  domain.bus.on('staff:access-changed', ({ userId }) => {
    const participantId = `u:${userId}`;
    for (const [, s] of ns.sockets) {
      if (s.data.kind !== 'staff' || s.data.participant?.id !== participantId) continue;
      void domain.sessions
        .find(handshakeSessionId(app, s) ?? '')
        .then(async (session) => {
          if (session && BROADCASTERS.includes(session.user.role)) {
            s.data.role = session.user.role;
            return;
          }
          (await rooms.peek(s.data.interviewId))?.evict(participantId);
          s.disconnect(true);
        })
        .catch((err: unknown) => app.log.error({ err, userId }, 'media socket re-check failed'));
    }
  });

  // Going live or ending is the interview's status; the room follows it.
  domain.bus.on('interview:changed', (interview) => {
    void rooms.peek(interview.id).then((room) => room?.setLive(interview.status === 'live'));
  });
  domain.bus.on('interview:ended', (interview) => void endBroadcast(interview.id));

  /**
   * The end of the broadcast: viewers see the program go off air, everyone is told it ended (so nobody
   * reconnects into a new room), their connections are dropped, and the room closes with its routers.
   */
  async function endBroadcast(interviewId: number): Promise<void> {
    const room = await rooms.peek(interviewId).catch(() => undefined);
    room?.setLive(false);
    ns.to(roomChannel(interviewId)).emit('ended');
    // This namespace only: a viewer's media socket shares its connection with the `/viewer` socket.
    ns.in(roomChannel(interviewId)).disconnectSockets();
    await rooms.close(interviewId, 'ended');
  }
}

/** mediasoup's own errors (bad RTP parameters, unknown ids) become a clear 400, not a 500. */
function mediaError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  if (err instanceof Error && /TypeError|UnsupportedError|InvalidStateError|not found|invalid/i.test(`${err.name} ${err.message}`)) {
    return new DomainError('media');
  }
  return err;
}

async function identify(
  app: FastifyInstance,
  domain: Domain,
  socket: MediaSocket,
  hs: MediaHandshake,
): Promise<Pick<MediaSocketData, 'interviewId' | 'kind' | 'role' | 'participant'>> {
  if (hs.as === 'viewer') {
    const interview = await domain.interviews.getPublic(hs.interview);
    return { interviewId: interview.id, kind: 'viewer', role: null, participant: null };
  }
  if (hs.as === 'guest') {
    const { invite } = await domain.invites.resolve(hs.invite);
    // An invite names its guest; the 职务 is the one the interview lists for that name (none if it lists none).
    const { guests } = await domain.interviews.getById(invite.interviewId);
    const title = guests.find((g) => g.name === invite.guestName)?.title ?? '';
    return { interviewId: invite.interviewId, kind: 'guest', role: null, participant: { id: `g:${invite.id}`, name: invite.guestName, title } };
  }
  const { session } = await staffSession(app, domain, socket);
  if (!BROADCASTERS.includes(session.user.role)) throw new DomainError('forbidden');
  await domain.interviews.getById(hs.interviewId);
  return {
    interviewId: hs.interviewId,
    kind: 'staff',
    role: session.user.role,
    participant: { id: `u:${session.user.id}`, name: session.user.displayName, title: session.user.title },
  };
}
