import type { Program } from '../contract.js';
import { openMediaSocket, ProgramSchema, type MediaSocket } from './signalling.js';

export interface SessionHandlers {
  /** A fresh session: the server holds a new, empty peer for it. */
  opened(): void;
  /** The session ended: whatever it had on the server is gone with it. */
  lost(): void;
  program(p: Program): void;
  /** The media worker behind the room died: start from scratch, router capabilities included. */
  reset(): void;
}

// The server sends the program right after the handshake. Without it (the room could not open, e.g.
// while a dead media worker is being replaced) only a new session asks again.
const PROGRAM_WAIT_MS = 5_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * One viewer's `/media` socket, kept to sessions the media module can serve: every connection is a new
 * peer there, so a session is replaced rather than resumed whenever its server-side state is gone.
 */
export class MediaSession {
  readonly #slug: string;
  readonly #on: SessionHandlers;
  #socket: MediaSocket;
  #stopped = false;
  #retryDelay = FIRST_RETRY_MS;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #programTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(slug: string, handlers: SessionHandlers) {
    this.#slug = slug;
    this.#on = handlers;
    this.#socket = this.#open();
  }

  get socket(): MediaSocket {
    return this.#socket;
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  start(): void {
    // Sharing the `/viewer` socket's connection, this socket may already be connecting on its own
    // (autoConnect is the shared manager's); a second CONNECT for the namespace would make the
    // server drop the whole connection.
    if (!this.#socket.active) this.#socket.connect();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#programTimer);
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  /** Cuts the underlying connection as a network failure would (tests only). */
  dropConnection(): void {
    this.#socket.io.engine.close();
  }

  #open(): MediaSocket {
    const socket = openMediaSocket(this.#slug);
    socket.on('connect', () => {
      if (socket.recovered) {
        // Socket.IO restored the old session (connection state recovery), but its media peer closed
        // when it dropped, and the server refuses every request on it: start a session afresh.
        console.warn('fangtan: the media session was restored without its media; opening a new one');
        return this.#renew();
      }
      this.#on.opened();
      clearTimeout(this.#programTimer);
      this.#programTimer = setTimeout(() => {
        console.warn('fangtan: no program from the media server; opening a new session');
        this.#renewLater();
      }, PROGRAM_WAIT_MS);
    });
    socket.on('disconnect', (reason) => {
      clearTimeout(this.#programTimer);
      this.#on.lost();
      // The client retries lost connections by itself, but not one the server ended.
      if (reason === 'io server disconnect') this.#renewLater();
    });
    socket.on('connect_error', (err) => {
      // A refused handshake is not retried automatically (`active` is false then); a lost network is.
      // A page built for another protocol version would be refused forever: the page says "reload".
      if (!socket.active && err.message !== 'protocol_version') this.#renewLater();
    });
    socket.on('program', (raw: unknown) => {
      const parsed = ProgramSchema.safeParse(raw);
      if (!parsed.success) return console.warn('fangtan: dropped an invalid program', parsed.error.issues);
      clearTimeout(this.#programTimer);
      this.#retryDelay = FIRST_RETRY_MS;
      this.#on.program(parsed.data);
    });
    socket.on('reconnect', () => {
      this.#on.reset();
      this.#renew();
    });
    // The interview ended and the server is about to drop us: a new session would only reopen its room.
    // The page follows the interview's status and takes the player away.
    socket.on('ended', () => {
      this.#stopped = true;
      clearTimeout(this.#retryTimer);
      clearTimeout(this.#programTimer);
    });
    return socket;
  }

  /**
   * A new socket rather than disconnect + connect: the old one would offer its session id again, and
   * the server could restore that dead session.
   */
  #renew(): void {
    if (this.#stopped) return;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#programTimer);
    const old = this.#socket;
    old.removeAllListeners();
    old.disconnect();
    this.#on.lost();
    this.#socket = this.#open();
    if (!this.#socket.active) this.#socket.connect();
  }

  #renewLater(): void {
    if (this.#stopped) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#renew(), this.#retryDelay);
    this.#retryDelay = Math.min(this.#retryDelay * 2, MAX_RETRY_MS);
  }
}
