// HTTP load generator, run in its own process (forked by intake.ts) so that its CPU use is measured
// apart from the server's. node:http with a keep-alive Agent; one job per message, answers with results.
//
//  closed: `concurrency` loops, each sending the next request when the previous answer arrives.
//  open:   requests scheduled at fixed times (rate/s) whatever the server does; latency is measured from
//          the *scheduled* time, so a stalled server is charged for the requests that queue behind it
//          (no coordinated omission).
// Both: a warm-up whose results are dropped, then the measured window.
import http from 'node:http';
import { bodyPool } from './questions.js';

export interface LoadJob {
  mode: 'closed' | 'open';
  url: string;
  concurrency: number; // closed: connections and loops; open: max connections
  rate: number; // open: requests per second
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  mode: 'closed' | 'open';
  /** 201 answers completed inside the measured window (closed) / scheduled in it (open). */
  ok: number;
  /** Anything else, by HTTP status or error code. */
  errors: Record<string, number>;
  /** Latencies in ms of the 201s (closed: send→answer; open: scheduled time→answer). */
  latencies: number[];
  windowMs: number;
  /** open: requests scheduled in the window, and the worst delay between schedule and actual send. */
  scheduled: number;
  maxSendLagMs: number;
  /** CPU of this generator process during the window, as a share of one core. */
  cpu: number;
}

export type LoadMessage = { type: 'window'; phase: 'start' | 'end' } | { type: 'result'; result: LoadResult };

const now = () => performance.now();
const send = (m: LoadMessage) => process.send!(m);

function poster(url: string, maxSockets: number) {
  const u = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const post = (body: string) =>
    new Promise<string>((resolve) => {
      const req = http.request(
        {
          agent,
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: 30_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
          res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'response_error'));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'request_error'));
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

function cpuShare(from: NodeJS.CpuUsage, wallMs: number): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000 / wallMs;
}

async function closed(job: LoadJob, bodies: string[]): Promise<LoadResult> {
  const { post, close } = poster(job.url, job.concurrency);
  const t0 = now();
  const windowStart = t0 + job.warmupMs;
  const windowEnd = windowStart + job.durationMs;
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  let n = 0;
  let cpu0: NodeJS.CpuUsage | null = null;
  const startTimer = setTimeout(() => {
    cpu0 = process.cpuUsage();
    send({ type: 'window', phase: 'start' });
  }, job.warmupMs);
  let cpu = NaN;
  const endWindow = () => {
    if (!Number.isNaN(cpu) || !cpu0) return; // once, and only after the start
    cpu = cpuShare(cpu0, job.durationMs);
    send({ type: 'window', phase: 'end' });
  };
  const endTimer = setTimeout(endWindow, job.warmupMs + job.durationMs);
  const loop = async () => {
    while (now() < windowEnd) {
      const body = bodies[n++ % bodies.length]!;
      const s = now();
      const status = await post(body);
      const e = now();
      if (e < windowStart || e >= windowEnd) continue; // warm-up, or finished after the window
      if (status === '201') {
        ok++;
        latencies.push(e - s);
      } else errors[status] = (errors[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  clearTimeout(startTimer);
  clearTimeout(endTimer);
  endWindow(); // the loops may all finish a moment before the timer fires
  close();
  return { mode: 'closed', ok, errors, latencies, windowMs: job.durationMs, scheduled: 0, maxSendLagMs: 0, cpu };
}

async function open(job: LoadJob, bodies: string[]): Promise<LoadResult> {
  const { post, close } = poster(job.url, job.concurrency);
  const interval = 1000 / job.rate;
  const warmCount = Math.round((job.warmupMs / 1000) * job.rate);
  const total = warmCount + Math.round((job.durationMs / 1000) * job.rate);
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let ok = 0;
  let sent = 0;
  let maxSendLagMs = 0;
  let cpu0: NodeJS.CpuUsage | null = null;
  const t0 = now() + 10;
  await new Promise<void>((done) => {
    const tick = () => {
      const t = now();
      // Send every request whose time has come; normally one per ~1 ms tick.
      while (sent < total && t0 + sent * interval <= t) {
        const i = sent++;
        const due = t0 + i * interval;
        if (i === warmCount) {
          cpu0 = process.cpuUsage();
          send({ type: 'window', phase: 'start' });
        }
        const measured = i >= warmCount;
        if (measured) maxSendLagMs = Math.max(maxSendLagMs, t - due);
        pending.push(
          post(bodies[i % bodies.length]!).then((status) => {
            if (!measured) return;
            if (status === '201') {
              ok++;
              latencies.push(now() - due);
            } else errors[status] = (errors[status] ?? 0) + 1;
          }),
        );
      }
      if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * interval - now()));
      else done();
    };
    setTimeout(tick, 10);
  });
  const cpu = cpuShare(cpu0!, Math.max(1, now() - (t0 + warmCount * interval)));
  send({ type: 'window', phase: 'end' });
  await Promise.all(pending); // stragglers still count (late), bounded by the 30 s request timeout
  close();
  return {
    mode: 'open',
    ok,
    errors,
    latencies,
    windowMs: job.durationMs,
    scheduled: total - warmCount,
    maxSendLagMs,
    cpu,
  };
}

process.on('message', (job: LoadJob) => {
  const bodies = bodyPool(20_000);
  (job.mode === 'closed' ? closed(job, bodies) : open(job, bodies)).then(
    (result) => send({ type: 'result', result }),
    (err: unknown) => {
      process.stderr.write(`loadgen failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
});
