import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type {
  ConsumerOptions,
  Layout,
  MediaSource,
  Participant,
  ParticipantStats,
  Program,
  TransportOptions,
} from '../../shared/media.js';
import { DomainError } from '../http/errors.js';
import { Peer, type PeerKind } from './peer.js';
import { participantStats } from './stats.js';
import { ViewerRouters } from './viewerRouters.js';
import type { WorkerPool } from './workerPool.js';

/**
 * Why a room closed: its worker died (peers rebuild on a new room), its interview ended (peers are told
 * and sent away), nobody was connected for a while (`idle`), or the server shuts down.
 */
export type RoomCloseReason = 'worker_died' | 'ended' | 'idle' | 'closed';

interface RoomEvents {
  program: [Program];
  participants: [Participant[]];
  /** The last peer left: the registry closes the room if nobody comes back for a while. */
  empty: [];
  close: [reason: RoomCloseReason];
}

export interface RoomSnapshot {
  stage: Array<Omit<StageEntry, 'peer'>>;
  programIds: string[];
  layout: Layout;
}

interface StageEntry {
  participantId: string;
  name: string;
  title: string;
  kind: 'staff' | 'guest';
  state: 'green_room' | 'stage';
  peer: Peer | null;
}

/**
 * One interview's live media. Everyone on the stage (host, director, guests) publishes into the stage
 * router; viewers consume the program there until it holds `viewersPerRouter`, then from further
 * routers on other workers, to which the program's producers are piped.
 */
export class BroadcastRoom extends EventEmitter<RoomEvents> {
  private readonly peers = new Map<string, Peer>();
  private readonly stage = new Map<string, StageEntry>();
  private readonly viewerRouters: ViewerRouters;
  private programIds: string[] = [];
  private layout: Layout = 'single';
  private closed = false;

  private constructor(
    readonly interviewId: number,
    readonly stageRouter: types.Router,
    pool: WorkerPool,
    private readonly transportOptions: types.WebRtcTransportOptions,
    viewersPerRouter: number,
    private live: boolean,
  ) {
    super();
    this.viewerRouters = new ViewerRouters(stageRouter, pool, viewersPerRouter);
  }

  static async create(
    interviewId: number,
    live: boolean,
    pool: WorkerPool,
    transportOptions: types.WebRtcTransportOptions,
    viewersPerRouter: number,
  ): Promise<BroadcastRoom> {
    const router = await pool.createRouter();
    return new BroadcastRoom(interviewId, router, pool, transportOptions, viewersPerRouter, live);
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.stageRouter.rtpCapabilities;
  }

  /** Whether any of this room's routers runs on the given worker. */
  usesWorker(worker: types.Worker): boolean {
    return this.viewerRouters.usesWorker(worker);
  }

  /** Adds a socket's peer: viewers on the least full viewer router, staff and guests on the stage router. */
  async addPeer(id: string, kind: PeerKind, participant?: { id: string; name: string; title?: string }): Promise<Peer> {
    this.assertOpen();
    const router = kind === 'viewer' ? await this.viewerRouters.take() : this.stageRouter;
    const peer = new Peer(id, kind, router, participant?.id ?? null, participant?.name ?? '', participant?.title ?? '');
    this.peers.set(id, peer);
    return peer;
  }

  removePeer(peer: Peer): void {
    peer.close();
    // Only the peer still registered counts: a stale one (replaced, or of a closed room) changes nothing.
    if (this.peers.get(peer.id) !== peer) return;
    this.peers.delete(peer.id);
    if (peer.kind === 'viewer') this.viewerRouters.release(peer.router);
    if (peer.participantId) {
      const entry = this.stage.get(peer.participantId);
      // A newer connection of the same person may already have taken over the entry.
      if (entry?.peer === peer) {
        entry.peer = null;
        this.announce();
      }
    }
    if (this.peers.size === 0 && !this.closed) this.emit('empty');
  }

