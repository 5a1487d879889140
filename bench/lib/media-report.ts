// The media benchmark's figures and their section of bench/RESULTS.md (between the media markers; the
// rest of the file belongs to bench/run.ts and is left as it is).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OUT_DIR, REPO } from './servers.js';
import { cores, int } from './stats.js';

export const TARGETS = { ttffP95Ms: 1500, consumers: 400, glassP95Ms: 500, cpuLimit: 0.8, fpsFloor: 0.9 };

export interface Stat {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export interface TtffResults {
  joins: number;
  failed: number;
  fromNavigation: Stat;
  fromReceiver: Stat;
  decodedPoll: Stat;
  /** Medians of the phases: navigation → receiver start → RTCPeerConnection → first frame. */
  phases: { toReceiver: number; toPeerConnection: number; toFrame: number };
  srtpCipher: string;
  /** Console errors and warnings of the viewer pages, by message. */
  complaints: Record<string, number>;
  machineCores: number;
}

export interface LatencyResults {
  seconds: number;
  frames: number;
  unreadable: number;
  glass: Stat;
  received: Stat | null;
  heights: Record<string, number>;
  skewMs: number;
  machineCores: number;
}

export interface Step {
  bots: number; // viewers (bots, or browser viewers in the calibration)
  consumers: number;
  workerCpu: number; // share of one core
  publisherFps: number; // top simulcast layer, frames encoded per second
  producerPps: number; // packets/s into the producers (all layers + audio)
  producerKbps: number;
  /** Video producer: packets lost on the way in (%), PLIs the worker sent the publisher (per s). */
  producerLostPct: number;
  pliPerS: number;
  /** The publisher's send-side bandwidth estimate at the end of the window, and why its top layer is limited. */
  publisherBweKbps: number;
  publisherLimitation: string;
  botVideoPps: number; // per viewer's video consumer (mean over a sample)
  botAudioPps: number;
  machineCores: number; // all processes + irq, in cores
}

export interface Calibration {
  viewers: number;
  layer: number;
  idle: Step;
  browser: Step;
  bots: Step;
  /** Worker CPU per viewer (share of one core): real WebRTC viewers, and bots, at the same layer. */
  perBrowserViewer: number;
  perBot: number;
  /** Worker CPU per forwarded packet, browser viewer ÷ bot. */
  ratio: number;
}

export interface CapacityResults {
  calibration: Calibration;
  steps: Step[];
  stop: { reason: 'cpu' | 'fps' | 'cap' | 'time'; text: string };
  consumersAtLimit: number; // last step within both limits
  cpuPerConsumer: number; // slope over the steps, share of one core
  baselineCpu: number;
  extrapolated: number; // consumers at the CPU limit from the slope
  calibrated: number; // the same, with the bots' cost scaled by browser/bot from the calibration
  layers: string;
  botLayers: string;
}

export interface MediaResults {
  date: string;
  machine: string;
  chromium: string;
  quietBefore: number;
  ttff: TtffResults;
  latency: LatencyResults;
  capacity: CapacityResults;
}

export function machine(): string {
  return `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}, Node ${process.version}`;
}

const msf = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const pct = (x: number, digits = 3) => `${(x * 100).toFixed(digits)} %`;

/** Earlier runs' headline figures from bench/out (git-ignored, this machine only), newest first. */
function history(current: string): string[] {
  if (!fs.existsSync(OUT_DIR)) return [];
  return fs
    .readdirSync(OUT_DIR)
    .filter((f) => /^media-.*\.json$/.test(f) && f !== current)
    .sort()
    .reverse()
    .slice(0, 4)
    .flatMap((f) => {
      try {
        const r = JSON.parse(fs.readFileSync(path.join(OUT_DIR, f), 'utf8')) as MediaResults;
        return [
          `${r.date}: first frame p95 ${msf(r.ttff.fromNavigation.p95)}, consumers at ${cores(TARGETS.cpuLimit)} ${int(r.capacity.consumersAtLimit)} ` +
            `(slope ${pct(r.capacity.cpuPerConsumer)} per consumer, calibrated ≈ ${int(r.capacity.calibrated)}), glass-to-glass p95 ${msf(r.latency.glass.p95)}`,
        ];
      } catch {
        return [];
      }
    });
}

export function render(r: MediaResults, jsonName: string): string {
  const { ttff, latency, capacity: c } = r;
  const cal = c.calibration;
  const ratio = cal.ratio;
  const reached = c.stop.reason === 'cpu' || c.stop.reason === 'fps';
  const measured = `${reached ? '' : '≥ '}${int(c.consumersAtLimit)}`;
  const earlier = history(jsonName);
  const lines = [
    '## Live media (`bench/media.ts`)',
    '',
    `Run ${r.date} on ${r.machine}; Chromium ${r.chromium}, mediasoup 3.8.4, mediasoup-client 3.18.7. Everything on this one machine,` +
      ` loopback only, with other sessions' work possibly running (machine CPU is given per measure; the bench waits for the` +
      ` machine to be under 0.3 cores busy before it starts: ${cores(r.quietBefore)} then). Raw figures: \`bench/out/${jsonName}\`.`,
    '',
    '| measure | result | target | |',
    '| --- | --- | --- | --- |',
    `| time to first frame, navigation → first frame, ${ttff.fromNavigation.n} joins | p50 ${msf(ttff.fromNavigation.p50)}, **p95 ${msf(ttff.fromNavigation.p95)}** | p95 ≤ ${msf(TARGETS.ttffP95Ms)} | ${verdict(ttff.fromNavigation.p95 <= TARGETS.ttffP95Ms && ttff.failed === 0)} |`,
    `| same, from the player's start | p50 ${msf(ttff.fromReceiver.p50)}, p95 ${msf(ttff.fromReceiver.p95)} | | |`,
    `| consumers per worker (bots), worker ≤ ${cores(TARGETS.cpuLimit)} of a core and publisher fps ≥ ${cores(TARGETS.fpsFloor)} | **${measured}** (${c.stop.text}) | ≥ ${TARGETS.consumers} | ${verdict(c.consumersAtLimit >= TARGETS.consumers)} |`,
    `| same, estimated for real WebRTC viewers (bots' cost per packet × ${ratio.toFixed(2)} from the calibration) | ≈ ${int(c.calibrated)} at ${cores(TARGETS.cpuLimit)} | ≥ ${TARGETS.consumers} | ${verdict(c.calibrated >= TARGETS.consumers)} |`,
    `| glass-to-glass, ${latency.frames} frames | p50 ${msf(latency.glass.p50)}, **p95 ${msf(latency.glass.p95)}** | p95 ≤ ${msf(TARGETS.glassP95Ms)} | ${verdict(latency.glass.p95 <= TARGETS.glassP95Ms)} |`,
    '',
    ...(earlier.length ? ['Earlier runs on this machine (newest first):', '', ...earlier.map((l) => `- ${l}`), ''] : []),
    '### 1. Time to first frame',
    '',
    `- Method: a fangtan server (\`MEDIA_WORKERS=1\`) with the demo interview live and one publisher on air: a Chromium page signed in` +
      ` as admin that publishes the fake camera (720p, the studio's three simulcast layers and Publisher code) and microphone` +
      ` through \`/media\`. Then ${ttff.joins} viewer joins one after another, each a fresh browser context (cold cache, no cookies)` +
      ` opening \`/v/demo\` directly at 1280×900. A script injected before the page's own records, on the page's clock` +
      ` (performance.now(), zero at navigation start): when the page's player assigns \`window.__fangtanPlayer\` (just before` +
      ` the receiver starts: the "player's start"), when mediasoup-client creates its RTCPeerConnection, and the first` +
      ` \`requestVideoFrameCallback\` on the player's video (a decoded frame handed to the compositor).`,
    `- Phases (medians): navigation → player start ${msf(ttff.phases.toReceiver)} (page, interview API, the lazily loaded receiver` +
      ` chunk) → RTCPeerConnection ${msf(ttff.phases.toPeerConnection)} (router capabilities, transport) → first frame ${msf(ttff.phases.toFrame)}` +
      ` (consume, ICE + DTLS, resume, key frame asked of the publisher, decode). Range ${msf(ttff.fromNavigation.min)}–${msf(ttff.fromNavigation.max)};` +
      ` the cross-check (polling \`__fangtanPlayer.stats()\` every 50 ms for videoFramesDecoded > 0) gives p50 ${msf(ttff.decodedPoll.p50)}, p95 ${msf(ttff.decodedPoll.p95)}.` +
      ` Failed joins: ${ttff.failed}; viewer console errors/warnings: ${Object.keys(ttff.complaints).length ? Object.entries(ttff.complaints).map(([t, n]) => `"${t}" × ${n}`).join('; ') : 'none'}.` +
      ` Machine CPU during the joins: ${cores(ttff.machineCores)} of 2 cores (server, publisher, viewer, bench).`,
    '- Loopback: no network round trips. Over a real line, add roughly 4–6 round trips (HTTP page and API, socket handshake,' +
      ' ICE + DTLS) and the page download time.',
    '',
    '### 2. Viewers per worker',
    '',
    `- Method: in the bench process, one mediasoup worker under test with one router (the server's codecs); the same Chromium` +
      ` publisher (camera, layers ${c.layers}; microphone) produces into it over a WebRtcTransport, signalled by the bench.` +
      ` Bot viewers are added ${c.steps[1] ? c.steps[1].bots - c.steps[0]!.bots : '?'} at a time; after each step, 2 s to settle, then` +
      ` 6 s of measuring the worker's own CPU (/proc/<pid>/stat, user + system) and the publisher's top-layer frame rate` +
      ` (framesEncoded from its outbound-rtp stats). Stop at worker > ${cores(TARGETS.cpuLimit)} of one core, publisher` +
      ` < ${cores(TARGETS.fpsFloor)} of its baseline fps (re-measured once before believing it), or the bench's cap.`,
    `- A bot = one viewer: its own PlainTransport (own UDP port, SRTP AES_CM_128_HMAC_SHA1_80, RTCP muxed) with an audio and a` +
      ` video consumer made from Chromium's own receive capabilities, created paused, resumed, key frame requested (as the` +
      ` server's \`consumer:resume\`). The video consumer is a SimulcastConsumer forwarding one layer (here ${c.botLayers}, the top),` +
      ` each packet SRTP-encrypted and sent with its own sendto() to one UDP socket of a sink process that never reads it` +
      ` (the kernel drops the overflow), so the receivers cost almost nothing on the shared 2 cores. Not PipeTransports: a` +
      ` pipe consumer forwards every simulcast layer, and a sink worker would spend a core decrypting.`,
    `- What bots leave out, compared with a WebRTC viewer: ICE (STUN consent checks) and the DTLS handshake; the viewer's` +
      ` RTCP (receiver reports, NACKs, PLIs) and its transport-cc feedback, with the send-side bandwidth estimation and` +
      ` probing it drives (stripped from the bots' capabilities: without feedback mediasoup would hold them to 600 kbps);` +
      ` Chromium negotiates ${ttff.srtpCipher || 'AEAD-GCM'} with mediasoup, the bots' PlainTransports can only use AES-CM + HMAC-SHA1.` +
      ` **Calibration** (same run, same publisher): the worker's CPU with ${cal.viewers} real Chromium viewers (one RTCPeerConnection` +
      ` each: ICE, DTLS-SRTP, RTCP, transport-cc), then with ${cal.viewers} bots, all on layer ${cal.layer}: ${pct(cal.perBrowserViewer)}` +
      ` vs ${pct(cal.perBot)} of a core per viewer above the publisher alone (${cal.browser.botVideoPps.toFixed(0)}+${cal.browser.botAudioPps.toFixed(0)} vs` +
      ` ${cal.bots.botVideoPps.toFixed(0)}+${cal.bots.botAudioPps.toFixed(0)} video+audio packets/s each; machine ${cores(cal.browser.machineCores)} with the` +
      ` browser viewers decoding): per forwarded packet a real viewer costs the worker ${ratio.toFixed(2)}× a bot, and the "estimated" row scales` +
      ` the bots' slope by that.` +
      ` Most of the extra follows the packets (each one sent is numbered and recorded for transport-cc, each feedback packet` +
      ` is decrypted and parsed), so scaling the slope rather than adding a fixed cost per viewer is the fitting model.`,
    `- Result: worker CPU grows linearly, ${pct(c.cpuPerConsumer)} of a core per consumer (least squares over the steps;` +
      ` ${pct(c.baselineCpu, 1)} with the publisher alone), which reaches ${cores(TARGETS.cpuLimit)} at ≈ ${int(c.extrapolated)} bot consumers` +
      ` (≈ ${int(c.calibrated)} calibrated, i.e. ≈ ${int(c.calibrated / 2)} audio+video viewers). Anchor: mediasoup's docs say a worker` +
      ` "can typically handle over ~500 consumers in total" (no CPU, bitrate or method stated); per packet, the bots cost` +
      ` the worker ${((c.cpuPerConsumer * 2 * 1e6) / Math.max(1, c.steps.at(-1)!.botVideoPps + c.steps.at(-1)!.botAudioPps)).toFixed(1)} µs.` +
      ` The fake camera's top layer is light (${c.steps.at(-1)!.botVideoPps.toFixed(0)} packets/s per viewer); a real 720p camera at the` +
      ` studio's 1.2 Mbit/s cap sends ~110–130, so expect proportionally fewer viewers with a busy picture.`,
    '',
    '| bots | consumers | worker CPU | publisher top layer fps | into producers | publisher BWE (top layer limited by) | video lost in, PLI/s to publisher | per viewer, video + audio | machine CPU |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...c.steps.map(
      (s) =>
        `| ${s.bots} | ${s.consumers} | ${cores(s.workerCpu)} | ${s.publisherFps.toFixed(1)} | ${int(s.producerPps)} pkt/s, ${int(s.producerKbps)} kbit/s |` +
        ` ${int(s.publisherBweKbps)} kbit/s (${s.publisherLimitation || '?'}) | ${s.producerLostPct.toFixed(2)} %, ${s.pliPerS.toFixed(1)} |` +
        ` ${s.botVideoPps.toFixed(0)} + ${s.botAudioPps.toFixed(0)} pkt/s | ${cores(s.machineCores)} |`,
    ),
    '',
    '- Server configuration: `MEDIA_VIEWERS_PER_ROUTER` defaults to 400 viewers (800 consumers) before a room spills to a' +
      ' router on the next worker, and the first viewer router is the stage router, whose worker also carries the publishers.' +
      ` By these figures 800 consumers is ${c.calibrated >= 800 ? 'within' : '**beyond**'} one worker's ${cores(TARGETS.cpuLimit)} on this machine (calibrated estimate).`,
    '',
    '### 3. Glass-to-glass latency',
    '',
    `- Method: the same publisher swaps its camera for a 1280×720 canvas (\`captureStream(30)\`, same simulcast layers and` +
      ` producer) on which it paints, at every animation frame, the machine clock (performance.timeOrigin + now(), ms modulo` +
      ` 2³²) as 32 black/white blocks plus an 8-bit checksum (8×5 blocks over the whole picture). A fresh viewer page` +
      ` (\`/v/demo\`) reads the blocks back from each decoded frame of the player's video (\`requestVideoFrameCallback\`,` +
      ` drawImage to a 64×40 canvas, getImageData) and takes its own clock minus the painted time; frames failing the` +
      ` checksum are not counted (${latency.unreadable}). ${latency.seconds} s of frames; heights received: ` +
      Object.entries(latency.heights)
        .map(([h, n]) => `${h}p × ${n}`)
        .join(', ') +
      `. The two pages' clocks differ by ${latency.skewMs.toFixed(2)} ms (best of 7 round trips each against the bench; subtracted).`,
    `- Split: painted → the frame's last packet received by the viewer (rVFC receiveTime: canvas capture, VP8 encode,` +
      ` pacing, mediasoup, loopback) ${latency.received ? `p50 ${msf(latency.received.p50)}, p95 ${msf(latency.received.p95)}` : 'not given by this Chromium'};` +
      ` the rest is the viewer's jitter buffer, decode and render. Machine CPU during the measure: ${cores(latency.machineCores)} of 2 cores.`,
    '- Loopback: add the one-way network delay of each leg (studio → server, server → viewer) and the jitter buffer a lossy' +
      ' line makes the viewer keep; a real camera adds its own capture latency (tens of ms).',
  ];
  return lines.join('\n');
}

/** Replaces what lies between the media markers in RESULTS.md (appending the markers when absent). */
export function writeSection(body: string): void {
  const file = path.join(REPO, 'bench/RESULTS.md');
  const START = '<!-- media:start -->';
  const END = '<!-- media:end -->';
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (!text.includes(START) || !text.includes(END)) text = `${text}${text.endsWith('\n') || !text ? '' : '\n'}\n${START}\n${END}\n`;
  const a = text.indexOf(START) + START.length;
  const b = text.indexOf(END);
  fs.writeFileSync(file, `${text.slice(0, a)}\n${body}\n${text.slice(b)}`);
}
