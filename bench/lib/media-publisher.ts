// Browser side of the benchmark's publisher (bundled by esbuild, injected into a Chromium page). It reuses
// the studio's own pieces — camera constraints (720p), the three simulcast layers and the Publisher — so
// the stream under test is what a host's studio page sends. Two ways to signal: the real server's `/media`
// namespace (time to first frame, glass-to-glass), or a function the bench exposes into the page that
// talks to the bench's own in-process mediasoup router (viewers per worker).
import type { Consumer, Transport, TransportOptions } from 'mediasoup-client/types';
import { loadDevice } from '../../studio/src/lib/media/device.js';
import { openCameraAndMicrophone } from '../../studio/src/lib/media/local-media.js';
import { Publisher } from '../../studio/src/lib/media/publisher.js';
import { ask, openMediaSocket, type MediaSocket } from '../../studio/src/lib/media/signal.js';
import { clockMs, drawClock } from './media-pattern.js';

type Signal = (event: string, payload: unknown) => Promise<any>;

export interface LayerStats {
  rid: string;
  framesEncoded: number;
  bytesSent: number;
  width: number;
  limitation: string;
}

declare global {
  interface Window {
    /** Exposed by the bench (page.exposeFunction) for the in-process mode. */
    __benchSignal?: Signal;
    __benchPublisher?: typeof api;
  }
}

let transport: Transport | null = null;
let publisher: Publisher | null = null;
let clockTimer = 0;

const api = {
  /** Joins the stage (server mode), opens camera + microphone and publishes them; returns the RTP capabilities of this browser as a receiver. */
  async publish(mode: 'server' | 'bridge', interviewId = 1): Promise<{ participantId: string | null; recvRtpCapabilities: unknown }> {
    let signal: Signal;
    let socket: MediaSocket | null = null;
    let participantId: string | null = null;
    if (mode === 'server') {
      const s = openMediaSocket({ as: 'staff', interviewId }, 'zh-CN');
      socket = s;
      await new Promise<void>((resolve, reject) => {
        s.once('connect', resolve);
        s.once('connect_error', reject);
        s.connect();
      });
      signal = (event, payload) => ask(s, event as 'rtpCapabilities', payload);
      participantId = ((await signal('stage:join', {})) as { id: string }).id;
    } else {
      signal = window.__benchSignal!;
    }
    const device = await loadDevice(await signal('rtpCapabilities', {}));
    const options = (await signal('transport:create', { direction: 'send' })) as TransportOptions;
    const t = device.createSendTransport(options);
    t.on('connect', ({ dtlsParameters }, done, fail) => void signal('transport:connect', { transportId: t.id, dtlsParameters }).then(() => done(), fail));
    t.on('produce', ({ kind, rtpParameters, appData }, done, fail) =>
      void signal('produce', { transportId: t.id, kind, rtpParameters, source: appData.source }).then(done, fail),
    );
    transport = t;
    const stream = await openCameraAndMicrophone(null, null);
    // Only server mode ever uses the socket (pause/resume, which the bench never does).
    publisher = new Publisher(socket as MediaSocket);
    await publisher.setTrack('camera', stream.getVideoTracks()[0]!);
    await publisher.setTrack('microphone', stream.getAudioTracks()[0]!);
    await publisher.attach(t);
    if (mode === 'server') await signal('program:set', { participantIds: [participantId], layout: 'single' });
    return { participantId, recvRtpCapabilities: device.recvRtpCapabilities };
  },

  /** Swaps the camera for a 720p canvas painting the machine clock at every animation frame, sent at 30 fps. */
  async useClock(): Promise<void> {
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    const ctx = canvas.getContext('2d')!;
    // Paint just before each of the page's frames, so a captured frame is at most one frame old.
    const paint = () => {
      drawClock(ctx, canvas.width, canvas.height, clockMs());
      clockTimer = requestAnimationFrame(paint);
    };
    paint();
    await publisher!.setTrack('camera', canvas.captureStream(30).getVideoTracks()[0]!);
  },

  stopClock(): void {
    cancelAnimationFrame(clockTimer);
  },

  /** Per simulcast layer of the camera: frames encoded and bytes sent so far (rates come from two readings). */
  async layers(): Promise<LayerStats[]> {
    const out: LayerStats[] = [];
    (await transport!.getStats()).forEach((s: Record<string, any>) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        out.push({
          rid: s.rid ?? '',
          framesEncoded: s.framesEncoded ?? 0,
          bytesSent: s.bytesSent ?? 0,
          width: s.frameWidth ?? 0,
          limitation: s.qualityLimitationReason ?? '',
        });
      }
    });
    return out.sort((a, b) => a.rid.localeCompare(b.rid));
  },

  /**
   * Real WebRTC viewers for the calibration: n receive transports (one RTCPeerConnection each), each with
   * the audio and the video consumer at one simulcast layer, signalled through the bench. Tracks are kept
   * but not shown: what matters is what they cost the worker (their RTCP, transport-cc feedback, NACKs).
   */
  async watch(n: number, spatialLayer: number): Promise<void> {
    const signal = window.__benchSignal!;
    const device = await loadDevice(await signal('rtpCapabilities', {}));
    const ids = (await signal('producers', {})) as { audio: string; video: string };
    for (let i = 0; i < n; i++) {
      const t = device.createRecvTransport((await signal('transport:create', { direction: 'recv' })) as TransportOptions);
      t.on('connect', ({ dtlsParameters }, done, fail) => void signal('transport:connect', { transportId: t.id, dtlsParameters }).then(() => done(), fail));
      for (const producerId of [ids.audio, ids.video]) {
        const options = await signal('consume', { transportId: t.id, producerId, rtpCapabilities: device.recvRtpCapabilities, spatialLayer });
        watching.push(await t.consume(options));
        await signal('consumer:resume', { consumerId: watching.at(-1)!.id });
      }
    }
  },

  /** The send side's bandwidth estimate (what the encoder is allowed), kbit/s. */
  async bweKbps(): Promise<number> {
    let bps = 0;
    (await transport!.getStats()).forEach((s: Record<string, any>) => {
      if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate) bps = s.availableOutgoingBitrate;
    });
    return bps / 1000;
  },

  clock: clockMs,
};
const watching: Consumer[] = [];

window.__benchPublisher = api;