  /** Nobody is connected: no viewer, no stage member, no director. */
  get isEmpty(): boolean {
    return this.peers.size === 0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get viewerCount(): number {
    return [...this.peers.values()].filter((p) => p.kind === 'viewer').length;
  }

  /** Staff go straight on stage; guests wait in the green room until the director admits them. */
  joinStage(peer: Peer): Participant {
    if (!peer.participantId) throw new DomainError('forbidden', 'stage');
    const existing = this.stage.get(peer.participantId);
    if (existing?.peer && existing.peer !== peer) existing.peer.close();
    const entry: StageEntry = existing ?? {
      participantId: peer.participantId,
      name: peer.name,
      title: peer.title,
      kind: peer.kind === 'guest' ? 'guest' : 'staff',
      state: peer.kind === 'guest' ? 'green_room' : 'stage',
      peer,
    };
    entry.peer = peer;
    this.stage.set(peer.participantId, entry);
    this.announce();
    return this.describe(entry);
  }

  /** Leaves the stage for good: off the program, out of the roster, their producers closed. */
  leaveStage(peer: Peer): void {
    if (!peer.participantId) throw new DomainError('forbidden', 'stage');
    const entry = this.stage.get(peer.participantId);
    if (!entry || entry.peer !== peer) return;
    for (const p of [...peer.producers.values()]) p.close();
    this.stage.delete(peer.participantId);
    this.takeOffAir(peer.participantId);
    this.announce();
  }

  /** Who was on stage and what was on air, to carry over into a room rebuilt after its worker died. */
  snapshot(): RoomSnapshot {
    return {
      stage: [...this.stage.values()].map(({ peer: _peer, ...rest }) => rest),
      programIds: [...this.programIds],
      layout: this.layout,
    };
  }

  restore(s: RoomSnapshot): void {
    for (const e of s.stage) if (!this.stage.has(e.participantId)) this.stage.set(e.participantId, { ...e, peer: null });
    this.programIds = s.programIds;
    this.layout = s.layout;
  }

  /** Disconnects whoever is connected as this participant (a revoked invitation). */
  evict(participantId: string): Peer | null {
    const entry = this.stage.get(participantId);
    const peer = entry?.peer ?? [...this.peers.values()].find((p) => p.participantId === participantId) ?? null;
    if (entry) {
      this.stage.delete(participantId);
      this.takeOffAir(participantId);
    }
    if (peer) this.removePeer(peer);
    this.announce();
    return peer;
  }

  setStageState(participantId: string, state: 'green_room' | 'stage'): StageEntry {
    const entry = this.stage.get(participantId);
    if (!entry) throw new DomainError('not_found', 'participant');
    entry.state = state;
    if (state === 'green_room') this.takeOffAir(participantId);
    this.announce();
    return entry;
  }

  /** Puts participants on air in layout order; only people on the stage qualify. */
  setProgram(participantIds: string[], layout: Layout): Program {
    for (const id of participantIds) {
      if (this.stage.get(id)?.state !== 'stage') throw new DomainError('validation', 'participantIds', 'not_on_stage');
    }
    this.programIds = [...new Set(participantIds)];
    this.layout = layout;
    this.closeViewerConsumersOffAir();
    this.announce();
    return this.program();
  }

  setLive(live: boolean): void {
    this.live = live;
    if (!live) this.closeViewerConsumersOffAir();
    this.emitProgram();
  }

  program(): Program {
    return {
      live: this.live,
      layout: this.layout,
      slots: this.programIds.flatMap((id) => {
        const entry = this.stage.get(id);
        // Someone whose connection dropped keeps their place but leaves no empty tile meanwhile.
        if (!entry?.peer || entry.peer.closed) return [];
        const p = entry.peer;
        return [
          {
            participantId: id,
            name: entry.name,
            title: entry.title,
            audioProducerId: p?.producerFor('microphone')?.id ?? null,
            videoProducerId: p?.producerFor('camera')?.id ?? null,
          },
        ];
      }),
    };
  }

  /** A stage member's live camera and microphone producers (for the recording tap), none when disconnected. */
  producersOf(participantId: string): { audio?: types.Producer; video?: types.Producer } {
    const peer = this.stage.get(participantId)?.peer;
    if (!peer || peer.closed) return {};
    const audio = peer.producerFor('microphone');
    const video = peer.producerFor('camera');
    return { ...(audio && { audio }), ...(video && { video }) };
  }

  participants(): Participant[] {
    return [...this.stage.values()].map((e) => this.describe(e));
  }

  async createTransport(peer: Peer, direction: 'send' | 'recv'): Promise<TransportOptions> {
    this.assertOpen();
    if (direction === 'send' && peer.kind === 'viewer') throw new DomainError('forbidden', 'direction');
    // One transport per direction: a client that reconnects asks for a new one, and the old one goes.
    for (const t of peer.transports.values()) {
      if ((t.appData as { direction?: string }).direction === direction) {
        t.close();
        peer.transports.delete(t.id);
      }
    }
    const transport = await peer.router.createWebRtcTransport({ ...this.transportOptions, appData: { direction } });
    peer.transports.set(transport.id, transport);
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async produce(peer: Peer, transportId: string, kind: 'audio' | 'video', rtpParameters: types.RtpParameters, source: MediaSource): Promise<string> {
    if (peer.kind === 'viewer' || !peer.participantId) throw new DomainError('forbidden', 'produce');
    if ((source === 'camera') !== (kind === 'video')) throw new DomainError('validation', 'source');
    const transport = this.transportOf(peer, transportId, 'send');
    peer.producerFor(source)?.close();
    const producer = await transport.produce({ kind, rtpParameters, appData: { source, participantId: peer.participantId } });
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      peer.producers.delete(producer.id);
      if (!peer.closed) {
        this.announce();
      }
    });
    this.announce();
    return producer.id;
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const producer = peer.producers.get(producerId);
    if (!producer) throw new DomainError('not_found', 'producerId');
    if (paused) await producer.pause();
    else await producer.resume();
    this.emitParticipants();
  }

