import type { Producer, ProducerOptions, RtpEncodingParameters, Transport } from 'mediasoup-client/types';
import type { MediaSource } from '../../../../shared/media.js';
import { ask, type MediaSocket } from './signal.js';

/**
 * Three simulcast layers: viewers on a phone or a slow office line get the quarter-size layer, the
 * director's previews the half-size one, the program the full picture. mediasoup forwards whichever
 * layer each consumer can take, so one upload serves them all.
 */
export const CAMERA_ENCODINGS: RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

const OPTIONS: Record<MediaSource, Partial<ProducerOptions>> = {
  camera: { encodings: CAMERA_ENCODINGS, codecOptions: { videoGoogleStartBitrate: 1000 } },
  // Speech: mono with in-band FEC survives packet loss better than stereo; DTX saves upload in pauses.
  microphone: { codecOptions: { opusStereo: false, opusFec: true, opusDtx: true } },
};

/**
 * The camera and microphone one person publishes. It remembers tracks and mute states, so after a
 * transport or the whole connection was rebuilt the same picture and sound go out again as they were.
 */
export class Publisher {
  #tracks: Partial<Record<MediaSource, MediaStreamTrack>> = {};
  #paused: Record<MediaSource, boolean> = { camera: false, microphone: false };
  #producers = new Map<MediaSource, Producer>();
  #transport: Transport | null = null;

  constructor(private readonly socket: MediaSocket) {}

  get paused(): Readonly<Record<MediaSource, boolean>> {
    return this.#paused;
  }

  /** Sets (or, with null, withdraws) the track for a source; published at once when a transport is there. */
  async setTrack(source: MediaSource, track: MediaStreamTrack | null): Promise<void> {
    if (track) this.#tracks[source] = track;
    else delete this.#tracks[source];
    const producer = this.#producers.get(source);
    if (producer && track) return producer.replaceTrack({ track });
    producer?.close();
    this.#producers.delete(source);
    if (track && this.#transport) await this.#produce(this.#transport, source, track);
  }

  /** Produces every known track on a (new) send transport; earlier producers died with the old one. */
  async attach(transport: Transport): Promise<void> {
    this.detach();
    this.#transport = transport;
    for (const [source, track] of Object.entries(this.#tracks) as Array<[MediaSource, MediaStreamTrack]>) {
      await this.#produce(transport, source, track);
    }
  }

  /** Forgets the producers (their transport is gone) but keeps the tracks for the next attach. */
  detach(): void {
    for (const p of this.#producers.values()) p.close();
    this.#producers.clear();
    this.#transport = null;
  }

  /** Mutes or unmutes: locally at once, then on the server so viewers and the director see it too. */
  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    this.#paused[source] = paused;
    const producer = this.#producers.get(source);
    if (!producer) return;
    if (paused) producer.pause();
    else producer.resume();
    await ask(this.socket, paused ? 'producer:pause' : 'producer:resume', { producerId: producer.id });
  }

  async #produce(transport: Transport, source: MediaSource, track: MediaStreamTrack): Promise<void> {
    const producer = await transport.produce({
      track,
      ...OPTIONS[source],
      // The same track feeds the local preview and the level meter: closing a producer must not stop it.
      stopTracks: false,
      appData: { source },
    });
    this.#producers.set(source, producer);
    if (this.#paused[source]) await this.setPaused(source, true);
  }
}
