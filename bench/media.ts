// Live media benchmark: (1) time to first frame for a viewer joining a live broadcast, (2) consumers one
// mediasoup worker carries, (3) glass-to-glass latency on loopback. With all three, it writes its section
// of RESULTS.md (between the media markers) and the raw figures to bench/out/media-<date>.json.
// Run: `npx tsx bench/media.ts [ttff] [latency] [capacity]` (all three when none is named; ~6–9 min), or
// `--render` to rewrite the RESULTS.md section from the newest complete run without measuring.
// Env: MEDIA_JOINS (24), MEDIA_LATENCY_S (20), MEDIA_BOT_STEP (50), MEDIA_BOT_MAX (1500), MEDIA_CALIBRATION (20 viewers),
// MEDIA_CALIBRATION_LAYER (2).
import fs from 'node:fs';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { Browser, Page } from 'playwright-core';
import { benchPage, BRIDGE_ORIGIN, bundle, clockOffset, launch, openPublisher, type PublisherPage } from './lib/media-browser.js';
import type { LatencySample, ProbeMarks } from './lib/media-probe.js';
import {
  machine,
  render,
  TARGETS,
  writeSection,
  type Calibration,
  type CapacityResults,
  type LatencyResults,
  type MediaResults,
  type Stat,
  type Step,
  type TtffResults,
} from './lib/media-report.js';
import { botCapabilities, CapacityRig } from './lib/media-rig.js';
import { othersSince, readCpu } from './lib/media-proc.js';
import { cpuSeconds, machineCpu, QUIET, waitForQuiet } from './lib/proc.js';
import { OUT_DIR, startFangtan, type RunningServer } from './lib/servers.js';
import { cores, int, percentile, sleep, sortedCopy } from './lib/stats.js';

const JOINS = Number(process.env.MEDIA_JOINS ?? 24);
const LATENCY_S = Number(process.env.MEDIA_LATENCY_S ?? 20);
const BOT_STEP = Number(process.env.MEDIA_BOT_STEP ?? 50);
const BOT_MAX = Number(process.env.MEDIA_BOT_MAX ?? 1500);
// 20 real viewers on the top layer: as many 720p decoders as one Chromium runs beside the encoder here.
const CALIBRATION_VIEWERS = Number(process.env.MEDIA_CALIBRATION ?? 20);
const CALIBRATION_LAYER = Number(process.env.MEDIA_CALIBRATION_LAYER ?? 2);
const CAPACITY_BUDGET_MS = 6 * 60_000;
const DEADLINE_MS = 15 * 60_000;
// Below Linux's ephemeral range, and away from the server's default 40000–49999 that the tests use.
const SERVER_PORTS = { MEDIA_MIN_PORT: '24000', MEDIA_MAX_PORT: '24999' };
const RIG_PORTS = [20000, 23999] as const;

// Everything started is stopped in reverse order, on success, failure, Ctrl-C or the deadline.
const stops: Array<() => Promise<void> | void> = [];
async function stopAll(): Promise<void> {
  for (const s of stops.splice(0).reverse()) await Promise.resolve(s()).catch((e: unknown) => console.error('stop:', e));
}
const deadline = setTimeout(() => {
  console.error(`media bench: over ${DEADLINE_MS / 60_000} min, stopping`);
  void stopAll().finally(() => process.exit(2));
}, DEADLINE_MS);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));

/** Polls an expression in the page (not waitForFunction: the viewer's CSP forbids the eval it uses). */
async function waitInPage(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (performance.now() > end) throw new Error(`timeout waiting for ${expression}`);
    await sleep(100);
  }
}

function stat(xs: number[]): Stat {
  const s = sortedCopy(xs);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), min: s[0] ?? NaN, max: s.at(-1) ?? NaN };
}

/** Cores the whole machine (every process, plus irq) and the rest of it (not this bench's processes) used while `run` ran. */
async function withMachineCpu<T>(run: () => Promise<T>): Promise<[T, number, number]> {
  const a = machineCpu();
  const own = readCpu();
  const t0 = performance.now();
  const r = await run();
  const others = othersSince(own);
  const b = machineCpu();
  return [r, (b.busy + b.irq - a.busy - a.irq) / ((performance.now() - t0) / 1000), others];
}

