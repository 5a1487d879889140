import type { Device } from 'mediasoup-client';
import type { Consumer, RtpParameters, Transport } from 'mediasoup-client/types';
import { ask, type MediaSocket } from './signal.js';

export type ConsumerMap = ReadonlyMap<string, Consumer>;

/** A producer to receive: its simulcast layer (0 smallest … 2 full size) and the stream it belongs to. */
export interface WantedFeed {
  producerId: string;
  spatialLayer?: number;
  /** Audio and video of one person share a stream id, so the browser keeps them in lip sync. */
  streamId: string;
}

/**
 * The remote pictures and sounds one page receives, kept equal to a wanted set of producer ids: new ids are
 * consumed, dropped ones closed. The server does not tell a consumer that its producer went away (a guest
 * who re-published has new producer ids), so the participants list is the truth and this follows it.
 */
export class Feeds {
  #wanted = new Map<string, WantedFeed>();
  #consumers = new Map<string, Consumer>();
  #transport: Transport | null = null;
  #device: Device | null = null;
  #dirty = false;
  #running: Promise<void> | null = null;

  constructor(
    private readonly socket: MediaSocket,
    private readonly onChange: (consumers: ConsumerMap) => void,
  ) {}

  get consumers(): ConsumerMap {
    return this.#consumers;
  }

  /** The producers to receive from now on. */
  want(feeds: Iterable<WantedFeed>): void {
    const before = this.#wanted;
    this.#wanted = new Map([...feeds].map((f) => [f.producerId, f]));
    for (const [id, f] of this.#wanted) {
      const c = this.#consumers.get(id);
      if (c && f.spatialLayer !== undefined && before.get(id)?.spatialLayer !== f.spatialLayer) void this.#setLayer(c, f.spatialLayer);
    }
    this.#sync();
  }

  /** Starts receiving on a (new) transport; consumers of an earlier one died with it. */
  attach(transport: Transport, device: Device): void {
    this.#forget();
    this.#transport = transport;
    this.#device = device;
    this.#sync();
  }

  detach(): void {
    this.#forget();
    this.#transport = null;
    this.#device = null;
  }

  #forget(): void {
    for (const c of this.#consumers.values()) c.close();
    this.#consumers.clear();
    this.onChange(this.#consumers);
  }

  // Runs one reconciliation at a time; calls during a run mark it dirty and it loops once more.
  #sync(): void {
    this.#dirty = true;
    this.#running ??= this.#loop().finally(() => {
      this.#running = null;
      // A new transport or wish arrived while a run was bailing out: go again.
      if (this.#dirty && this.#transport) this.#sync();
    });
  }

  async #loop(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      const transport = this.#transport;
      const device = this.#device;
      if (!transport || !device || transport.closed) return;
      for (const [id, c] of this.#consumers) {
        if (this.#wanted.has(id) && !c.closed) continue;
        c.close();
        this.#consumers.delete(id);
        this.onChange(this.#consumers);
      }
      for (const [id, feed] of this.#wanted) {
        if (this.#consumers.has(id)) continue;
        try {
          const c = await this.#consume(transport, device, feed);
          if (transport !== this.#transport) return c.close();
          this.#consumers.set(id, c);
          this.onChange(this.#consumers);
        } catch (err) {
          // Usually the producer closed in between; the next participants list will not ask for it again.
          console.warn('could not consume', id, err);
        }
      }
    }
  }

  /** consume → build the consumer in the browser → resume: it starts paused on the server until we are ready. */
  async #consume(transport: Transport, device: Device, feed: WantedFeed): Promise<Consumer> {
    const { producerId } = feed;
    const o = await ask(this.socket, 'consume', { transportId: transport.id, producerId, rtpCapabilities: device.recvRtpCapabilities });
    const consumer = await transport.consume({
      id: o.id,
      producerId: o.producerId,
      kind: o.kind,
      rtpParameters: o.rtpParameters as RtpParameters,
      streamId: feed.streamId,
    });
    await ask(this.socket, 'consumer:resume', { consumerId: consumer.id });
    if (feed.spatialLayer !== undefined) await this.#setLayer(consumer, feed.spatialLayer);
    return consumer;
  }

  async #setLayer(c: Consumer, spatialLayer: number): Promise<void> {
    if (c.kind !== 'video' || c.closed) return;
    try {
      await ask(this.socket, 'consumer:setLayers', { consumerId: c.id, spatialLayer });
    } catch (err) {
      console.warn('could not set the preview layer', err);
    }
  }
}
