// The viewers-per-worker rig, in the bench process: one mediasoup worker under test with one router (the
// server's codecs), a real Chromium publisher producing into it over a WebRtcTransport (signalled through
// `signal`), and bot viewers added in steps.
//
// A bot is what one viewer costs the worker: its own transport on its own UDP port, with an audio and a
// video consumer made from a Chromium receiver's RTP capabilities (so the video consumer is a
// SimulcastConsumer forwarding one layer, as for a browser), created paused, resumed, and the key frame
// requested, as the server does on `consumer:resume`. The transport is a PlainTransport with SRTP, so every
// forwarded packet is encrypted and sent with its own sendto(), as for a WebRTC viewer; it sends to one UDP
// socket of a sink process that never reads it (the kernel drops what overflows), so the "receivers" cost
// next to nothing on this 2-core machine. PipeTransports into a sink worker would be wrong here: a pipe
// consumer forwards every simulcast layer, and the sink worker would spend a core decrypting.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../../server/media/settings.js';

const SRTP = 'AES_CM_128_HMAC_SHA1_80' as const; // the only SRTP suite PlainTransport has in mediasoup 3.8.4

export interface Bot {
  transport: types.PlainTransport;
  audio: types.Consumer;
  video: types.Consumer;
}

/**
 * A browser's receive capabilities without send-side bandwidth estimation (transport-cc, REMB): a bot
 * cannot send the feedback it needs, and without it mediasoup would hold each bot to its initial 600 kbps
 * estimate instead of the top layer a browser on a good line gets.
 */
export function botCapabilities(browserCaps: unknown): types.RtpCapabilities {
  const caps = structuredClone(browserCaps) as types.RtpCapabilities;
  caps.headerExtensions = (caps.headerExtensions ?? []).filter((h) => !h.uri.includes('transport-wide-cc'));
  for (const c of caps.codecs ?? []) c.rtcpFeedback = (c.rtcpFeedback ?? []).filter((f) => f.type !== 'transport-cc' && f.type !== 'goog-remb');
  return caps;
}

export class CapacityRig {
  readonly bots: Bot[] = [];
  readonly producers: types.Producer[] = [];
  /** Consumers of real browser viewers (the calibration), by viewer. */
  readonly browserViewers: Array<{ transport: types.WebRtcTransport; audio?: types.Consumer; video?: types.Consumer }> = [];
  private readonly transports = new Map<string, types.WebRtcTransport>();

  private constructor(
    readonly worker: types.Worker,
    readonly router: types.Router,
    private readonly sink: ChildProcess,
    private readonly sinkPort: number,
  ) {}

  static async start(minPort: number, maxPort: number): Promise<CapacityRig> {
    // Bound, never read: stdin closing (the bench ending, however it ends) ends it.
    const sink = spawn(
      'python3',
      ['-c', "import socket,sys\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('127.0.0.1',0))\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()"],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const sinkPort = await new Promise<number>((resolve, reject) => {
      sink.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      sink.once('error', reject);
    });
    const worker = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: minPort, rtcMaxPort: maxPort });
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    return new CapacityRig(worker, router, sink, sinkPort);
  }

  /** The server's `/media` requests a publisher needs, answered by this rig's router. */
  readonly signal = async (event: string, payload: any): Promise<unknown> => {
    switch (event) {
      case 'rtpCapabilities':
        return this.router.rtpCapabilities;
      case 'transport:create': {
        const t = await this.router.createWebRtcTransport({
          listenIps: [{ ip: '127.0.0.1' }],
          enableUdp: true,
          enableTcp: true,
          preferUdp: true,
          initialAvailableOutgoingBitrate: 1_000_000,
        });
        this.transports.set(t.id, t);
        if (payload.direction === 'recv') this.browserViewers.push({ transport: t });
        return { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
      }
      case 'transport:connect':
        await this.transports.get(payload.transportId)!.connect({ dtlsParameters: payload.dtlsParameters });
        return null;
      case 'produce': {
        const p = await this.transports.get(payload.transportId)!.produce({ kind: payload.kind, rtpParameters: payload.rtpParameters });
        this.producers.push(p);
        return { id: p.id };
      }
      case 'producers':
        return { audio: this.producer('audio').id, video: this.producer('video').id };
      case 'consume': {
        // As the server does, except that the layer is fixed here (the calibration's viewers all take one).
        const viewer = this.browserViewers.find((v) => v.transport.id === payload.transportId)!;
        const c = await viewer.transport.consume({
          producerId: payload.producerId,
          rtpCapabilities: payload.rtpCapabilities,
          paused: true,
          preferredLayers: { spatialLayer: payload.spatialLayer },
        });
        viewer[c.kind] = c;
        return { id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters };
      }
      case 'consumer:resume': {
        const c = this.browserViewers.flatMap((v) => [v.audio, v.video]).find((x) => x?.id === payload.consumerId)!;
        await c.resume();
        if (c.kind === 'video') await c.requestKeyFrame();
        return null;
      }
      default:
        throw new Error(`rig: no ${event}`);
    }
  };

  producer(kind: 'audio' | 'video'): types.Producer {
    const p = this.producers.find((x) => x.kind === kind);
    if (!p) throw new Error(`no ${kind} producer yet`);
    return p;
  }

  /** Adds n bots, a few at a time (the way viewers trickle in, not one burst of channel requests). */
  async addBots(n: number, caps: types.RtpCapabilities, spatialLayer = 2): Promise<void> {
    const one = async () => {
      const transport = await this.router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: SRTP });
      await transport.connect({
        ip: '127.0.0.1',
        port: this.sinkPort,
        srtpParameters: { cryptoSuite: SRTP, keyBase64: crypto.randomBytes(30).toString('base64') },
      });
      const audio = await transport.consume({ producerId: this.producer('audio').id, rtpCapabilities: caps, paused: true });
      const video = await transport.consume({ producerId: this.producer('video').id, rtpCapabilities: caps, paused: true, preferredLayers: { spatialLayer } });
      await audio.resume();
      await video.resume();
      await video.requestKeyFrame();
      this.bots.push({ transport, audio, video });
    };
    for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: Math.min(10, n - i) }, one));
  }

  /** Closes every bot, and every browser viewer's transport. */
  clear(): void {
    for (const b of this.bots.splice(0)) b.transport.close();
    for (const v of this.browserViewers.splice(0)) {
      v.transport.close();
      this.transports.delete(v.transport.id);
    }
  }

  close(): void {
    this.worker.close();
    this.sink.stdin!.end();
    this.sink.kill();
  }
}