/** A fangtan server with one media worker, the admin's publisher on air, the demo interview live. */
async function liveBroadcast(browser: Browser): Promise<{ server: RunningServer; publisher: PublisherPage }> {
  const server = await startFangtan({ env: { MEDIA_WORKERS: '1', ...SERVER_PORTS } });
  stops.push(() => server.stop());
  const publisher = await openPublisher(browser, { server: server.base });
  stops.push(() => publisher.context.close());
  const r = await publisher.context.request.patch('/api/studio/interviews/1', { data: { status: 'live' }, headers: { 'x-csrf-token': publisher.csrf } });
  if (!r.ok()) throw new Error(`go live: ${r.status()} ${await r.text()}`);
  await sleep(3000); // the encoder ramps up to its three layers
  return { server, publisher };
}

// 1. Time to first frame -------------------------------------------------------------------------------

async function timeToFirstFrame(browser: Browser, base: string): Promise<TtffResults> {
  const probe = await bundle('media-probe');
  const marks: ProbeMarks[] = [];
  let failed = 0;
  let srtpCipher = '';
  const complaints: Record<string, number> = {};
  const others: number[] = [];
  const [, machineCores] = await withMachineCpu(async () => {
    for (let i = 0; i < JOINS; i++) {
      const cpu = readCpu();
      // A first visit every time: fresh context, so no HTTP cache and no cookies.
      const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      try {
        await ctx.addInitScript({ content: probe });
        const page = await ctx.newPage();
        // What the viewer page complains about, if anything (counted by message).
        const complain = (text: string) => (complaints[text.slice(0, 160)] = (complaints[text.slice(0, 160)] ?? 0) + 1);
        page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && complain(`${m.type()}: ${m.text()}`));
        page.on('pageerror', (e) => complain(`pageerror: ${e.message}`));
        await page.goto(`${base}/v/demo`);
        await waitInPage(page, 'window.__benchProbe.marks.firstFrame !== undefined && window.__benchProbe.marks.decodedPoll !== undefined', 15_000);
        marks.push((await page.evaluate('window.__benchProbe.marks')) as ProbeMarks);
        others.push(othersSince(cpu));
        if (!srtpCipher) srtpCipher = (await page.evaluate('window.__benchProbe.srtpCipher()')) as string;
      } catch (err) {
        failed++;
        console.error(`  join ${i}: ${(err as Error).message.split('\n')[0]}`);
      } finally {
        await ctx.close();
      }
      await sleep(500);
    }
  });
  const med = (f: (m: ProbeMarks) => number) => stat(marks.map(f)).p50;
  return {
    joins: JOINS,
    failed,
    fromNavigation: stat(marks.map((m) => m.firstFrame!)),
    fromReceiver: stat(marks.map((m) => m.firstFrame! - m.receiverStart!)),
    decodedPoll: stat(marks.map((m) => m.decodedPoll!)),
    phases: {
      toReceiver: med((m) => m.receiverStart!),
      toPeerConnection: med((m) => m.peerConnection! - m.receiverStart!),
      toFrame: med((m) => m.firstFrame! - m.peerConnection!),
    },
    srtpCipher,
    complaints,
    machineCores,
    othersMedian: stat(others).p50,
    disturbedJoins: others.filter((o) => o > QUIET).length,
  };
}

// 3. Glass-to-glass latency ----------------------------------------------------------------------------

async function glassToGlass(browser: Browser, base: string, publisher: PublisherPage): Promise<LatencyResults> {
  await publisher.page.evaluate('window.__benchPublisher.useClock()');
  await sleep(3000); // the encoder settles on the new source
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  stops.push(() => ctx.close());
  await ctx.addInitScript({ content: await bundle('media-probe') });
  const page = await ctx.newPage();
  await page.goto(`${base}/v/demo`);
  await waitInPage(page, 'window.__benchProbe.marks.firstFrame !== undefined', 15_000);
  await sleep(3000); // past the first key frame and the receiver's ramp-up
  // Both pages read one machine clock, but each in its own renderer process: measure how far apart.
  const skewMs =
    (await clockOffset(() => page.evaluate('window.__benchProbe.clock()') as Promise<number>)) - (await clockOffset(() => publisher.clock()));
  if (!(await page.evaluate('window.__benchProbe.startLatency()'))) throw new Error('no video in the viewer');
  const [r, machineCores, otherCores] = await withMachineCpu(async () => {
    await sleep(LATENCY_S * 1000);
    return (await page.evaluate('window.__benchProbe.stopLatency()')) as { samples: LatencySample[]; unreadable: number };
  });
  await publisher.page.evaluate('window.__benchPublisher.stopClock()');
  await ctx.close();
  const heights: Record<string, number> = {};
  for (const s of r.samples) heights[s.height] = (heights[s.height] ?? 0) + 1;
  const received = r.samples.flatMap((s) => (s.received === null ? [] : [s.received - skewMs]));
  return {
    seconds: LATENCY_S,
    frames: r.samples.length,
    unreadable: r.unreadable,
    glass: stat(r.samples.map((s) => s.glass - skewMs)),
    received: received.length ? stat(received) : null,
    heights,
    skewMs,
    machineCores,
    otherCores,
  };
}

