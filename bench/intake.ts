// Question intake benchmark: POST /api/interviews/demo/questions → 201 (row committed in SQLite WAL).
//
//  (a) max: closed loop, 64 keep-alive connections, 2 s warm-up then 10 s; only 201s counted.
//  (b) latency: open loop at a fixed 1,000 req/s for 10 s (after 2 s warm-up), p50/p95/p99 of time to
//      201 measured from each request's *scheduled* send time (no coordinated omission).
//  (c) ceiling: the same two measures against bare node:http + better-sqlite3 (bench/lib/ceiling-server.ts).
//  (d) max again with DB_SYNCHRONOUS=FULL (fsync per commit; power-loss durable), fangtan and ceiling.
// Every measure gets a fresh server and database. The load generator is a separate process
// (bench/lib/loadgen.ts) on the same 2 cores; both processes' CPU is read from /proc.
//
// Standalone: `npx tsx bench/intake.ts [--profile]` (--profile: also CPU-profile fangtan under max load).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadMessage, LoadResult } from './lib/loadgen.js';
import { fsyncProbe } from './lib/disk.js';
import { cpuSeconds, machineCpu, QUIET, waitForQuiet } from './lib/proc.js';
import { mainThreadProfile, summarizeProfile, type ProfileSummary } from './lib/profile.js';
import { OUT_DIR, REPO, startCeiling, startFangtan, type RunningServer } from './lib/servers.js';
import { cores, int, ms, percentile, sortedCopy } from './lib/stats.js';

export const TARGET_RATE = 2000; // durable submissions per second
export const TARGET_P99_MS = 50; // at 1,000/s
const OPEN_RATE = 1000;
const CONCURRENCY = 64;
const WARMUP_MS = 2000;
const DURATION_MS = 10_000;
const PATH = '/api/interviews/demo/questions';

export interface Measure {
  label: string;
  result: LoadResult;
  serverCpu: number; // share of one core during the window
  /** CPU of all other processes during the window (other sessions' work), in cores. */
  otherCpu: number;
  /** CPU of the bench's own further processes (measure's ownPids, e.g. viewer clients) in the window, in cores. */
  ownCpu?: number;
  /** Interrupt + softirq time during the window (mostly the kernel carrying the loopback traffic), in cores. */
  irqCpu: number;
  /** CPU the hypervisor stole from this VM during the window, in cores. */
  steal: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rate: number; // 201/s in the window
  /** On a headline run: how many of the repeats were quiet (see repeated()). */
  quietRuns?: number;
}

/**
 * Runs one load job in a fresh generator process against `server`, sampling CPU use in the window. `ownPids`:
 * further processes of the bench (e.g. viewer clients) whose CPU is the bench's own, not other sessions'.
 */
export async function measure(label: string, server: RunningServer, job: Omit<LoadJob, 'url'>, ownPids: number[] = []): Promise<Measure> {
  const child = fork(path.join(REPO, 'bench/lib/loadgen.ts'), [], { cwd: REPO, execArgv: ['--import', 'tsx'] });
  const own = () => ownPids.reduce((n, p) => n + cpuSeconds(p), 0);
  let at0 = { server: 0, gen: 0, own: 0, machine: machineCpu(), t: 0 };
  const cpu = { server: NaN, gen: NaN, own: NaN, other: NaN, irq: NaN, steal: NaN };
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      if (m.type === 'window' && m.phase === 'start') {
        at0 = { server: cpuSeconds(server.pid), gen: cpuSeconds(child.pid!), own: own(), machine: machineCpu(), t: performance.now() };
      } else if (m.type === 'window' && m.phase === 'end') {
        const wall = (performance.now() - at0.t) / 1000;
        const mc = machineCpu();
        cpu.server = (cpuSeconds(server.pid) - at0.server) / wall;
        cpu.gen = (cpuSeconds(child.pid!) - at0.gen) / wall;
        cpu.own = (own() - at0.own) / wall;
        cpu.other = Math.max(0, (mc.busy - at0.machine.busy) / wall - cpu.server - cpu.gen - cpu.own);
        cpu.irq = (mc.irq - at0.machine.irq) / wall;
        cpu.steal = (mc.steal - at0.machine.steal) / wall;
      } else if (m.type === 'result') resolve(m.result);
    });
    child.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
    child.send({ ...job, url: server.base + PATH } satisfies LoadJob);
  });
  child.removeAllListeners('exit');
  child.kill();
  const lat = sortedCopy(result.latencies);
  const m: Measure = {
    label,
    result: { ...result, latencies: [], cpu: cpu.gen },
    serverCpu: cpu.server,
    otherCpu: cpu.other,
    ...(ownPids.length > 0 && { ownCpu: cpu.own }),
    irqCpu: cpu.irq,
    steal: cpu.steal,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    max: lat[lat.length - 1] ?? NaN,
    rate: result.ok / (result.windowMs / 1000),
  };
  process.stderr.write(
    `  ${label}: ${int(m.rate)} 201/s, p50 ${ms(m.p50)} p99 ${ms(m.p99)} max ${ms(m.max)}, errors ${errText(m)}, ` +
      `cpu server ${cores(m.serverCpu)} loadgen ${cores(cpu.gen)}${ownPids.length ? ` viewers ${cores(cpu.own)}` : ''} others ${cores(m.otherCpu)} irq ${cores(m.irqCpu)} steal ${cores(m.steal)}\n`,
  );
  return m;
}