  /**
   * Creates a consumer for a producer. Viewers may only receive what is on air; stage members may
   * receive anyone (the director's previews, guests seeing the host).
   */
  async consume(peer: Peer, transportId: string, producerId: string, rtpCapabilities: types.RtpCapabilities): Promise<ConsumerOptions> {
    const transport = this.transportOf(peer, transportId, 'recv');
    if (peer.kind === 'viewer' && !this.onAirProducerIds().has(producerId)) throw new DomainError('forbidden', 'producerId');
    if (!this.findProducer(producerId)) throw new DomainError('not_found', 'producerId');
    await this.viewerRouters.ensureProducer(producerId, peer.router);
    if (!peer.router.canConsume({ producerId, rtpCapabilities })) throw new DomainError('media', 'rtpCapabilities');
    const consumer = await transport.consume({
      producerId,
      rtpCapabilities,
      // Start paused: the client resumes once its consumer exists, so the first packets (and the key
      // frame requested on resume) are not lost before the browser can handle them.
      paused: true,
    });
    peer.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => peer.consumers.delete(consumer.id));
    return { id: consumer.id, producerId, kind: consumer.kind, rtpParameters: consumer.rtpParameters };
  }

  async resumeConsumer(peer: Peer, consumerId: string): Promise<void> {
    const consumer = peer.consumers.get(consumerId);
    if (!consumer) throw new DomainError('not_found', 'consumerId');
    await consumer.resume();
    // With simulcast the first key frame can be gone before the viewer is ready, and the browser waits
    // seconds before asking again: ask the publisher for a fresh one now.
    if (consumer.kind === 'video') await consumer.requestKeyFrame();
  }

  async setConsumerLayers(peer: Peer, consumerId: string, spatialLayer: number): Promise<void> {
    const consumer = peer.consumers.get(consumerId);
    if (!consumer) throw new DomainError('not_found', 'consumerId');
    if (consumer.type === 'simulcast') await consumer.setPreferredLayers({ spatialLayer });
  }

  async restartIce(peer: Peer, transportId: string): Promise<unknown> {
    const transport = peer.transport(transportId);
    if (!transport) throw new DomainError('not_found', 'transportId');
    return transport.restartIce();
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = peer.transport(transportId);
    if (!transport) throw new DomainError('not_found', 'transportId');
    await transport.connect({ dtlsParameters });
  }

  /** What the director watches for each participant. */
  stats(): Promise<ParticipantStats[]> {
    return Promise.all([...this.stage.values()].map((e) => participantStats(e.participantId, e.peer)));
  }

  /** Closes every peer's transports and every router of the room; the registry then forgets it. */
  close(reason: RoomCloseReason): void {
    if (this.closed) return;
    this.closed = true;
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.viewerRouters.close();
    this.emit('close', reason);
  }

  private describe(e: StageEntry): Participant {
    const producers: Participant['producers'] = {};
    for (const source of ['camera', 'microphone'] as const) {
      const p = e.peer?.producerFor(source);
      if (p) producers[source] = { id: p.id, paused: p.paused };
    }
    return {
      id: e.participantId,
      name: e.name,
      kind: e.kind,
      state: e.state,
      connected: !!e.peer && !e.peer.closed,
      producers,
      onAir: this.programIds.includes(e.participantId),
    };
  }

  private onAirProducerIds(): Set<string> {
    if (!this.live) return new Set();
    return new Set(this.program().slots.flatMap((s) => [s.audioProducerId, s.videoProducerId]).filter((x): x is string => !!x));
  }

  /** A viewer must not keep receiving someone the director took off air. */
  private closeViewerConsumersOffAir(): void {
    const onAir = this.onAirProducerIds();
    for (const peer of this.peers.values()) {
      if (peer.kind !== 'viewer') continue;
      for (const c of peer.consumers.values()) if (!onAir.has(c.producerId)) c.close();
    }
  }

  private findProducer(id: string): types.Producer | undefined {
    for (const e of this.stage.values()) {
      const p = e.peer?.producers.get(id);
      if (p) return p;
    }
    return undefined;
  }

  private transportOf(peer: Peer, id: string, direction: 'send' | 'recv'): types.WebRtcTransport {
    const t = peer.transport(id);
    if (!t) throw new DomainError('not_found', 'transportId');
    if ((t.appData as { direction?: string }).direction !== direction) throw new DomainError('validation', 'transportId');
    return t;
  }

  private assertOpen(): void {
    if (this.closed) throw new DomainError('media', 'room', 'reconnect');
  }

  private takeOffAir(participantId: string): void {
    this.programIds = this.programIds.filter((id) => id !== participantId);
  }

  /** Tells stage members who is there and everyone what is on air. */
  private announce(): void {
    this.emitParticipants();
    this.emitProgram();
  }

  private emitParticipants(): void {
    if (!this.closed) this.emit('participants', this.participants());
  }

  private emitProgram(): void {
    if (!this.closed) this.emit('program', this.program());
  }
}
