import { Device, type types } from 'mediasoup-client';
import type { Program } from '../contract.js';
import { wantedProducers } from './program.js';
import { MediaSession } from './session.js';
import { MediaRequestError, request } from './signalling.js';

/** Where the connection stands; whether there is anything to play is the program's business. */
export type ReceiverPhase = 'connecting' | 'playing' | 'reconnecting' | 'unsupported';

export interface ReceiverHandlers {
  program(p: Program): void;
  phase(p: ReceiverPhase): void;
  /** The live tracks by producer id, after every change. */
  tracks(t: ReadonlyMap<string, MediaStreamTrack>): void;
}

/** Totals over the current receive transport, for tests and diagnostics. */
export interface ReceiverStats {
  videoFramesDecoded: number;
  audioBytesReceived: number;
  consumerIds: string[];
  transportId: string | null;
}

export type Fault = 'socket-drop' | 'transport-failure' | 'ice-restart';

// ICE often recovers by itself from a short network hiccup; restart it only if it has not by then.
const ICE_RESTART_DELAY_MS = 2_000;
// After an ICE restart that did not bring the transport back, a new transport is the better bet.
const ICE_GIVE_UP_MS = 10_000;
const RETRY_MS = 3_000;

/**
 * Receives what the director puts on air, over one mediasoup receive transport. It follows every
 * `program` (consuming new producers, closing those taken off air) and rebuilds what it lost: ICE
 * restart on a network hiccup, a new transport when that fails, everything after a new socket session.
 */