// 2. Viewers (consumers) per worker --------------------------------------------------------------------

type Pair = { audio?: types.Consumer | undefined; video?: types.Consumer | undefined };

/** Worker CPU, publisher fps and packet rates over one window; per-viewer rates: mean over `sampled` viewers. */
async function measureStep(rig: CapacityRig, publisher: PublisherPage, windowMs: number, viewers: Pair[] = rig.bots, sampled = 6): Promise<Step> {
  const sample = viewers.filter((_, i) => i % Math.max(1, Math.floor(viewers.length / sampled)) === 0).slice(0, sampled);
  const sent = async (c: types.Consumer | undefined) => (c ? ((await c.getStats()).find((s) => s.type === 'outbound-rtp')?.packetCount ?? 0) : 0);
  const count = async () => {
    const producer = (await Promise.all(rig.producers.map((p) => p.getStats()))).flat();
    const video = (await rig.producer('video').getStats()).reduce((a, s) => ({ lost: a.lost + s.packetsLost, pli: a.pli + s.pliCount }), { lost: 0, pli: 0 });
    const videoSent = await Promise.all(sample.map((v) => sent(v.video)));
    const audioSent = await Promise.all(sample.map((v) => sent(v.audio)));
    const layers = await publisher.layers();
    return {
      lost: video.lost,
      pli: video.pli,
      videoPackets: producer.filter((s) => s.mimeType.startsWith('video')).reduce((a, s) => a + s.packetCount, 0),
      limitation: layers.at(-1)?.limitation ?? '',
      bwe: await publisher.bweKbps(),
      packets: producer.reduce((a, s) => a + s.packetCount, 0),
      bytes: producer.reduce((a, s) => a + s.byteCount, 0),
      video: videoSent,
      audio: audioSent,
      frames: layers.at(-1)?.framesEncoded ?? 0,
      cpu: cpuSeconds(rig.worker.pid),
      m: machineCpu(),
      t: performance.now(),
    };
  };
  const own = readCpu();
  const a = await count();
  await sleep(windowMs);
  const b = await count();
  const otherCores = othersSince(own);
  const dt = (b.t - a.t) / 1000;
  const rate = (bs: number[], as: number[]) => (bs.length ? bs.reduce((sum, v, i) => sum + v - as[i]!, 0) / bs.length / dt : 0);
  return {
    bots: viewers.length,
    consumers: viewers.length * 2,
    workerCpu: (b.cpu - a.cpu) / dt,
    publisherFps: (b.frames - a.frames) / dt,
    producerPps: (b.packets - a.packets) / dt,
    producerKbps: ((b.bytes - a.bytes) * 8) / dt / 1000,
    producerLostPct: (100 * (b.lost - a.lost)) / Math.max(1, b.videoPackets - a.videoPackets + b.lost - a.lost),
    pliPerS: (b.pli - a.pli) / dt,
    publisherBweKbps: b.bwe,
    publisherLimitation: b.limitation,
    botVideoPps: rate(b.video, a.video),
    botAudioPps: rate(b.audio, a.audio),
    machineCores: (b.m.busy + b.m.irq - a.m.busy - a.m.irq) / dt,
    otherCores,
  };
}

/**
 * The bots' blind spot, measured: the worker's CPU with N real Chromium viewers (one RTCPeerConnection
 * each, with ICE, DTLS-SRTP, RTCP and transport-cc feedback), then with N bots, on the same layer.
 */
