// The media benchmark's figures and their section of bench/RESULTS.md (between the media markers; the
// rest of the file belongs to bench/run.ts and is left as it is).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QUIET } from './proc.js';
import { OUT_DIR, REPO } from './servers.js';
import { cores, int } from './stats.js';
import { writeResultsSection } from './results.js';

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
  /** Cores taken by processes not this bench's, per join: median, and joins above 0.3. */
  othersMedian: number;
  disturbedJoins: number;
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
  otherCores: number;
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
  otherCores: number; // processes not this bench's (other sessions' work)
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
  const last = c.steps.at(-1)!;
  const botPps = last.botVideoPps + last.botAudioPps;
  // A camera filling the studio's 1.2 Mbit/s top layer: ~130 video packets/s (≈1,150-byte packets) + 50 audio.
  const busyPicture = c.calibrated * (botPps / (130 + 50));
  const reached = c.stop.reason === 'cpu' || c.stop.reason === 'fps';
  const disturbed = c.steps.filter((s) => s.otherCores > QUIET).length;
  const earlier = history(jsonName);
  const quietNote = (others: number) => (others > QUIET ? ` (**disturbed**: other sessions took ${cores(others)})` : '');
  const lines = [
    '## Live media (`bench/media.ts`)',
    '',
    `Run ${r.date} on ${r.machine}; Chromium ${r.chromium}, mediasoup 3.8.4, mediasoup-client 3.18.7. Everything on this one` +
      ` machine, loopback only. The machine is shared with other sessions: the bench starts once it is under 0.3 cores busy` +
      ` (${cores(r.quietBefore)} then), and every measure says how much CPU processes other than the bench's took meanwhile` +
      ` ("others"). Regenerate with \`npm run bench:media\` (~6 min; \`-- --render\` rewrites this section from the last raw figures); raw figures in \`bench/out/${jsonName}\` (git-ignored).`,
    '',
    '| measure | result | target | |',
    '| --- | --- | --- | --- |',
    `| time to first frame, navigation start → first frame, ${ttff.fromNavigation.n} joins | p50 ${msf(ttff.fromNavigation.p50)}, **p95 ${msf(ttff.fromNavigation.p95)}** | p95 ≤ ${msf(TARGETS.ttffP95Ms)} | ${verdict(ttff.fromNavigation.p95 <= TARGETS.ttffP95Ms && ttff.failed === 0)} |`,
    `| same, from the player's start | p50 ${msf(ttff.fromReceiver.p50)}, p95 ${msf(ttff.fromReceiver.p95)} | | |`,
    `| consumers per worker, measured with bots (worker ≤ ${cores(TARGETS.cpuLimit)} of a core, publisher ≥ ${cores(TARGETS.fpsFloor)} of its fps) | **${reached ? '' : '≥ '}${int(c.consumersAtLimit)}** (${c.stop.text}) | ≥ ${TARGETS.consumers} | ${reached || c.consumersAtLimit >= TARGETS.consumers ? verdict(c.consumersAtLimit >= TARGETS.consumers) : 'not reached (bench cap)'} |`,
    `| same, estimated for real WebRTC viewers (bots' CPU per packet × ${cal.ratio.toFixed(2)}, calibration below) | **≈ ${int(c.calibrated)}** (≈ ${int(c.calibrated / 2)} audio+video viewers) | ≥ ${TARGETS.consumers} | ${verdict(c.calibrated >= TARGETS.consumers)} |`,
    `| glass-to-glass, ${latency.frames} frames | p50 ${msf(latency.glass.p50)}, **p95 ${msf(latency.glass.p95)}** | p95 ≤ ${msf(TARGETS.glassP95Ms)} | ${verdict(latency.glass.p95 <= TARGETS.glassP95Ms)} |`,
    '',
    ...(earlier.length ? ['Earlier runs on this machine (newest first):', '', ...earlier.map((l) => `- ${l}`), ''] : []),
    '### 1. Time to first frame',
    '',
    `- Method: a fangtan server (\`MEDIA_WORKERS=1\`) with the demo interview live and one publisher on air: a Chromium page signed` +
      ` in as admin that publishes the fake camera (720p; the studio's own camera constraints, three simulcast layers and` +
      ` Publisher code) and microphone through \`/media\`. Then ${ttff.joins} viewer joins one after another, each a fresh` +
      ` browser context (cold cache, no cookies) opening \`/v/demo\` directly at 1280×900. A script injected before the page's` +
      ` own records, on the page's clock (performance.now(), zero at navigation start): when the player assigns` +
      ` \`window.__fangtanPlayer\` (just before its receiver starts: "the player's start"), when mediasoup-client creates its` +
      ` RTCPeerConnection, and the first \`requestVideoFrameCallback\` on the player's video (a decoded frame handed to the compositor).`,
    `- Phases (medians): navigation → player start ${msf(ttff.phases.toReceiver)} (page, interview API, the lazily loaded receiver` +
      ` chunk) → RTCPeerConnection ${msf(ttff.phases.toPeerConnection)} (socket, router capabilities, transport) → first frame` +
      ` ${msf(ttff.phases.toFrame)} (consume, ICE + DTLS, resume, key frame asked of the publisher, decode). Range` +
      ` ${msf(ttff.fromNavigation.min)}–${msf(ttff.fromNavigation.max)}. Cross-check, polling \`__fangtanPlayer.stats()\` every 50 ms for` +
      ` videoFramesDecoded > 0: p50 ${msf(ttff.decodedPoll.p50)}, p95 ${msf(ttff.decodedPoll.p95)}. Failed joins: ${ttff.failed}; viewer` +
      ` console errors/warnings: ${Object.keys(ttff.complaints).length ? Object.entries(ttff.complaints).map(([t, n]) => `"${t}" × ${n}`).join('; ') : 'none'}.` +
      ` Machine ${cores(ttff.machineCores)} busy during the joins; others: median ${cores(ttff.othersMedian)} per join, ${ttff.disturbedJoins} joins above 0.3 cores.`,
    '- Loopback, one viewer joining at a time: over a real line add some 4–6 round trips (page and API, socket handshake,' +
      ' ICE + DTLS) and the download of the page; joins in a crowd also queue for the key frame and the worker.',
    '',
    '### 2. Viewers per worker',
    '',
    `- Method: in the bench process, one mediasoup worker under test with one router (the server's codecs); the same kind of` +
      ` Chromium publisher (camera layers ${c.layers} at the end; microphone) produces into it over a WebRtcTransport,` +
      ` signalled by the bench. Bot viewers are added ${c.steps[1] ? c.steps[1].bots - c.steps[0]!.bots : '?'} at a time; after each step, 2 s` +
      ` to settle, then 6 s of measuring the worker's own CPU (/proc/<pid>/stat, user + system) and the publisher's top-layer frame` +
      ` rate (framesEncoded in its outbound-rtp stats). A window in which others took over 0.3 cores, or the publisher looked slow,` +
      ` is measured again (up to 3 times). Stop when the worker passes ${cores(TARGETS.cpuLimit)} of one core, or the publisher falls` +
      ` below ${cores(TARGETS.fpsFloor)} of its baseline fps in an undisturbed window. Consumers = 2 per viewer (audio + video).`,
    `- A bot = one viewer: its own PlainTransport (own UDP port, SRTP AES_CM_128_HMAC_SHA1_80, RTCP muxed) with an audio and a` +
      ` video consumer made from Chromium's own receive capabilities, created paused, resumed, key frame requested (as the` +
      ` server's \`consumer:resume\` does). The video consumer is a SimulcastConsumer forwarding one layer (here ${c.botLayers}, the` +
      ` top), each packet SRTP-encrypted and sent with its own sendto() to one UDP socket of a sink process that never reads it` +
      ` (the kernel drops the overflow), so the receivers cost no user-space CPU on the shared 2 cores (the kernel's loopback` +
      ` delivery is in the machine column, as irq). Not PipeTransports: a` +
      ` pipe consumer forwards every simulcast layer, and a sink worker would spend a core decrypting.`,
    `- What bots leave out, compared with a WebRTC viewer: ICE (STUN checks) and the DTLS handshake; the viewer's RTCP` +
      ` (receiver reports, NACKs, PLIs) and transport-cc feedback, with the bandwidth estimation it drives in the worker` +
      ` (every packet sent numbered and recorded, every feedback packet decrypted and parsed, probing); the bots' capabilities` +
      ` drop transport-cc and REMB, since without feedback mediasoup would hold them to 600 kbit/s. Chromium negotiates` +
      ` ${ttff.srtpCipher || 'AEAD-GCM'} with mediasoup, where PlainTransport only has AES-CM + HMAC-SHA1.` +
      ` **Calibration** (same run and publisher, 15 s windows): the worker's CPU with ${cal.viewers} real Chromium viewers (one` +
      ` RTCPeerConnection each), then with ${cal.viewers} bots, all on layer ${cal.layer}: ${pct(cal.perBrowserViewer)} vs ${pct(cal.perBot)}` +
      ` of a core per viewer above the publisher alone, at ${cal.browser.botVideoPps.toFixed(0)}+${cal.browser.botAudioPps.toFixed(0)} vs` +
      ` ${cal.bots.botVideoPps.toFixed(0)}+${cal.bots.botAudioPps.toFixed(0)} video+audio packets/s each (others ${cores(cal.browser.otherCores)} and` +
      ` ${cores(cal.bots.otherCores)}): per forwarded packet a real viewer costs the worker **${cal.ratio.toFixed(2)}×** a bot. The "estimated"` +
      ` row scales the bots' slope by that; the difference is a few % of a core, so this ratio is the least precise figure here.`,
    `- Result: worker CPU grows linearly, ${pct(c.cpuPerConsumer)} of a core per bot consumer (least squares over the steps),` +
      ` ≈ ${((c.cpuPerConsumer * 2 * 1e6) / Math.max(1, botPps)).toFixed(1)} µs of worker CPU per packet` +
      ` forwarded; the line reaches ${cores(TARGETS.cpuLimit)} at ≈ ${int(c.extrapolated)} bot consumers, ≈ ${int(c.calibrated)} for` +
      ` WebRTC viewers. Anchor: mediasoup's docs say a worker "can typically handle over ~500 consumers in total" (no CPU,` +
      ` bitrate or method given). The fake camera's top layer is light (${last.botVideoPps.toFixed(0)} packets/s); a camera filling the` +
      ` studio's 1.2 Mbit/s top layer sends ~130, so a busy picture brings the estimate to ≈ ${int(busyPicture)} consumers` +
      ` (≈ ${int(busyPicture / 2)} viewers) per worker.` +
      (disturbed ? ` ${disturbed} of the steps were disturbed by other sessions even after re-measuring (others column).` : ''),
    `- The publisher's side: its send-side bandwidth estimate (BWE column) tends to fall as the worker gets busier. A likely` +
      ` cause: the same single-threaded worker receives the publisher's packets and fans each one out (≈ ${int((c.cpuPerConsumer * 2 * 1e6 * last.bots) / Math.max(1, botPps) / 1000)} ms` +
      ` of work per video packet at ${int(last.bots)} viewers, and a key frame is tens of packets), so arrival times, and the` +
      ` transport-cc feedback built from them, jitter, which Chromium's delay-based estimator reads as congestion. If it falls far` +
      ` enough, Chromium turns the 1.2 Mbit/s top layer off and every viewer drops to 640×360 (the fps criterion catches that):` +
      ` mediasoup's advice to serve big audiences from consumer-only workers the producer is piped to applies.` +
      (c.steps.some((s) => s.publisherFps < TARGETS.fpsFloor * c.steps[0]!.publisherFps)
        ? ' **In this run the publisher did fall below its fps floor** (see the table).'
        : ''),
    '',
    '| bots | consumers | worker CPU | publisher top-layer fps | into producers | publisher BWE (top layer limited by) | video lost in, PLI/s to publisher | per viewer, video + audio | machine CPU | others |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...c.steps.map(
      (s) =>
        `| ${s.bots} | ${s.consumers} | ${cores(s.workerCpu)} | ${s.publisherFps.toFixed(1)} | ${int(s.producerPps)} pkt/s, ${int(s.producerKbps)} kbit/s |` +
        ` ${int(s.publisherBweKbps)} kbit/s (${s.publisherLimitation || '?'}) | ${s.producerLostPct.toFixed(2)} %, ${s.pliPerS.toFixed(1)} |` +
        ` ${s.botVideoPps.toFixed(0)} + ${s.botAudioPps.toFixed(0)} pkt/s | ${cores(s.machineCores)} | ${cores(s.otherCores)} |`,
    ),
    '',
    '- Server configuration: `MEDIA_VIEWERS_PER_ROUTER` defaults to 400 viewers (800 consumers) before a room spills to a' +
      ' router on the next worker, and the first viewer router is the stage router, whose worker also receives the publishers.' +
      ` By these figures 800 consumers is ${busyPicture >= 800 ? 'within' : '**beyond**'} one worker's ${cores(TARGETS.cpuLimit)} on this machine` +
      ` with a busy picture (≈ ${int(busyPicture)}), and ${c.calibrated >= 800 ? 'within' : '**beyond**'} it with the fake camera (≈ ${int(c.calibrated)}).`,
    '',
    '### 3. Glass-to-glass latency',
    '',
    `- Method: the same server and publisher; the publisher swaps its camera for a 1280×720 canvas (\`captureStream(30)\`, same` +
      ` producer and simulcast layers) on which it paints, at every animation frame, the machine clock (performance.timeOrigin +` +
      ` now(), ms modulo 2³²) as 32 black/white blocks plus an 8-bit checksum (8×5 blocks filling the picture). A fresh viewer page` +
      ` (\`/v/demo\`) reads the blocks back from every decoded frame of the player's video (\`requestVideoFrameCallback\`, drawImage` +
      ` to a 64×40 canvas, getImageData) and takes its own clock at that callback minus the painted time; frames failing the checksum` +
      ` are not counted (${latency.unreadable}). ${latency.seconds} s of frames; heights received: ` +
      Object.entries(latency.heights)
        .map(([h, n]) => `${h}p × ${n}`)
        .join(', ') +
      `. The two pages' clocks (separate renderer processes) differ by ${latency.skewMs.toFixed(2)} ms (best of 7 round trips each` +
      ` against the bench; subtracted).`,
    `- Split: painted → the frame's last packet received by the viewer (rVFC receiveTime: canvas capture, VP8 encode, pacing,` +
      ` mediasoup, loopback) ${latency.received ? `p50 ${msf(latency.received.p50)}, p95 ${msf(latency.received.p95)}` : 'not given by this Chromium'};` +
      ` the rest is the viewer's jitter buffer, decode and render. Machine ${cores(latency.machineCores)} busy; others ${cores(latency.otherCores)}${quietNote(latency.otherCores)}.`,
    '- Loopback: add the one-way network delay of each leg (studio → server → viewer) and the larger jitter buffer a lossy line' +
      ' makes the viewer keep; a real camera adds its own capture delay (tens of ms).',
  ];
  return lines.join('\n');
}

/** Replaces what lies between the media markers in RESULTS.md (appending the markers when absent). */
export function writeSection(body: string): void {
  writeResultsSection('media', body);
}