const closedJob = { mode: 'closed', concurrency: CONCURRENCY, rate: 0, warmupMs: WARMUP_MS, durationMs: DURATION_MS } as const;
export const openJob = (rate: number) => ({ mode: 'open', concurrency: 256, rate, warmupMs: WARMUP_MS, durationMs: DURATION_MS }) as const;

/**
 * `repeats` runs, each on a fresh server, each started once the machine is quiet; returns them all with
 * the headline run first. The machine is shared (other sessions' processes run on the same 2 cores).
 */
async function repeated(
  label: string,
  start: () => Promise<RunningServer>,
  job: Omit<LoadJob, 'url'>,
  repeats: number,
): Promise<Measure[]> {
  const runs: Measure[] = [];
  for (let i = 0; i < repeats; i++) {
    const quiet = await waitForQuiet();
    if (quiet.busyCores >= 0.3) process.stderr.write(`  (machine still ${cores(quiet.busyCores)} busy after ${ms(quiet.waitedMs)}; running anyway)\n`);
    const server = await start();
    try {
      runs.push(await measure(`${label} #${i + 1}`, server, job));
    } finally {
      await server.stop();
    }
  }
  // Headline: other sessions' processes share these 2 cores and come and go. Runs during which the rest
  // of the machine stayed under QUIET cores count as quiet; the headline is their median (for two, the
  // worse one), or the least disturbed run if none was quiet. Every run is still listed beside it.
  const quiet = runs.filter((r) => r.otherCpu < QUIET);
  const pool = quiet.length > 0 ? quiet : [[...runs].sort((a, b) => a.otherCpu - b.otherCpu)[0]!];
  const better = (a: Measure, b: Measure) => (job.mode === 'closed' ? b.rate - a.rate : a.p99 - b.p99);
  const headline = [...pool].sort(better)[Math.floor(pool.length / 2)]!;
  headline.quietRuns = quiet.length;
  return [headline, ...runs.filter((r) => r !== headline)];
}

export interface IntakeResults {
  repeats: number;
  fangtanMax: Measure[];
  fangtanOpen: Measure[];
  fangtanOpenHalf: Measure[];
  ceilingMax: Measure[];
  ceilingOpen: Measure[];
  fangtanFullMax: Measure[];
  ceilingFullMax: Measure[];
  fsync: { before: ReturnType<typeof fsyncProbe>; after: ReturnType<typeof fsyncProbe> };
  profile?: ProfileSummary;
}