async function calibrate(rig: CapacityRig, publisher: PublisherPage, caps: types.RtpCapabilities): Promise<Calibration> {
  const N = CALIBRATION_VIEWERS;
  const WINDOW = 15_000; // the difference measured is a few % of a core: long windows
  const idle = await measureStep(rig, publisher, WINDOW);
  const page = await benchPage(publisher.context, BRIDGE_ORIGIN);
  await page.evaluate(`window.__benchPublisher.watch(${N}, ${CALIBRATION_LAYER})`);
  await sleep(6000); // bandwidth estimation lets them reach the layer
  const browser = await measureStep(rig, publisher, WINDOW, rig.browserViewers, N);
  await page.close();
  rig.clear();
  await sleep(2000);
  await rig.addBots(N, caps, CALIBRATION_LAYER);
  await sleep(4000);
  const bots = await measureStep(rig, publisher, WINDOW, rig.bots, N);
  rig.clear();
  await sleep(2000);
  const perBrowserViewer = (browser.workerCpu - idle.workerCpu) / N;
  const perBot = (bots.workerCpu - idle.workerCpu) / N;
  // Per forwarded packet: the browsers' bandwidth estimate may hold some of them below the bots' layer.
  const ratio = perBrowserViewer / (browser.botVideoPps + browser.botAudioPps) / (perBot / (bots.botVideoPps + bots.botAudioPps));
  return { viewers: N, layer: CALIBRATION_LAYER, idle, browser, bots, perBrowserViewer, perBot, ratio };
}

async function capacity(browser: Browser): Promise<CapacityResults> {
  const rig = await CapacityRig.start(...RIG_PORTS);
  stops.push(() => rig.close());
  const publisher = await openPublisher(browser, { signal: rig.signal });
  stops.push(() => publisher.context.close());
  const caps = botCapabilities(publisher.recvRtpCapabilities);
  await sleep(5000); // the publisher's bandwidth estimate ramps up to all three layers
  const cal = await calibrate(rig, publisher, caps);
  console.log(
    `  calibration, ${cal.viewers} viewers on layer ${cal.layer}: worker per browser viewer ${(cal.perBrowserViewer * 100).toFixed(3)} %, per bot ` +
      `${(cal.perBot * 100).toFixed(3)} % (${cal.browser.botVideoPps.toFixed(0)}+${cal.browser.botAudioPps.toFixed(0)} vs ` +
      `${cal.bots.botVideoPps.toFixed(0)}+${cal.bots.botAudioPps.toFixed(0)} pkt/s each)`,
  );
  const WINDOW = 6000;
  const base = await measureStep(rig, publisher, WINDOW);
  const steps = [base];
  const fpsFloor = TARGETS.fpsFloor * base.publisherFps;
  console.log(`  0 bots: worker ${cores(base.workerCpu)}, publisher ${base.publisherFps.toFixed(1)} fps, ${int(base.producerPps)} pkt/s in`);
  let stop: CapacityResults['stop'] = { reason: 'cap', text: `stopped at the bench's cap of ${BOT_MAX} bots` };
  const t0 = performance.now();
  while (rig.bots.length < BOT_MAX) {
    await rig.addBots(BOT_STEP, caps);
    await sleep(2000); // key frames reach the new consumers
    let s = await measureStep(rig, publisher, WINDOW);
    // The machine is shared: a window in which other sessions took CPU, or one slow window of the
    // encoder, is measured again (up to 3 times) before it counts.
    for (let tries = 0; tries < 3 && (s.otherCores > QUIET || s.publisherFps < fpsFloor); tries++) s = await measureStep(rig, publisher, WINDOW);
    steps.push(s);
    console.log(
      `  ${s.bots} bots (${s.consumers} consumers): worker ${cores(s.workerCpu)}, publisher ${s.publisherFps.toFixed(1)} fps, ` +
        `per bot ${s.botVideoPps.toFixed(0)}+${s.botAudioPps.toFixed(0)} pkt/s, in ${int(s.producerKbps)} kbit/s (BWE ${int(s.publisherBweKbps)}, ` +
        `${s.publisherLimitation}, lost ${s.producerLostPct.toFixed(2)} %, ${s.pliPerS.toFixed(1)} PLI/s), machine ${cores(s.machineCores)}, ` +
        `others ${cores(s.otherCores)}`,
    );
    if (s.workerCpu > TARGETS.cpuLimit) {
      stop = { reason: 'cpu', text: `next step: worker at ${cores(s.workerCpu)} with ${int(s.consumers)}` };
      break;
    }
    // A publisher starved by someone else's work says nothing about the SFU: go on, the table shows it.
    if (s.publisherFps < fpsFloor && s.otherCores <= QUIET) {
      stop = { reason: 'fps', text: `next step: publisher at ${s.publisherFps.toFixed(1)} fps of ${base.publisherFps.toFixed(1)} with ${int(s.consumers)}` };
      break;
    }
    if (performance.now() - t0 > CAPACITY_BUDGET_MS) {
      stop = { reason: 'time', text: `stopped at the capacity run's ${CAPACITY_BUDGET_MS / 60_000}-minute budget` };
      break;
    }
  }
  const ok = steps.filter((s) => s.workerCpu <= TARGETS.cpuLimit && (s.publisherFps >= fpsFloor || s.otherCores > QUIET));
  // Least squares: CPU = baseline + slope · consumers.
  const mx = steps.reduce((a, s) => a + s.consumers, 0) / steps.length;
  const my = steps.reduce((a, s) => a + s.workerCpu, 0) / steps.length;
  const slope = steps.reduce((a, s) => a + (s.consumers - mx) * (s.workerCpu - my), 0) / steps.reduce((a, s) => a + (s.consumers - mx) ** 2, 0);
  const baselineCpu = my - slope * mx;
  const layers = await publisher.layers();
  const botLayers = [...new Set(rig.bots.slice(0, 20).map((b) => b.video.currentLayers?.spatialLayer ?? -1))];
  rig.clear();
  await publisher.context.close();
  rig.close();
  return {
    calibration: cal,
    steps,
    stop,
    consumersAtLimit: ok.at(-1)?.consumers ?? 0,
    cpuPerConsumer: slope,
    baselineCpu,
    extrapolated: (TARGETS.cpuLimit - baselineCpu) / slope,
    calibrated: (TARGETS.cpuLimit - baselineCpu) / (slope * cal.ratio),
    layers: layers.map((l) => `${l.rid} ${l.width}px${l.limitation && l.limitation !== 'none' ? ` (limited by ${l.limitation})` : ''}`).join(', '),
    botLayers: botLayers.map((l) => `spatial layer ${l}`).join(', '),
  };
}

