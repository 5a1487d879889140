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
  /**
   * The session description one recorder (ffmpeg) reads to receive one of these streams. One ffmpeg per track:
   * with a single stream ffmpeg keeps the track's own RTP clock and never re-times it from sender reports.
   */
  sdpOf(kind: 'audio' | 'video'): string;
  /** The RTP clock rate of a tapped track (48 kHz Opus, 90 kHz video). */
  clockRateOf(kind: 'audio' | 'video'): number;
  /**
   * Starts the flow of one track, or of all (once its recorder listens), asking for a key frame so the first
   * segment opens at once. The first packet sent after it is the recorder's time 0.
   */
  resume(kind?: 'audio' | 'video'): Promise<void>;
  /** Holds a track back while its recorder is (re)started, so the next packet it gets is one the trace saw. */
  pause(kind: 'audio' | 'video'): Promise<void>;
  /**
   * Calls back with every packet sent to the recorder: its track, RTP timestamp and the wall-clock ms it left
   * mediasoup at (the recorder dates its media from these: server/recording/clock.ts).
   */
  onRtp(listener: (kind: 'audio' | 'video', rtpTimestamp: number, wallMs: number) => void): Promise<void>;
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
  const media = new Map<'audio' | 'video', string>();
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
      media.set(kind, sdpMedia(kind, port, consumer.rtpParameters));
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
  const byKind = (kind: 'audio' | 'video') => consumers.find((c) => c.kind === kind);
  // One trace subscription per consumer serves both the recorder's clock and the benchmark's key frames.
  const rtpListeners: Array<(kind: 'audio' | 'video', ts: number, wallMs: number) => void> = [];
  const keyFrameListeners: Array<(wallMs: number) => void> = [];
  let tracing: Promise<void> | null = null;
  const trace = () =>
    (tracing ??= (async () => {
      for (const c of consumers) {
        if (c.closed) continue;
        await c.enableTraceEvent(['rtp', 'keyframe']);
        c.on('trace', (e) => {
          if (e.direction !== 'out' || (e.type !== 'rtp' && e.type !== 'keyframe')) return;
          const info = e.info as { timestamp?: number; isRtx?: boolean };
          if (info.isRtx || typeof info.timestamp !== 'number') return;
          // The worker stamps with its monotonic clock (libuv hrtime, ms), the one process.hrtime reads too.
          const monoNow = Number(process.hrtime.bigint() / 1_000_000n);
          const wallMs = Date.now() - (monoNow - e.timestamp);
          for (const l of rtpListeners) l(c.kind, info.timestamp, wallMs);
          if (e.type === 'keyframe') for (const l of keyFrameListeners) l(wallMs);
        });
      }
    })());
  return {
    participantId,
    producerIds: consumers.map((c) => c.producerId),
    kinds: [...wanted],
    sdpOf(kind) {
      const m = media.get(kind);
      if (!m) throw new Error(`no ${kind} tapped`);
      return ['v=0', `o=- 0 0 IN IP4 ${LOOPBACK}`, 's=fangtan recording', `c=IN IP4 ${LOOPBACK}`, 't=0 0', m, ''].join('\r\n');
    },
    clockRateOf(kind) {
      return byKind(kind)?.rtpParameters.codecs[0]?.clockRate ?? (kind === 'audio' ? 48000 : 90000);
    },
    async resume(kind) {
      for (const c of consumers) if (!c.closed && (!kind || c.kind === kind)) await c.resume();
      if (video && !video.closed && kind !== 'audio') await video.requestKeyFrame();
    },
    async pause(kind) {
      const c = byKind(kind);
      if (c && !c.closed) await c.pause();
    },
    async requestKeyFrame() {
      if (video && !video.closed && !video.paused) await video.requestKeyFrame();
    },
    async onRtp(listener) {
      rtpListeners.push(listener);
      await trace();
    },
    async traceKeyFrames(listener) {
      if (!video) return;
      keyFrameListeners.push(listener);
      await trace();
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