export async function runIntake(opts: { profile?: boolean; repeats?: number } = {}): Promise<IntakeResults> {
  const n = opts.repeats ?? Number(process.env.BENCH_REPEATS ?? 3);
  const fangtan = (env: Record<string, string> = {}) => () => startFangtan({ env });
  process.stderr.write(`intake: ${n} run(s) per measure\n`);
  const fsyncBefore = fsyncProbe();
  const fangtanMax = await repeated('(a) fangtan max', fangtan(), closedJob, n);
  const fangtanOpen = await repeated(`(b) fangtan ${OPEN_RATE}/s`, fangtan(), openJob(OPEN_RATE), n);
  const fangtanOpenHalf = await repeated(`(b') fangtan ${OPEN_RATE / 2}/s`, fangtan(), openJob(OPEN_RATE / 2), n);
  const ceilingMax = await repeated('(c) ceiling max', () => startCeiling('NORMAL'), closedJob, n);
  const ceilingOpen = await repeated(`(c) ceiling ${OPEN_RATE}/s`, () => startCeiling('NORMAL'), openJob(OPEN_RATE), n);
  const fangtanFullMax = await repeated('(d) fangtan FULL max', fangtan({ DB_SYNCHRONOUS: 'FULL' }), closedJob, n);
  const ceilingFullMax = await repeated('(d) ceiling FULL max', () => startCeiling('FULL'), closedJob, n);
  const results: IntakeResults = {
    repeats: n,
    fangtanMax,
    fangtanOpen,
    fangtanOpenHalf,
    ceilingMax,
    ceilingOpen,
    fangtanFullMax,
    ceilingFullMax,
    fsync: { before: fsyncBefore, after: fsyncProbe() },
  };
  if (opts.profile) results.profile = await profileIntake();
  return results;
}

/** fangtan under the closed-loop max load with `node --cpu-prof`; the profile is written when it exits. */
async function profileIntake(): Promise<ProfileSummary> {
  process.stderr.write('intake: CPU profile of fangtan under max load\n');
  const dir = path.join(OUT_DIR, 'prof-intake');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  await repeated('fangtan max (profiled)', () => startFangtan({ nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] }), closedJob, 1);
  return summarizeProfile(mainThreadProfile(dir));
}

const pass = (ok: boolean, m?: Measure) =>
  m && !m.quietRuns ? '⚠️ inconclusive (no undisturbed run)' : ok ? '✅ met' : '❌ **missed**';
const errText = (m: Measure) => {
  const e = Object.entries(m.result.errors);
  return e.length === 0 ? '0' : e.map(([k, v]) => `${v} × ${k}`).join(', ');
};

const allErrors = (ms: Measure[]) => ms.reduce((n, m) => n + Object.values(m.result.errors).reduce((a, b) => a + b, 0), 0);

