// Replay serving (issue 8), `npx tsx bench/replay.ts`: concurrent viewers seeking a 1-hour published
// recording by HTTP range requests, requests/s and latency percentiles, on fangtan's
// /records/:slug/:version/:file and, in the same run and alternating with it, on a bare Fastify +
// @fastify/static serving the same file (bench/lib/bare-static.ts), the ceiling.
//
// The 1-hour file is made once and kept in bench/out/ (git-ignored): 10 s of lavfi colour bars and a tone
// encoded like the program (H.264 + AAC, 640×360 at a low bitrate, GOP 1 s), stream-copied 360 times into
// one MP4 with +faststart — seconds of CPU instead of an hour of encoding; the server only sees bytes.
// Writes its section of bench/RESULTS.md (between replay:start / replay:end). Env: REPLAY_VIEWERS
// (default "20,100"), REPLAY_SECONDS (counted seconds per measure, default 10), REPLAY_RUNS (default 2).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cpuSeconds, loadAverage, machineCpu, openFilesLimit, QUIET, waitForQuiet } from './lib/proc.js';
import { ADMIN_PASSWORD, OUT_DIR, REPO, startBareStatic, startFangtan, type RunningServer } from './lib/servers.js';
import { int, ms, percentile, sleep, sortedCopy } from './lib/stats.js';
import { writeResultsSection } from './lib/results.js';

const VIEWERS = (process.env.REPLAY_VIEWERS ?? '20,100').split(',').map(Number);
const SECONDS = Number(process.env.REPLAY_SECONDS ?? 10);
const RUNS = Number(process.env.REPLAY_RUNS ?? 2);
const WARMUP_MS = 2000;
/** What a player asks for after a seek: ~256 KiB, about 5 s of this file, as browsers fetch ahead. */
const CHUNK = 256 * 1024;
const HOUR_S = 3600;
const PUB_ROOT = path.join(OUT_DIR, 'replay-records');
const PUB_REL = path.join('1', 'published', '1');
const PUB_DIR = path.join(PUB_ROOT, PUB_REL);
const VIDEO = path.join(PUB_DIR, 'video.mp4');

/** The 1-hour MP4 (made once): a 10 s encode, stream-copied 360 times, fast start. */
function hourFile(): number {
  if (fs.existsSync(VIDEO)) return fs.statSync(VIDEO).size;
  fs.mkdirSync(PUB_DIR, { recursive: true });
  const seg = path.join(OUT_DIR, 'replay-10s.mp4');
  const quiet = ['-hide_banner', '-loglevel', 'error', '-y'];
  execFileSync('ffmpeg', [...quiet, '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30:duration=10', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=10',
    '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '300k', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-shortest', seg]);
  execFileSync('ffmpeg', [...quiet, '-stream_loop', String(HOUR_S / 10 - 1), '-i', seg, '-c', 'copy', '-movflags', '+faststart', VIDEO]);
  return fs.statSync(VIDEO).size;
}

/** Ends the demo interview and publishes the hour as its record, as helper E's publisher leaves it. */
async function publish(base: string, dataDir: string): Promise<void> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  for (const status of ['live', 'ended']) {
    const r = await fetch(`${base}/api/studio/interviews/1`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ status }) });
    if (!r.ok) throw new Error(`status ${status}: ${r.status} ${await r.text()}`);
  }
  const manifest = {
    durationMs: HOUR_S * 1000,
    video: 'video.mp4',
    subtitles: [],
    chapters: [],
    transcript: { html: 'transcript.html', txt: 'transcript.txt', docx: 'transcript.docx', json: 'transcript.json' },
  };
  const db = new Database(path.join(dataDir, 'fangtan.sqlite'));
  db.prepare('INSERT INTO record_publications (interview_id, version, dir, manifest, published_at, published_by) VALUES (1, 1, ?, ?, ?, 1)').run(PUB_REL, JSON.stringify(manifest), new Date().toISOString());
  db.close();
}

interface Measure {
  label: string;
  viewers: number;
  run: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  mbPerSecond: number;
  serverCpu: number;
  othersCpu: number;
}

