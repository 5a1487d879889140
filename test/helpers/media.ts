import { io as ioClient, type Socket } from 'socket.io-client';

/** Connects to `/media` and resolves once connected, or rejects with the server's refusal. */
export async function mediaSocket(base: string, auth: Record<string, unknown>, cookie?: string): Promise<Socket> {
  const socket = ioClient(`${base}/media`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    ...(cookie && { extraHeaders: { cookie } }),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return socket;
}

/** Sends a request and returns its acknowledgement. */
export function call<T = any>(socket: Socket, event: string, payload: unknown = {}): Promise<{ ok: boolean; data?: T; error?: any }> {
  return socket.timeout(10_000).emitWithAck(event, payload);
}

/** Like call, but throws when the server refuses. */
export async function must<T = any>(socket: Socket, event: string, payload: unknown = {}): Promise<T> {
  const r = await call<T>(socket, event, payload);
  if (!r.ok) throw new Error(`${event}: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

// RTP parameters as a browser would send them for one VP8 stream and one opus stream. mediasoup accepts a
// producer from these without any packet flowing, which is enough to test the signalling's life cycle.
export const VIDEO_RTP = {
  mid: '0',
  codecs: [
    {
      mimeType: 'video/VP8',
      payloadType: 101,
      clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
    },
  ],
  headerExtensions: [],
  encodings: [{ ssrc: 22222222 }],
  rtcp: { cname: 'test' },
};
export const AUDIO_RTP = {
  mid: '1',
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
  headerExtensions: [],
  encodings: [{ ssrc: 11111111 }],
  rtcp: { cname: 'test' },
};

/** Joins the stage and publishes camera and microphone over a fresh send transport. */
export async function publish(socket: Socket): Promise<{ transportId: string; video: string; audio: string }> {
  await must(socket, 'stage:join');
  const t = await must(socket, 'transport:create', { direction: 'send' });
  const video = (await must(socket, 'produce', { transportId: t.id, kind: 'video', rtpParameters: VIDEO_RTP, source: 'camera' })).id;
  const audio = (await must(socket, 'produce', { transportId: t.id, kind: 'audio', rtpParameters: AUDIO_RTP, source: 'microphone' })).id;
  return { transportId: t.id, video, audio };
}

/** The next matching event on a socket (the same helper as for the other namespaces). */
export { nextEvent as next } from './server.js';
