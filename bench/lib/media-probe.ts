// Browser side of the benchmark's viewer measures, injected before any of the viewer page's own scripts
// (playwright addInitScript) so it sees everything from navigation start. Times are the page's own
// clock: performance.now() counts from navigation start of this document.
import { clockMs, COLS, elapsedMs, readClock, ROWS } from './media-pattern.js';

export interface ProbeMarks {
  /** The live player created its receiver (the page assigns window.__fangtanPlayer just before start()). */
  receiverStart?: number;
  /** mediasoup-client made the receive RTCPeerConnection. */
  peerConnection?: number;
  /** First requestVideoFrameCallback on the player's video: a decoded frame handed to the compositor. */
  firstFrame?: number;
  /** First poll (every 50 ms) of __fangtanPlayer.stats() with videoFramesDecoded > 0. */
  decodedPoll?: number;
}

export interface LatencySample {
  /** Painted by the publisher → this frame's requestVideoFrameCallback (ms). */
  glass: number;
  /** Painted → the frame's last packet received by the browser (rVFC receiveTime), when Chromium gives it. */
  received: number | null;
  height: number;
}

const marks: ProbeMarks = {};
const mark = (k: keyof ProbeMarks, t = performance.now()) => {
  if (marks[k] === undefined) marks[k] = t;
};
const peerConnections: RTCPeerConnection[] = [];

// Note when the receiver starts, without changing what the page sees.
let hook: unknown;
Object.defineProperty(window, '__fangtanPlayer', {
  configurable: true,
  get: () => hook,
  set: (v: unknown) => {
    if (v) mark('receiverStart');
    hook = v;
  },
});

const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(config?: RTCConfiguration) {
    super(config);
    mark('peerConnection');
    peerConnections.push(this);
  }
};

const watched = new WeakSet<HTMLVideoElement>();
const watchVideos = () => {
  for (const v of document.querySelectorAll<HTMLVideoElement>('[data-testid=player] video')) {
    if (watched.has(v)) continue;
    watched.add(v);
    v.requestVideoFrameCallback((now) => mark('firstFrame', now));
  }
};
new MutationObserver(watchVideos).observe(document, { childList: true, subtree: true });

const poll = setInterval(() => {
  const player = (window as { __fangtanPlayer?: { stats(): Promise<{ videoFramesDecoded: number }> } }).__fangtanPlayer;
  void player?.stats().then((s) => {
    if (s.videoFramesDecoded > 0) {
      mark('decodedPoll');
      clearInterval(poll);
    }
  });
}, 50);

const CELL = 8;
const latency = { samples: [] as LatencySample[], unreadable: 0, running: false };

const probe = {
  marks,
  /** The negotiated SRTP cipher of the receive transport, for the report. */
  async srtpCipher(): Promise<string> {
    let cipher = '';
    for (const pc of peerConnections) {
      (await pc.getStats()).forEach((s: Record<string, any>) => {
        if (s.type === 'transport' && s.srtpCipher) cipher = s.srtpCipher;
      });
    }
    return cipher;
  },
  /** Reads the publisher's painted clock from every frame of the main picture until stopLatency(). */
  startLatency(): boolean {
    const video = document.querySelector<HTMLVideoElement>('[data-testid=player] video[data-participant-id]');
    if (!video) return false;
    const canvas = document.createElement('canvas');
    canvas.width = COLS * CELL;
    canvas.height = ROWS * CELL;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    latency.running = true;
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      const at = clockMs();
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const painted = readClock(ctx.getImageData(0, 0, canvas.width, canvas.height).data, CELL);
      if (painted === null) latency.unreadable++;
      else {
        const receiveTime = (meta as { receiveTime?: number }).receiveTime;
        latency.samples.push({
          glass: elapsedMs(at, painted),
          received: receiveTime ? elapsedMs((performance.timeOrigin + receiveTime) % 2 ** 32, painted) : null,
          height: meta.height,
        });
      }
      if (latency.running) video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    return true;
  },
  stopLatency(): typeof latency {
    latency.running = false;
    return latency;
  },
  clock: clockMs,
};

(window as { __benchProbe?: typeof probe }).__benchProbe = probe;