/** One range request on a keep-alive agent: resolves with its latency to the last byte (ms), or throws. */
function rangeGet(agent: http.Agent, url: URL, from: number): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { range: `bytes=${from}-${from + CHUNK - 1}` } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => (res.statusCode === 206 && bytes === CHUNK ? resolve({ ms: performance.now() - t0, bytes }) : reject(new Error(`status ${res.statusCode}, ${bytes} bytes`))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * `viewers` closed-loop clients, each seeking at random in the hour: a range request, and the next one
 * as soon as it has the bytes. The first WARMUP_MS are not counted.
 */
async function measure(server: RunningServer, file: string, size: number, viewers: number, label: string, run: number): Promise<Measure> {
  const url = new URL(file, server.base);
  await waitForQuiet(20_000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: viewers });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let counting = false;
  let stop = false;
  const loop = async () => {
    while (!stop) {
      const from = Math.floor(Math.random() * (size - CHUNK));
      try {
        const r = await rangeGet(agent, url, from);
        if (counting && !stop) {
          latencies.push(r.ms);
          bytes += r.bytes;
        }
      } catch {
        if (counting) errors++;
      }
    }
  };
  const clients = Array.from({ length: viewers }, loop);
  await sleep(WARMUP_MS);
  const cpu0 = cpuSeconds(server.pid);
  const m0 = machineCpu();
  const self0 = process.cpuUsage();
  counting = true;
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const wall = (performance.now() - t0) / 1000;
  counting = false;
  const serverCpu = (cpuSeconds(server.pid) - cpu0) / wall;
  const m1 = machineCpu();
  const self = process.cpuUsage(self0);
  stop = true;
  await Promise.all(clients);
  agent.destroy();
  const machine = (m1.busy - m0.busy) / wall;
  const othersCpu = Math.max(0, machine - serverCpu - (self.user + self.system) / 1e6 / wall);
  const sorted = sortedCopy(latencies);
  return {
    label,
    viewers,
    run,
    requests: latencies.length,
    perSecond: latencies.length / wall,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    errors,
    mbPerSecond: bytes / wall / 2 ** 20,
    serverCpu,
    othersCpu,
  };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.availableParallelism()} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}, Node ${process.version}, \`ulimit -n\` ${openFilesLimit().soft}`;
}

