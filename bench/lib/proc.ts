// Readers for /proc (Linux only): a process's resident memory and CPU time, and the fd limit.
// Used so the benchmarks can watch the server without any change to server code.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Clock ticks per second for /proc/<pid>/stat (almost always 100). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A `kB` field of /proc/<pid>/status, in kilobytes (VmRSS, VmHWM, RssAnon…). */
export function statusKb(pid: number, field: string): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(m[1]);
}

/** User + system CPU seconds the process has used so far (its own threads, not its children). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) may hold spaces; everything after the last ')' is space separated from field 3.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return (utime + stime) / CLK_TCK;
}

/** The soft and hard limits on open files of this process (what `ulimit -n` / `ulimit -Hn` print). */
export function openFilesLimit(): { soft: string; hard: string } {
  const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const parts = line?.trim().split(/\s+/) ?? [];
  return { soft: parts[3] ?? '?', hard: parts[4] ?? '?' };
}

/** Open file descriptors of a process right now. */
export function openFds(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** A CPU stopwatch over several processes: CPU seconds each used between start() and stop(). */
export function cpuMeter(pids: Record<string, number>) {
  let start: Record<string, number> = {};
  let t0 = 0;
  return {
    start() {
      t0 = performance.now();
      start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
    },
    /** CPU use of each process as a share of one core (1.0 = one core busy all the time). */
    stop(): Record<string, number> {
      const wall = (performance.now() - t0) / 1000;
      return Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, (cpuSeconds(pid) - (start[k] ?? 0)) / wall]));
    },
  };
}

/**
 * Machine-wide CPU seconds from /proc/stat: `busy` is time in processes (user, nice, system) — what
 * per-process /proc/<pid>/stat figures add up to; `irq` is interrupt and softirq time charged to no
 * process (much of it is the kernel moving our own loopback traffic); `steal` went to other VMs.
 */
export function machineCpu(): { busy: number; irq: number; steal: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  return { busy: (user! + nice! + system!) / CLK_TCK, irq: (irq! + softirq!) / CLK_TCK, steal: steal! / CLK_TCK };
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** A run is "quiet" when the rest of the machine used less than this many cores during it. */
export const QUIET = 0.3;

/**
 * Waits (up to maxWaitMs) until the machine is nearly idle — under `threshold` cores busy over one
 * second — so a run does not start on top of other sessions' work. Returns the last busy level seen.
 */
export async function waitForQuiet(maxWaitMs = 45_000, threshold = QUIET): Promise<{ busyCores: number; waitedMs: number }> {
  const t0 = performance.now();
  for (;;) {
    const a = machineCpu();
    await new Promise((r) => setTimeout(r, 1000));
    const b = machineCpu();
    const busyCores = b.busy + b.irq - a.busy - a.irq;
    const waitedMs = performance.now() - t0;
    if (busyCores < threshold || waitedMs >= maxWaitMs) return { busyCores, waitedMs };
  }
}