export function intakeMarkdown(r: IntakeResults): string {
  const row = (runs: Measure[], what: string, key: 'rate' | 'p99') => {
    const m = runs[0]!;
    const all = [...runs]
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((x) => `${key === 'rate' ? int(x.rate) : ms(x.p99)} (${cores(x.otherCpu)})`);
    return (
      `| ${what} [${m.quietRuns ?? 0}/${runs.length} quiet] | ${int(m.rate)} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${ms(m.max)} | ${errText(m)} | ` +
      `${cores(m.serverCpu)} | ${cores(m.result.cpu)} | ${cores(m.irqCpu)} | ${cores(m.otherCpu)} | ${key === 'rate' ? '201/s' : 'p99'}: ${all.join(' / ')} |`
    );
  };
  const fm = r.fangtanMax[0]!;
  const fo = r.fangtanOpen[0]!;
  const cm = r.ceilingMax[0]!;
  const ffm = r.fangtanFullMax[0]!;
  const cfm = r.ceilingFullMax[0]!;
  const fs1 = r.fsync.before;
  const fs2 = r.fsync.after;
  const lines = [
    '### Question intake (`bench/intake.ts`)',
    '',
    `Targets: **≥ ${int(TARGET_RATE)} durable submissions/s** (closed loop) and **p99 ≤ ${TARGET_P99_MS} ms at ${int(OPEN_RATE)}/s** (open loop).` +
      ` Each measure was run ${r.repeats} times, each on a fresh server and database, each started once the machine had gone quiet.` +
      ` A run is *quiet* when other processes (not the server, not the generator) used under ${cores(QUIET)} of a core during it; a row shows the median quiet run` +
      ' (of two, the worse; if none was quiet, the least disturbed run), and the last column lists every run with its other-processes CPU in brackets.' +
      ' Latencies: closed loop = send → 201; open loop = *scheduled* send time → 201.',
    '',
    '| measure | 201/s | p50 | p95 | p99 | max | errors | server CPU | load-gen CPU | kernel irq CPU | other processes CPU | all runs (other processes CPU) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
    row(r.fangtanMax, `(a) fangtan max, ${CONCURRENCY} conns closed loop`, 'rate'),
    row(r.fangtanOpen, `(b) fangtan open loop ${int(OPEN_RATE)}/s`, 'p99'),
    row(r.fangtanOpenHalf, `(b') fangtan open loop ${int(OPEN_RATE / 2)}/s (extra: below saturation)`, 'p99'),
    row(r.ceilingMax, `(c) ceiling max, ${CONCURRENCY} conns`, 'rate'),
    row(r.ceilingOpen, `(c) ceiling open loop ${int(OPEN_RATE)}/s`, 'p99'),
    row(r.fangtanFullMax, '(d) fangtan max, DB_SYNCHRONOUS=FULL', 'rate'),
    row(r.ceilingFullMax, '(d) ceiling max, synchronous FULL', 'rate'),
    '',
    `- **(a)** max durable submissions: **${int(fm.rate)}/s** vs target ≥ ${int(TARGET_RATE)}/s → ${pass(fm.rate >= TARGET_RATE, fm)}` +
      ` (${Math.round((100 * fm.rate) / cm.rate)} % of the ceiling's ${int(cm.rate)}/s). Errors over all runs: ${allErrors(r.fangtanMax)}.`,
    `- **(b)** p99 at ${int(OPEN_RATE)}/s: **${ms(fo.p99)}** vs target ≤ ${TARGET_P99_MS} ms → ${pass(fo.p99 <= TARGET_P99_MS && errText(fo) === '0', fo)}` +
      ` (${int(fo.result.ok)} of ${int(fo.result.scheduled)} scheduled requests answered 201; worst load-generator send lag ${ms(fo.result.maxSendLagMs)}).` +
      (fm.rate < OPEN_RATE
        ? ` ${int(OPEN_RATE)}/s is above fangtan's max of ${int(fm.rate)}/s, so a queue builds for the whole 10 s and the p99 is that queue's wait.`
        : ` At this rate the server's one thread was ${cores(fo.serverCpu)} busy; with little headroom left, any pause (GC, a WAL checkpoint, another process taking the core) queues the requests behind it, which is what the tail measures.`),
    `- **(c)** ceiling: bare node:http + better-sqlite3 with the same row does ${int(cm.rate)}/s and p99 ${ms(r.ceilingOpen[0]!.p99)} at ${int(OPEN_RATE)}/s on the same machine and generator.`,
    `- **(d)** FULL: fangtan ${int(fm.rate)} → ${int(ffm.rate)}/s (${Math.round(100 - (100 * ffm.rate) / fm.rate)} % less), ceiling ${int(cm.rate)} → ${int(cfm.rate)}/s` +
      ` (${Math.round(100 - (100 * cfm.rate) / cm.rate)} % less): one fsync per commit, no group commit.` +
      ` A 4 KiB write + fdatasync on this VM's disk took p50 ${ms(fs1.p50)} / p99 ${ms(fs1.p99)} before the runs and p50 ${ms(fs2.p50)} / p99 ${ms(fs2.p99)} after:` +
      ' the host caches writes, so this FULL cost is far below what a disk that honours flushes charges (typically 0.5–10 ms per fsync) and it varies with other tenants\' I/O.',
  ];
  if (r.profile) {
    const p = r.profile;
    lines.push(
      '',
      `CPU profile of fangtan's main thread under the closed-loop max load (\`node --cpu-prof\`, whole process life incl. start-up and warm-up; ${int(p.busyMs)} ms of non-idle samples; self time — a native call such as SQLite's is charged to the JS function that made it):`,
      '',
      '| where (by origin) | self time | share |',
      '| --- | ---: | ---: |',
      ...p.origins.slice(0, 10).map((o) => `| ${o.origin} | ${int(o.ms)} ms | ${(o.share * 100).toFixed(1)} % |`),
      '',
      '| top functions (self time) | at | share |',
      '| --- | --- | ---: |',
      ...p.functions.slice(0, 12).map((f) => `| \`${f.name}\` | ${f.where} | ${(f.share * 100).toFixed(1)} % |`),
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runIntake({ profile: process.argv.includes('--profile') });
  process.stdout.write(`${intakeMarkdown(r)}\n`);
}