function markdown(results: Measure[], size: number, load: number): string {
  const row = (m: Measure) =>
    `| ${m.viewers} | ${m.label} | ${m.run} | ${int(m.perSecond)} | ${ms(m.p50)} | ${ms(m.p95)} | **${ms(m.p99)}** | ${ms(m.max)} | ${m.mbPerSecond.toFixed(0)} MiB/s | ${m.errors} | ${Math.round(m.serverCpu * 100)} % | ${Math.round(m.othersCpu * 100)} % |`;
  // Only undisturbed measures (the rest of the machine under QUIET cores) are compared: on a shared
  // machine another session's burst can halve either server's rate, which says nothing about the server.
  const best = (viewers: number, label: string) => {
    const runs = results.filter((m) => m.viewers === viewers && m.label === label && m.othersCpu < QUIET);
    return runs.length ? runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a)) : null;
  };
  const summary = VIEWERS.map((v) => {
    const f = best(v, 'fangtan /records/…');
    const b = best(v, 'bare @fastify/static');
    if (!f || !b) {
      return `- ${v} viewers: ⚠️ inconclusive — no undisturbed measure of ${!f && !b ? 'either server' : !f ? 'fangtan' : 'the ceiling'} (others used ≥ ${QUIET} cores in every run); the table's figures are what this busy machine gave, not a comparison.`;
    }
    return `- ${v} viewers: fangtan ${int(f.perSecond)} req/s, p99 ${ms(f.p99)}; bare @fastify/static ${int(b.perSecond)} req/s, p99 ${ms(b.p99)} (fangtan at ${Math.round((f.perSecond / b.perSecond) * 100)} % of the ceiling's rate; best undisturbed run of each).`;
  });
  return [
    '## Replay serving: viewers seeking a 1-hour recording (`bench/replay.ts`)',
    '',
    `Run on ${machine()}; load average ${load.toFixed(2)} before the run; **shared machine** (other sessions' work is in the "others" column).`,
    '',
    ...summary,
    '',
    '| viewers | server | run | requests/s | p50 | p95 | p99 | max | throughput | errors | server CPU | others CPU |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(row),
    '',
    `- File: one hour (${(size / 2 ** 20).toFixed(0)} MiB, ${Math.round((size * 8) / HOUR_S / 1000)} kbit/s) of H.264 640×360 + AAC, fast start, made by stream-copying a 10 s encode 360 times; published as interview 1's record version 1 (a record_publications row and the folder, as the publisher leaves them) and read at \`/records/demo/1/video.mp4\`, the URL the viewer's <video> uses. The ceiling serves the same file from the same folder with the same sendFile options, with nothing of fangtan's (no interview and publication lookup, no helmet headers, no hooks).`,
    `- Load: N closed-loop viewers in the bench process (node:http, one keep-alive connection each), each seeking at random in the hour: \`Range: bytes=X-(X+256 KiB−1)\` (about 5 s of this file, what a player fetches after a seek), the next as soon as the last byte arrived; a request counts if it came back 206 with exactly its bytes. ${WARMUP_MS / 1000} s warm-up, then ${SECONDS} s counted; latency is request → last byte. ${RUNS} runs, fangtan and the ceiling alternating (and which goes first). The file sits in the page cache after the first pass, as a popular replay's would; the client and both servers share the same 2 cores, so the figures are this machine's, not a network's.`,
    '- Per request fangtan finds the current publication by slug (one SQLite query; the file list of a publication is parsed once, a manifest never changes) before sendFile, so that an unpublished or superseded record answers 404 at once; a year\'s `immutable` cache means a browser or CDN asks for each range once. Each measure starts after waiting (up to 20 s) for the machine to be quiet; "others CPU" is the rest of the machine during the counted seconds (machine total less the server and the bench process).',
  ].join('\n');
}


fs.mkdirSync(OUT_DIR, { recursive: true });
const load = loadAverage();
process.stderr.write(`replay bench: ${machine()}; load ${load.toFixed(2)}\n`);
const size = hourFile();
process.stderr.write(`  1-hour file: ${(size / 2 ** 20).toFixed(0)} MiB\n`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangtan-replay-'));
const fangtan = await startFangtan({ env: { DATA_DIR: dataDir, RECORDING_DIR: PUB_ROOT, LOG_LEVEL: 'warn' } });
const bare = await startBareStatic(PUB_DIR);
const results: Measure[] = [];
try {
  await publish(fangtan.base, dataDir);
  const probe = await fetch(`${fangtan.base}/records/demo/1/video.mp4`, { headers: { range: 'bytes=0-1' } });
  if (probe.status !== 206) throw new Error(`fangtan does not serve the record: ${probe.status}`);
  await probe.arrayBuffer();
  for (let run = 1; run <= RUNS; run++) {
    for (const viewers of VIEWERS) {
      const order = run % 2 === 1 ? (['fangtan', 'bare'] as const) : (['bare', 'fangtan'] as const);
      for (const which of order) {
        const m =
          which === 'fangtan'
            ? await measure(fangtan, '/records/demo/1/video.mp4', size, viewers, 'fangtan /records/…', run)
            : await measure(bare, '/video.mp4', size, viewers, 'bare @fastify/static', run);
        process.stderr.write(`  run ${run}, ${viewers} viewers, ${m.label}: ${int(m.perSecond)} req/s, p50 ${ms(m.p50)}, p99 ${ms(m.p99)}, errors ${m.errors}\n`);
        results.push(m);
      }
    }
  }
} finally {
  await fangtan.stop();
  await bare.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const md = markdown(results, size, load);
writeResultsSection('replay', md);
process.stdout.write(`${md}\n`);
