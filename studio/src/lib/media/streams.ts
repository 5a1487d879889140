import type { Participant } from '../../../../shared/media.js';
import type { ConsumerMap } from './feeds.js';

/**
 * Groups received tracks into one MediaStream per participant. A stream is reused while its tracks stay
 * the same: handing a `<video>` a new object restarts playback and flickers.
 */
export class ParticipantStreams {
  #cache = new Map<string, { key: string; stream: MediaStream }>();

  build(participants: readonly Participant[], consumers: ConsumerMap): Map<string, MediaStream> {
    const out = new Map<string, MediaStream>();
    for (const p of participants) {
      const tracks = [p.producers.camera, p.producers.microphone]
        .map((pr) => (pr ? consumers.get(pr.id) : undefined))
        .filter((c) => c !== undefined && !c.closed)
        .map((c) => c!.track);
      if (tracks.length === 0) continue;
      const key = tracks.map((t) => t.id).join('|');
      const cached = this.#cache.get(p.id);
      const stream = cached?.key === key ? cached.stream : new MediaStream(tracks);
      this.#cache.set(p.id, { key, stream });
      out.set(p.id, stream);
    }
    for (const id of this.#cache.keys()) if (!out.has(id)) this.#cache.delete(id);
    return out;
  }
}