// -------------------------------------------------------------------------------------------------------

/** `--render`: rewrites the RESULTS.md section from the newest complete run in bench/out (no measuring). */
function rerender(): void {
  const name = fs
    .readdirSync(OUT_DIR)
    .filter((f) => /^media-.*\.json$/.test(f))
    .sort()
    .reverse()
    .find((f) => {
      const r = JSON.parse(fs.readFileSync(path.join(OUT_DIR, f), 'utf8')) as Partial<MediaResults>;
      return r.ttff && r.latency && r.capacity;
    });
  if (!name) throw new Error('no complete run in bench/out');
  writeSection(render(JSON.parse(fs.readFileSync(path.join(OUT_DIR, name), 'utf8')) as MediaResults, name));
  console.log(`bench/RESULTS.md: media section written from ${name}`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--render')) return rerender();
  const wanted = new Set(process.argv.slice(2));
  const all = wanted.size === 0;
  const date = new Date();
  const quiet = await waitForQuiet();
  console.log(`${machine()}; ${cores(quiet.busyCores)} busy before start (waited ${Math.round(quiet.waitedMs / 1000)} s)`);
  const browser = await launch();
  stops.push(() => browser.close());
  const out: Partial<MediaResults> = { date: date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC', machine: machine(), chromium: browser.version(), quietBefore: quiet.busyCores };

  if (all || wanted.has('ttff') || wanted.has('latency')) {
    const { server, publisher } = await liveBroadcast(browser);
    if (all || wanted.has('ttff')) {
      console.log(`time to first frame: ${JOINS} joins…`);
      out.ttff = await timeToFirstFrame(browser, server.base);
      console.log(out.ttff);
    }
    if (all || wanted.has('latency')) {
      console.log(`glass-to-glass: ${LATENCY_S} s of frames…`);
      out.latency = await glassToGlass(browser, server.base, publisher);
      console.log(out.latency);
    }
    await publisher.context.close();
    await server.stop();
  }
  if (all || wanted.has('capacity')) {
    console.log(`viewers per worker: +${BOT_STEP} bots per step…`);
    out.capacity = await capacity(browser);
    console.log({ ...out.capacity, steps: undefined, calibration: undefined });
  }
  const name = `media-${date.toISOString().replace(/[:.]/g, '-')}.json`;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, name), JSON.stringify(out, null, 2));
  if (out.ttff && out.latency && out.capacity) {
    writeSection(render(out as MediaResults, name));
    console.log('bench/RESULTS.md: media section written');
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    clearTimeout(deadline);
    await stopAll();
  });
