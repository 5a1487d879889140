// Recording benchmark: what recording costs per participant during a broadcast (CPU of its two ffmpegs, one
// per track, and of the server, which traces every recorded packet to date the tracks; disk written, bytes per
// hour), and how a segment's dating relates to mediasoup's send times: every video segment starts on a key
// frame, and the time mediasoup sent that key frame (its trace event, on the worker's clock) is compared with
// the time the dating gives that frame. The dating follows each track's least-delayed packets (its capture
// clock), so a key frame, bigger and slower to encode and pace than the frames around it, is sent after the
// time it is dated at: the figure is that lateness, which the dating leaves out by design (A/V sync is
// measured end to end in test/browser/recordEndToEnd.test.ts).
// Run: `npx tsx bench/recording.ts` (REC_SECONDS=60, REC_PEOPLE=2: the host and the director, each a
// Chromium fake camera on stage). Prints a Markdown table and writes bench/out/recording-<date>.json.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, MEDIA_ARGS, signInToStudio } from '../test/helpers/browser.js';
import { startServer, staffClients } from '../test/helpers/server.js';

const run = promisify(execFile);
const SECONDS = Number(process.env.REC_SECONDS ?? 60);
const PEOPLE = Math.min(2, Number(process.env.REC_PEOPLE ?? 2));
const OUT = path.join(import.meta.dirname, 'out');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function firstVideoPts(file: string): Promise<{ formatStart: number; video: number } | null> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'format=start_time:packet=pts_time', '-read_intervals', '%+#1', '-of', 'json', file]);
  const j = JSON.parse(stdout) as { format: { start_time: string }; packets: Array<{ pts_time: string }> };
  const p = j.packets[0];
  return p ? { formatStart: Number(j.format.start_time), video: Number(p.pts_time) } : null;
}

async function main(): Promise<void> {
  const server = await startServer({ MEDIA_WORKERS: '1', RECORDING_MIN_FREE_MB: '256' });
  const staff = await staffClients(server.url);
  const chromium = await launchChromium(MEDIA_ARGS);
  const contexts: BrowserContext[] = [];
  try {
    for (const [user, pass] of [['host1', 'host-password-1'], ['director1', 'director-password-1']].slice(0, PEOPLE)) {
      const ctx = await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN' });
      contexts.push(ctx);
      const page = await ctx.newPage();
      await signInToStudio(page, user!, pass!);
      await page.goto('/studio/#/interviews/1/stage');
      await page.locator('[data-testid=media-status][data-phase=connected]').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '开启摄像头和麦克风' }).click();
      await page.getByLabel('摄像头', { exact: true }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '上台', exact: true }).click();
      await page.locator('[data-testid=stage-standing][data-standing=stage]').waitFor({ timeout: 30_000 });
    }
    await staff.director.patch('/api/studio/interviews/1', { status: 'live' });
    const deadline = Date.now() + 30_000;
    while (server.app.recording.capturesOf(1).filter((c) => c.kinds.length === 2 && c.pid).length < PEOPLE && Date.now() < deadline) await sleep(200);
    const captures = server.app.recording.capturesOf(1);
    const keyFrames = new Map<string, number[]>();
    for (const c of captures) {
      const list: number[] = [];
      keyFrames.set(c.participantId, list);
      await c.currentTap?.traceKeyFrames((ms) => list.push(ms));
    }
    // One ffmpeg per track: a person's cost is both.
    const pids = captures.map((c) => c.pids);
    const cpuOf = (list: number[]) => list.reduce((a, p) => a + (fs.existsSync(`/proc/${p}`) ? cpuSeconds(p) : NaN), 0);
    const cpu0 = pids.map(cpuOf);
    const node0 = process.cpuUsage();
    const t0 = Date.now();
    await sleep(SECONDS * 1000);
    const wall = (Date.now() - t0) / 1000;
    const cpu1 = pids.map(cpuOf);
    const node1 = process.cpuUsage(node0);
    await staff.director.post('/api/studio/interviews/1/recording/stop');
    const m = await server.app.recording.manifest(1);

    // Dating: the segment's first video packet, dated through the manifest, against mediasoup's send time of
    // the nearest key frame. Each segment is cut on a key frame, so every segment after the first has one.
    const errors: number[] = [];
    for (const s of m.segments.filter((x) => x.hasVideo)) {
      const f = await firstVideoPts(s.path);
      const sent = keyFrames.get(s.participantId) ?? [];
      // A run's first segment starts on a key frame sent before the tracing was switched on: not comparable.
      if (!f || !sent.length || path.basename(s.path) === '00000.mkv') continue;
      const dated = s.wallStartMs + (f.video - f.formatStart) * 1000;
      const nearest = sent.reduce((a, b) => (Math.abs(b - dated) < Math.abs(a - dated) ? b : a));
      if (Math.abs(nearest - dated) < 500) errors.push(nearest - dated);
    }
    const bytesBy = new Map<string, number>();
    for (const s of m.segments) bytesBy.set(s.participantId, (bytesBy.get(s.participantId) ?? 0) + fs.statSync(s.path).size);
    const perPerson = captures.map((c, i) => {
      const bytes = bytesBy.get(c.participantId) ?? 0;
      return {
        participantId: c.participantId,
        ffmpegCpuPercent: Math.round(((cpu1[i]! - cpu0[i]!) / wall) * 1000) / 10,
        bytes,
        mbitPerSecond: Math.round(((bytes * 8) / (m.spans.reduce((a, s) => a + s.endMs - s.startMs, 0) / 1000) / 1e6) * 100) / 100,
        gbPerHour: Math.round(((bytes / (m.spans.reduce((a, s) => a + s.endMs - s.startMs, 0) / 1000)) * 3600) / 1e7) / 100,
      };
    });
    const abs = errors.map(Math.abs).sort((a, b) => a - b);
    const result = {
      when: new Date().toISOString(),
      machine: { cores: os.availableParallelism(), load: os.loadavg() },
      seconds: wall,
      people: PEOPLE,
      segments: m.segments.length,
      perPerson,
      nodeCpuPercent: Math.round(((node1.user + node1.system) / 1e6 / wall) * 1000) / 10,
      keyFrameSentAfterDatedMs: {
        samples: errors.length,
        mean: errors.length ? Math.round((errors.reduce((a, b) => a + b, 0) / errors.length) * 10) / 10 : null,
        medianAbs: abs.length ? abs[Math.floor(abs.length / 2)] : null,
        p90Abs: abs.length ? abs[Math.floor(abs.length * 0.9)] : null,
        maxAbs: abs.length ? abs.at(-1) : null,
        all: errors.map((e) => Math.round(e)),
      },
    };
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, `recording-${result.when.slice(0, 10)}.json`), JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
    console.log('\n| participant | ffmpeg CPU (% of a core) | Mbit/s written | GB per hour |\n|---|---|---|---|');
    for (const p of perPerson) console.log(`| ${p.participantId} | ${p.ffmpegCpuPercent} | ${p.mbitPerSecond} | ${p.gbPerHour} |`);
    console.log(`\nkey frame sent by mediasoup after its dated time: ${errors.length} samples, mean ${result.keyFrameSentAfterDatedMs.mean} ms, median |e| ${result.keyFrameSentAfterDatedMs.medianAbs} ms, max |e| ${result.keyFrameSentAfterDatedMs.maxAbs} ms`);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await chromium.close();
    await server.close();
  }
}

await main();
