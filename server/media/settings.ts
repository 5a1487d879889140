import type { types } from 'mediasoup';
import type { Config } from '../config.js';

/** The codecs every router offers: opus for sound, VP8 and H264 for pictures (what browsers send). */
export const MEDIA_CODECS: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];

/** Transport options from configuration: listen address, the address told to browsers, UDP with TCP fallback. */
export function webRtcTransportOptions(config: Config): types.WebRtcTransportOptions {
  return {
    listenIps: [{ ip: config.MEDIA_LISTEN_IP, ...(config.MEDIA_ANNOUNCED_IP && { announcedIp: config.MEDIA_ANNOUNCED_IP }) }],
    enableUdp: config.MEDIA_UDP,
    // Networks that block UDP (many government offices) still get through over TCP.
    enableTcp: true,
    preferUdp: config.MEDIA_UDP,
    initialAvailableOutgoingBitrate: 1_000_000,
  };
}
