import type { ParticipantStats } from '../../shared/media.js';
import type { Peer } from './peer.js';

/** What the director sees of one participant: their connection, sending bitrate and packet loss. */
export async function participantStats(participantId: string, peer: Peer | null): Promise<ParticipantStats> {
  const send = peer && [...peer.transports.values()].find((t) => (t.appData as { direction?: string }).direction === 'send');
  let bitrate = 0;
  let lost = 0;
  let streams = 0;
  for (const producer of peer?.producers.values() ?? []) {
    for (const s of await producer.getStats()) {
      bitrate += s.bitrate;
      lost += s.fractionLost;
      streams++;
    }
  }
  return {
    participantId,
    connectionState: send ? `${send.iceState}/${send.dtlsState}` : peer ? 'no-transport' : 'disconnected',
    bitrateKbps: Math.round(bitrate / 1000),
    // fractionLost is a fraction of 256 per RTCP receiver report.
    packetLossPercent: streams ? Math.round(((lost / streams) * 10000) / 256) / 100 : 0,
    // The server does not decode video; the director's page reads the size from its own preview.
    resolution: null,
  };
}
