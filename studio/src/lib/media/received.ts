import type { Participant } from '../../../../shared/media.js';
import type { ConsumerMap } from './feeds.js';

/** What one preview receives, from the browser's inbound-rtp statistics. */
export interface ReceivedVideo {
  /** `1280×720`, or null before the first decoded frame. */
  resolution: string | null;
  framesDecoded: number;
}

/**
 * Reads each participant's camera consumer: the server's stats cannot know the resolution (it forwards
 * packets without decoding them), the receiving browser can.
 */
export async function receivedVideo(participants: readonly Participant[], consumers: ConsumerMap): Promise<Map<string, ReceivedVideo>> {
  const out = new Map<string, ReceivedVideo>();
  await Promise.all(
    participants.map(async (p) => {
      const c = p.producers.camera && consumers.get(p.producers.camera.id);
      if (!c || c.closed) return;
      const report = await c.getStats();
      for (const s of report.values() as IterableIterator<Partial<RTCInboundRtpStreamStats> & { type: string }>) {
        if (s.type !== 'inbound-rtp' || s.kind !== 'video') continue;
        const { frameWidth: w, frameHeight: h } = s;
        out.set(p.id, { resolution: w && h ? `${w}×${h}` : null, framesDecoded: s.framesDecoded ?? 0 });
      }
    }),
  );
  return out;
}
