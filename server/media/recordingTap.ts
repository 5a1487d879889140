import type { types } from 'mediasoup';
import type { BroadcastRoom } from './room.js';

/** Where a recorder listens for one stream: RTP on `rtpPort`, RTCP on `rtpPort + 1` (no rtcp-mux). */
export interface TapPorts {
  audio?: number;
  video?: number;
}

/** The mediasoup side of recording one participant: plain transports and paused consumers towards a recorder. */
export interface RecordingTap {
  readonly participantId: string;
  /** The producers tapped, so the recorder knows when the person republished (new ids: new tap). */
  readonly producerIds: string[];
  readonly kinds: Array<'audio' | 'video'>;
  /** A session description the recorder (ffmpeg) reads to receive exactly these streams. */
  readonly sdp: string;
  /** Starts the flow (once the recorder listens) and asks for a key frame so the first segment opens at once. */
  resume(): Promise<void>;
  /** Asks the publisher for a key frame: segments can only start on one, and browsers send none unasked. */
  requestKeyFrame(): Promise<void>;
  /**
   * Calls back with the wall-clock time (ms) at which mediasoup sent each video key frame to the recorder: a
   * measurement aid (bench/recording.ts checks segment dating against it), off unless asked for.
   */
  traceKeyFrames(listener: (wallMs: number) => void): Promise<void>;
  /** Resolves when any tapped producer or transport closes (the person left, their worker died). */
  readonly ended: Promise<void>;
  close(): void;
}

const LOOPBACK = '127.0.0.1';

/**
 * Taps one stage participant's current camera and microphone into plain RTP towards local ports. Null when
 * they publish nothing. Consumers start paused: ffmpeg must listen before the first key frame is sent, or it
 * cannot find the codec parameters.
 */
export async function openRecordingTap(room: BroadcastRoom, participantId: string, ports: TapPorts): Promise<RecordingTap | null> {
  const producers = room.producersOf(participantId);
  const wanted = (['audio', 'video'] as const).filter((k) => producers[k] && ports[k] !== undefined && !producers[k]!.closed);
  if (wanted.length === 0) return null;
  const router = room.stageRouter;
  // Plain RTP towards ffmpeg: no RTX, no NACK (ffmpeg sends none), no header extensions it would ignore.
  const caps: types.RtpCapabilities = {
    codecs: (router.rtpCapabilities.codecs ?? []).filter((c) => c.mimeType.toLowerCase() !== 'video/rtx').map((c) => ({ ...c, rtcpFeedback: [] })),
    headerExtensions: [],
  };
  const transports: types.PlainTransport[] = [];
  const consumers: types.Consumer[] = [];
  const media: string[] = [];
  try {
    for (const kind of wanted) {
      const producer = producers[kind]!;
      const port = ports[kind]!;
      const transport = await router.createPlainTransport({ listenIp: { ip: LOOPBACK }, rtcpMux: false, comedia: false });
      transports.push(transport);
      await transport.connect({ ip: LOOPBACK, port, rtcpPort: port + 1 });
      const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: caps, paused: true });
      consumers.push(consumer);
      // A simulcast camera: record the best layer, not the one a viewer's bandwidth would pick.
      if (consumer.type === 'simulcast') await consumer.setPreferredLayers({ spatialLayer: 2, temporalLayer: 2 });
      media.push(sdpMedia(kind, port, consumer.rtpParameters));
    }
  } catch (err) {
    for (const t of transports) t.close();
    throw err;
  }
  const ended = new Promise<void>((resolve) => {
    for (const c of consumers) {
      c.observer.once('close', () => resolve());
      c.on('producerclose', () => resolve());
    }
    for (const t of transports) t.observer.once('close', () => resolve());
  });
  const video = consumers.find((c) => c.kind === 'video');
  return {
    participantId,
    producerIds: consumers.map((c) => c.producerId),
    kinds: [...wanted],
    sdp: ['v=0', `o=- 0 0 IN IP4 ${LOOPBACK}`, 's=fangtan recording', `c=IN IP4 ${LOOPBACK}`, 't=0 0', ...media, ''].join('\r\n'),
    async resume() {
      for (const c of consumers) if (!c.closed) await c.resume();
      if (video && !video.closed) await video.requestKeyFrame();
    },
    async requestKeyFrame() {
      if (video && !video.closed && !video.paused) await video.requestKeyFrame();
    },
    async traceKeyFrames(listener) {
      if (!video) return;
      await video.enableTraceEvent(['keyframe']);
      video.on('trace', (e) => {
        if (e.type !== 'keyframe' || e.direction !== 'out') return;
        // The worker stamps with its monotonic clock (libuv hrtime, ms), the one process.hrtime reads too.
        const monoNow = Number(process.hrtime.bigint() / 1_000_000n);
        listener(Date.now() - (monoNow - e.timestamp));
      });
    },
    ended,
    close() {
      for (const t of transports) t.close();
    },
  };
}

/** One m= section for a consumer's single codec (opus, VP8 or H264), as ffmpeg's SDP reader wants it. */
function sdpMedia(kind: 'audio' | 'video', port: number, rtp: types.RtpParameters): string {
  const codec = rtp.codecs[0]!;
  const name = codec.mimeType.split('/')[1]!;
  const lines = [`m=${kind} ${port} RTP/AVP ${codec.payloadType}`, `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${codec.channels ? `/${codec.channels}` : ''}`];
  const fmtp = Object.entries(codec.parameters ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  if (fmtp.length) lines.push(`a=fmtp:${codec.payloadType} ${fmtp.join(';')}`);
  lines.push('a=recvonly');
  return lines.join('\r\n');
}
