import type { Device } from 'mediasoup-client';
import type { ConnectionState, Transport, TransportOptions } from 'mediasoup-client/types';
import { MediaSource } from '../../../../shared/media.js';
import { ask, type MediaSocket } from './signal.js';

// A Wi-Fi hiccup often heals by itself within a second or two; restarting ICE sooner only adds churn.
const DISCONNECTED_GRACE_MS = 2_000;
// After an ICE restart the path has this long to come back before we build a new transport instead.
const RESTART_GRACE_MS = 8_000;

export interface TransportHooks {
  /** The transport was replaced by a brand-new one; the owner must produce or consume on it again. */
  onReplaced(fresh: Transport): Promise<void>;
}

/**
 * One send or receive transport kept alive: `disconnected` for a while or `failed` leads to an ICE restart
 * (new ICE credentials, same DTLS session, producers and consumers survive), and if that does not bring it
 * back, to a new transport. The server allows one transport per direction, so creating the new one also
 * closes the old one there, with its producers and consumers.
 */
export class KeptTransport {
  #transport: Transport | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #restarted = false;
  #closed = false;

  constructor(
    private readonly socket: MediaSocket,
    private readonly device: Device,
    readonly direction: 'send' | 'recv',
    private readonly hooks: TransportHooks,
  ) {}

  get transport(): Transport | null {
    return this.#transport;
  }

  /** Asks the server for a transport and builds the browser side of it. */
  async open(): Promise<Transport> {
    const options = await ask(this.socket, 'transport:create', { direction: this.direction });
    if (this.#closed) throw new Error('transport closed while opening');
    // The server built these with mediasoup itself; they pass through unchanged.
    const o = options as unknown as TransportOptions;
    const t = this.direction === 'send' ? this.device.createSendTransport(o) : this.device.createRecvTransport(o);
    t.on('connect', ({ dtlsParameters }, done, fail) => {
      ask(this.socket, 'transport:connect', { transportId: t.id, dtlsParameters }).then(() => done(), fail);
    });
    if (this.direction === 'send') {
      t.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
        const source = MediaSource.safeParse(appData.source);
        if (!source.success) return fail(new Error('producer without a source'));
        ask(this.socket, 'produce', { transportId: t.id, kind, rtpParameters, source: source.data }).then(done, fail);
      });
    }
    t.on('connectionstatechange', (state) => this.#watch(t, state));
    const old = this.#transport;
    this.#transport = t;
    old?.close();
    this.#restarted = false;
    return t;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#transport?.close();
    this.#transport = null;
  }

  #watch(t: Transport, state: ConnectionState): void {
    if (t !== this.#transport) return;
    clearTimeout(this.#timer);
    if (state === 'connected') this.#restarted = false;
    else if (state === 'disconnected') this.#timer = setTimeout(() => void this.#recover(t), DISCONNECTED_GRACE_MS);
    else if (state === 'failed') void this.#recover(t);
  }

  /** First an ICE restart; if that was already tried (or is refused), a new transport. */
  async #recover(t: Transport): Promise<void> {
    // With the socket down the whole connection is rebuilt on reconnect; nothing to do here.
    if (t !== this.#transport || this.#closed || !this.socket.connected) return;
    if (this.#restarted) return this.#replace(t);
    this.#restarted = true;
    try {
      const { iceParameters } = await ask(this.socket, 'transport:restartIce', { transportId: t.id });
      await t.restartIce({ iceParameters: iceParameters as TransportOptions['iceParameters'] });
      this.#timer = setTimeout(() => {
        if (t === this.#transport && t.connectionState !== 'connected') void this.#replace(t);
      }, RESTART_GRACE_MS);
    } catch (err) {
      console.warn('ICE restart failed; building a new transport', err);
      await this.#replace(t);
    }
  }

  async #replace(t: Transport): Promise<void> {
    if (t !== this.#transport || this.#closed) return;
    try {
      const fresh = await this.open();
      await this.hooks.onReplaced(fresh);
    } catch (err) {
      // Most likely the socket went down meanwhile; its reconnect rebuilds everything.
      console.warn('could not replace the transport', err);
    }
  }
}
