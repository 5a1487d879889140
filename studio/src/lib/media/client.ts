import type { Device } from 'mediasoup-client';
import type { RtpCapabilities } from 'mediasoup-client/types';
import type { MediaClientEvents, Participant, Program } from '../../../../shared/media.js';
import { loadDevice } from './device.js';
import { Feeds, type ConsumerMap } from './feeds.js';
import { ParticipantList, ProgramSchema } from './payloads.js';
import { Publisher } from './publisher.js';
import { ask, handshakeError, MediaError, openMediaSocket, type MediaAuth, type MediaSocket } from './signal.js';
import { KeptTransport } from './transport.js';

// After a media worker died the server needs a moment to start its replacement; a few tries, spaced out,
// ride that out without anyone pressing a button.
const AUTO_RETRIES = 5;
const RETRY_BASE_MS = 1_000;
const TRANSIENT = new Set(['internal', 'media']);

/** Where the connection to the media server stands, for a status line; `ended`: the interview is over. */
export type MediaPhase = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'failed' | 'closed' | 'ended';

export interface MediaListener {
  phase?(phase: MediaPhase, error: MediaError | null): void;
  participants?(list: Participant[]): void;
  program?(program: Program): void;
  consumers?(consumers: ConsumerMap): void;
  /** This connection's own stage entry, after `stage:join`. */
  self?(me: Participant): void;
}

export interface MediaClientOptions {
  auth: MediaAuth;
  language: string;
  listener: MediaListener;
}

/**
 * One page's live media: the `/media` socket, a receive transport for what it watches and, once on stage,
 * a send transport for camera and microphone. Whatever the server loses (the socket dropped, or the
 * server said `reconnect` because a media worker died) is rebuilt from what this client wants: on stage
 * or not, which tracks, which feeds.
 */
export class MediaClient {
  readonly publisher: Publisher;
  readonly feeds: Feeds;
  readonly #socket: MediaSocket;
  readonly #listener: MediaListener;
  #send: KeptTransport | null = null;
  #recv: KeptTransport | null = null;
  #device: Device | null = null;
  #onStage = false;
  #ready = false;
  // Bumped on every teardown, so a setup still awaiting answers for an old connection gives up.
  #generation = 0;
  #closed = false;
  /** The server said the interview ended: its disconnect that follows is not a drop to recover from. */
  #ended = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor({ auth, language, listener }: MediaClientOptions) {
    this.#listener = listener;
    const socket = openMediaSocket(auth, language);
    this.#socket = socket;
    this.publisher = new Publisher(socket);
    this.feeds = new Feeds(socket, (c) => listener.consumers?.(c));

    socket.on('connect', () => void this.#setup(this.#generation));
    socket.on('disconnect', (reason) => {
      this.#teardown();
      if (this.#closed) return;
      if (this.#ended) return this.#phase('ended');
      this.#phase('reconnecting');
      // The server dropped us on purpose (e.g. restarted the room); Socket.IO does not retry that itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err) => {
      // A refused handshake (expired invite, no session) is final; a network error is retried by Socket.IO.
      if (socket.active) this.#phase('reconnecting');
      else this.#phase('refused', handshakeError(err));
    });
    // The media worker behind the room died: the server forgot our peer, so this socket cannot be reused.
    socket.on('reconnect', () => this.reconnect());
    // The broadcast is over: nobody is on stage any more, and nothing is rebuilt until asked to.
    socket.on('ended', () => {
      this.#ended = true;
      this.#onStage = false;
      clearTimeout(this.#retryTimer);
      this.#phase('ended');
    });
    socket.on('participants', (raw) => {
      const parsed = ParticipantList.safeParse(raw);
      if (parsed.success) listener.participants?.(parsed.data);
      else console.warn('ignored malformed participants event', parsed.error);
    });
    socket.on('program', (raw) => {
      const parsed = ProgramSchema.safeParse(raw);
      if (parsed.success) listener.program?.(parsed.data);
      else console.warn('ignored malformed program event', parsed.error);
    });
  }

  start(): void {
    this.#phase('connecting');
    this.#socket.connect();
  }

  /** Drops the connection and builds everything again on a fresh socket (with a fresh set of retries). */
  reconnect(): void {
    this.#failures = 0;
    this.#ended = false;
    this.#restart();
  }

  #restart(): void {
    if (this.#closed || this.#ended) return;
    clearTimeout(this.#retryTimer);
    this.#socket.disconnect();
    this.#phase('reconnecting');
    this.#socket.connect();
  }

  /** Goes on stage (a guest: into the green room) and publishes the publisher's tracks; kept across reconnects. */
  async joinStage(): Promise<void> {
    this.#onStage = true;
    if (this.#ready && this.#device) await this.#goOnStage(this.#device, this.#generation);
  }

  /**
   * Leaves the stage. The server has no "leave" message: a participant leaves when its socket does, so the
   * socket reconnects without going on stage again (the page keeps seeing who is there).
   */
  leaveStage(): void {
    this.#onStage = false;
    this.#restart();
  }

  /** A director's or staff request over this socket. */
  request<E extends keyof MediaClientEvents>(event: E, payload: Parameters<MediaClientEvents[E]>[0]) {
    return ask(this.#socket, event, payload);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#teardown();
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
    this.#phase('closed');
  }

  async #setup(generation: number): Promise<void> {
    try {
      const caps = await ask(this.#socket, 'rtpCapabilities', {});
      const device = await loadDevice(caps as RtpCapabilities);
      if (generation !== this.#generation) return;
      this.#device = device;
      const recv = new KeptTransport(this.#socket, device, 'recv', { onReplaced: async (t) => this.feeds.attach(t, device) });
      this.#recv = recv;
      this.feeds.attach(await recv.open(), device);
      if (this.#onStage) await this.#goOnStage(device, generation);
      if (generation !== this.#generation) return;
      this.#ready = true;
      this.#failures = 0;
      this.#phase('connected');
    } catch (err) {
      if (generation !== this.#generation) return;
      console.error('media setup failed', err);
      const error = err instanceof MediaError ? err : new MediaError({ error: 'media', message: '' });
      if (TRANSIENT.has(error.body.error) && this.#failures < AUTO_RETRIES) {
        this.#phase('reconnecting', error);
        clearTimeout(this.#retryTimer);
        this.#retryTimer = setTimeout(() => this.#restart(), RETRY_BASE_MS * 2 ** this.#failures++);
      } else {
        this.#phase('failed', error);
      }
    }
  }

  async #goOnStage(device: Device, generation: number): Promise<void> {
    const me = await ask(this.#socket, 'stage:join', {});
    if (generation !== this.#generation) return;
    this.#listener.self?.(me);
    this.#send?.close();
    const send = new KeptTransport(this.#socket, device, 'send', { onReplaced: (t) => this.publisher.attach(t) });
    this.#send = send;
    await this.publisher.attach(await send.open());
  }

  #teardown(): void {
    this.#generation++;
    this.#ready = false;
    this.#send?.close();
    this.#recv?.close();
    this.#send = this.#recv = null;
    this.publisher.detach();
    this.feeds.detach();
    this.#device = null;
  }

  #phase(phase: MediaPhase, error: MediaError | null = null): void {
    this.#listener.phase?.(phase, error);
  }
}