export class ProgramReceiver {
  readonly #session: MediaSession;
  readonly #on: ReceiverHandlers;
  #device: Device | null = null;
  #transport: types.Transport | null = null;
  /** Local consumers by producer id. */
  readonly #consumers = new Map<string, types.Consumer>();
  /** The spatial layer each tile asked for, by producer id, re-applied to new consumers. */
  readonly #layers = new Map<string, number>();
  #program: Program | null = null;
  #phase: ReceiverPhase = 'connecting';
  #played = false;
  #stopped = false;
  // Each sync runs after the previous one, so two programs in quick succession cannot interleave.
  #queue: Promise<void> = Promise.resolve();
  #iceTimer: ReturnType<typeof setTimeout> | undefined;
  #syncRetryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(slug: string, handlers: ReceiverHandlers) {
    this.#on = handlers;
    this.#session = new MediaSession(slug, {
      // A new session is a new peer on the server, and the old one's transport died with it. The
      // server sends the current program at once, and that starts the consuming.
      opened: () => this.#dropTransport(),
      lost: () => {
        this.#dropTransport();
        this.#setPhase(this.#played ? 'reconnecting' : 'connecting');
      },
      program: (p) => {
        this.#program = p;
        this.#on.program(p);
        this.#schedule();
      },
      reset: () => {
        this.#setPhase('reconnecting');
        this.#device = null;
      },
    });
  }

  start(): void {
    this.#session.start();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#iceTimer);
    clearTimeout(this.#syncRetryTimer);
    this.#session.stop();
    this.#dropTransport();
  }

  /** A tile's preferred simulcast layer; the server still lowers it when bandwidth is short. */
  setLayer(producerId: string, spatialLayer: number): void {
    if (this.#layers.get(producerId) === spatialLayer) return;
    this.#layers.set(producerId, spatialLayer);
    const consumer = this.#consumers.get(producerId);
    if (consumer) this.#sendLayer(consumer, spatialLayer);
  }

  async stats(): Promise<ReceiverStats> {
    const transport = this.#transport;
    let videoFramesDecoded = 0;
    let audioBytesReceived = 0;
    if (transport && !transport.closed) {
      const report = await transport.getStats();
      report.forEach((s: { type: string; kind?: string; framesDecoded?: number; bytesReceived?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') videoFramesDecoded += s.framesDecoded ?? 0;
        if (s.kind === 'audio') audioBytesReceived += s.bytesReceived ?? 0;
      });
    }
    return {
      videoFramesDecoded,
      audioBytesReceived,
      consumerIds: [...this.#consumers.values()].map((c) => c.id),
      transportId: transport?.id ?? null,
    };
  }

  /** Provokes a failure the receiver must recover from (tests only). */
  simulate(fault: Fault): void {
    if (fault === 'socket-drop') this.#session.dropConnection();
    else if (fault === 'transport-failure') this.#transport?.close();
    else if (this.#transport) void this.#restartIce(this.#transport, true);
  }

  #schedule(): void {
    this.#queue = this.#queue.then(
      () => this.#sync(),
      () => this.#sync(),
    );
    this.#queue.catch((err: unknown) => {
      console.warn('fangtan: live video setup failed, retrying', err);
      clearTimeout(this.#syncRetryTimer);
      this.#syncRetryTimer = setTimeout(() => this.#schedule(), RETRY_MS);
    });
  }

  /** Brings the consumers in line with the program: close what left the air, consume what joined it. */
  async #sync(): Promise<void> {
    if (this.#stopped || !this.#session.connected) return;
    const wanted = wantedProducers(this.#program);
    for (const [producerId, consumer] of this.#consumers) {
      if (!wanted.has(producerId)) this.#forget(producerId, consumer);
    }
    this.#emitTracks();
    if (wanted.size === 0) return;
    const transport = this.#transport ?? (await this.#createTransport());
    if (!transport) return;
    const missing = [...wanted].filter((id) => !this.#consumers.has(id));
    await Promise.all(missing.map((id) => this.#consume(transport, id)));
  }

  async #createTransport(): Promise<types.Transport | null> {
    const socket = this.#session.socket;
    const sessionId = socket.id;
    let device = this.#device;
    if (!device) {
      const routerRtpCapabilities = (await request(socket, 'rtpCapabilities', {})) as types.RtpCapabilities;
      try {
        // No handler name: mediasoup-client picks the right one for this browser.
        device = await Device.factory();
      } catch (err) {
        this.#setPhase('unsupported');
        this.#stopped = true;
        this.#session.stop();
        console.warn('fangtan: this browser cannot play the live video', err);
        return null;
      }
      await device.load({ routerRtpCapabilities });
      this.#device = device;
    }
    const options = await request(socket, 'transport:create', { direction: 'recv' });
    // The socket may have dropped meanwhile: that session's transport is of no use.
    if (this.#session.socket !== socket || socket.id !== sessionId || this.#stopped) return null;
    const transport = device.createRecvTransport({
      id: options.id,
      iceParameters: options.iceParameters as types.IceParameters,
      iceCandidates: options.iceCandidates as types.IceCandidate[],
      dtlsParameters: options.dtlsParameters as types.DtlsParameters,
    });
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      request(socket, 'transport:connect', {
        transportId: transport.id,
        dtlsParameters: dtlsParameters as unknown as Record<string, unknown>,
      }).then(() => callback(), errback);
    });
    transport.on('connectionstatechange', (state) => this.#onConnectionState(transport, state));
    transport.observer.on('close', () => {
      // Closed by anything but #dropTransport (which forgets it first): replace it.
      if (this.#transport === transport) this.#replaceTransport();
    });
    this.#transport = transport;
    return transport;
  }

  async #consume(transport: types.Transport, producerId: string): Promise<void> {
    const device = this.#device;
    if (!device) return;
    let options;
    try {
      options = await request(this.#session.socket, 'consume', {
        transportId: transport.id,
        producerId,
        rtpCapabilities: device.recvRtpCapabilities as unknown as Record<string, unknown>,
      });
    } catch (err) {
      // Taken off air or gone since the program was sent: the next program says what to play.
      if (err instanceof MediaRequestError && (err.code === 'forbidden' || err.code === 'not_found')) return;
      throw err;
    }
    // A replaced transport took its server-side consumer with it.
    if (this.#transport !== transport) return;
    const participant = this.#program?.slots.find((s) => s.audioProducerId === producerId || s.videoProducerId === producerId);
    const consumer = await transport.consume({
      id: options.id,
      producerId,
      kind: options.kind,
      rtpParameters: options.rtpParameters as types.RtpParameters,
      // One stream per person lets the browser keep their lips and voice in sync.
      ...(participant && { streamId: participant.participantId }),
    });
    this.#consumers.set(producerId, consumer);
    consumer.on('trackended', () => {
      this.#forget(producerId, consumer);
      this.#schedule();
    });
    consumer.on('transportclose', () => this.#forget(producerId, consumer));
    try {
      await request(this.#session.socket, 'consumer:resume', { consumerId: consumer.id });
    } catch (err) {
      // A consumer left paused would never play: drop it, and unless the server closed it (off air),
      // let the retry consume again.
      this.#forget(producerId, consumer);
      if (err instanceof MediaRequestError && err.code === 'not_found') return;
      throw err;
    }
    const layer = this.#layers.get(producerId);
    if (consumer.kind === 'video' && layer !== undefined) this.#sendLayer(consumer, layer);
    this.#emitTracks();
  }

  #onConnectionState(transport: types.Transport, state: types.ConnectionState): void {
    if (this.#transport !== transport) return;
    if (state === 'connected') {
      clearTimeout(this.#iceTimer);
      this.#played = true;
      this.#setPhase('playing');
    } else if (state === 'disconnected') {
      clearTimeout(this.#iceTimer);
      this.#setPhase('reconnecting');
      this.#iceTimer = setTimeout(() => void this.#restartIce(transport), ICE_RESTART_DELAY_MS);
    } else if (state === 'failed' || state === 'closed') {
      // Also 'closed': the server closing its end ends DTLS, and nothing brings that back.
      this.#replaceTransport();
    } else if (this.#phase !== 'reconnecting') {
      this.#setPhase('connecting');
    }
  }

  async #restartIce(transport: types.Transport, force = false): Promise<void> {
    if (this.#transport !== transport || (!force && transport.connectionState === 'connected')) return;
    try {
      const { iceParameters } = await request(this.#session.socket, 'transport:restartIce', { transportId: transport.id });
      if (this.#transport !== transport) return;
      await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
      clearTimeout(this.#iceTimer);
      this.#iceTimer = setTimeout(() => {
        if (this.#transport === transport && transport.connectionState !== 'connected') this.#replaceTransport();
      }, ICE_GIVE_UP_MS);
    } catch (err) {
      // Refused (not_found: the server closed it) or impossible: a brand-new transport. With the socket
      // down there is nothing to ask; the new session rebuilds everything anyway.
      console.warn('fangtan: ICE restart failed, replacing the transport', err);
      if (this.#transport === transport && this.#session.connected) this.#replaceTransport();
    }
  }

  #replaceTransport(): void {
    this.#setPhase('reconnecting');
    this.#dropTransport();
    this.#schedule();
  }

  /** Closes the transport and its consumers here; the server drops its own when a new one is created. */
  #dropTransport(): void {
    clearTimeout(this.#iceTimer);
    const transport = this.#transport;
    this.#transport = null;
    for (const consumer of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
    transport?.close();
    this.#emitTracks();
  }

  #forget(producerId: string, consumer: types.Consumer): void {
    consumer.close();
    if (this.#consumers.get(producerId) === consumer) this.#consumers.delete(producerId);
    this.#emitTracks();
  }

  #sendLayer(consumer: types.Consumer, spatialLayer: number): void {
    request(this.#session.socket, 'consumer:setLayers', { consumerId: consumer.id, spatialLayer }).catch((err: unknown) => {
      if (!consumer.closed) console.warn('fangtan: could not choose the video layer', err);
    });
  }

  #setPhase(phase: ReceiverPhase): void {
    if (this.#phase === phase || this.#phase === 'unsupported') return;
    this.#phase = phase;
    this.#on.phase(phase);
  }

  #emitTracks(): void {
    const tracks = new Map<string, MediaStreamTrack>();
    for (const [producerId, consumer] of this.#consumers) if (!consumer.closed) tracks.set(producerId, consumer.track);
    this.#on.tracks(tracks);
  }
}
