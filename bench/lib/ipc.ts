// A forked bench helper process with a typed send and a wait for its next matching report, and the one clock
// every caption-bench process reads.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO } from './servers.js';

/**
 * CLOCK_MONOTONIC in ms (process.hrtime): one clock for the whole machine on Linux, so a send time taken in
 * one process and a receipt time taken in another subtract directly (no wall-clock step, no per-process
 * origin). `calibrate()` below checks it anyway.
 */
export const monoMs = () => Number(process.hrtime.bigint()) / 1e6;

/** The child's side of the clock check: answer a `clock` ping with this process's monoMs(). */
export type ClockPing = { type: 'clock'; n: number };
export type ClockPong = { type: 'clock'; n: number; t: number };

export interface Child<Cmd, Rep> {
  child: ChildProcess;
  send(c: Cmd): void;
  /** The first report (already received or yet to come) that matches, or undefined after timeoutMs. */
  next<T extends Rep>(match: (m: Rep) => m is T, timeoutMs: number): Promise<T | undefined>;
  /** Offset of the child's clock from ours (ms) and the round trip it was read in, best of `rounds`. */
  calibrate(rounds?: number): Promise<{ offsetMs: number; rttMs: number }>;
}

/** Forks `bench/lib/<script>` under tsx. */
export function forkChild<Cmd, Rep extends { type: string }>(script: string): Child<Cmd, Rep> {
  const child = fork(path.join(REPO, 'bench/lib', script), [], { cwd: REPO, execArgv: ['--import', 'tsx'] });
  const inbox: Rep[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', (m: Rep) => {
    inbox.push(m);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async <T extends Rep>(match: (m: Rep) => m is T, timeoutMs: number): Promise<T | undefined> => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const i = inbox.findIndex(match);
      if (i >= 0) return inbox.splice(i, 1)[0] as T;
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        waiters.push(() => (clearTimeout(t), r()));
      });
    }
  };
  let pings = 0;
  return {
    child,
    send: (c: Cmd) => child.send(c as object),
    next,
    async calibrate(rounds = 9) {
      let best = { offsetMs: NaN, rttMs: Infinity };
      for (let i = 0; i < rounds; i++) {
        const n = ++pings;
        const t0 = monoMs();
        child.send({ type: 'clock', n } satisfies ClockPing);
        const pong = (await next((m): m is Rep => m.type === 'clock' && (m as unknown as ClockPong).n === n, 5000)) as ClockPong | undefined;
        const t1 = monoMs();
        // The child read its clock somewhere inside [t0, t1]: the offset is known to ± half the round trip.
        if (pong && t1 - t0 < best.rttMs) best = { offsetMs: pong.t - (t0 + t1) / 2, rttMs: t1 - t0 };
      }
      return best;
    },
  };
}
