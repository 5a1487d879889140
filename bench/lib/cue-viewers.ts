// Crowds of /viewer sockets in one process (forked by bench/captions.ts; several of these share the crowd).
// Each socket is its own connection (forceNew), websocket transport only, no reconnection so a drop is seen.
// A process may hold several crowds at once, one per server (fangtan and the bare Socket.IO ceiling), so both
// are read by the same client processes in the same run. On a `cue` whose text the parent said to expect, it
// notes the receipt time on the machine's monotonic clock (monoMs, the parent's clock too).
import { io, type Socket } from 'socket.io-client';
import { monoMs, type ClockPing, type ClockPong } from './ipc.js';

export type CueViewersCommand =
  | ClockPing
  | { type: 'connect'; crowd: string; url: string; count: number; concurrency: number }
  /** Note receipts of cues with these texts (on the named crowd's sockets); answered by `expecting`. */
  | { type: 'expect'; crowd: string; keys: string[] }
  /** Send what arrived for these keys now, complete or not (after a timeout, or at the end of a run). */
  | { type: 'collect'; keys: string[] }
  | { type: 'close' };

export type CueViewersReport =
  | ClockPong
  | { type: 'connected'; crowd: string; ok: number; failed: number; errors: Record<string, number>; ms: number }
  | { type: 'expecting'; keys: string[] }
  /** Every socket of the crowd has the cue (sent at once), or the parent asked (`collect`). */
  | { type: 'received'; key: string; times: number[]; complete: boolean; disconnects: number };

interface Crowd {
  sockets: Socket[];
  disconnects: number;
}
const crowds = new Map<string, Crowd>();
/** Expected cue text → its crowd and the receipt times so far. */
const expected = new Map<string, { crowd: Crowd; times: number[] }>();
const report = (r: CueViewersReport) => process.send!(r);

function onCue(c: { text?: unknown }) {
  const t = monoMs();
  const e = typeof c.text === 'string' ? expected.get(c.text) : undefined;
  if (!e) return; // a late-join replay, or another crowd's cue
  e.times.push(t);
  if (e.times.length === e.crowd.sockets.length) {
    report({ type: 'received', key: c.text as string, times: e.times, complete: true, disconnects: e.crowd.disconnects });
    expected.delete(c.text as string);
  }
}

async function connectAll(name: string, url: string, count: number, concurrency: number): Promise<void> {
  const t0 = performance.now();
  const crowd = crowds.get(name) ?? { sockets: [], disconnects: 0 };
  crowds.set(name, crowd);
  const errors: Record<string, number> = {};
  let started = 0;
  let failed = 0;
  let ok = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const s = io(`${url}/viewer`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: 30_000,
        auth: { interview: 'demo', protocol: 1 },
      });
      s.once('connect', () => {
        crowd.sockets.push(s);
        ok++;
        s.on('disconnect', () => crowd.disconnects++);
        s.on('cue', onCue);
        resolve();
      });
      s.once('connect_error', (err) => {
        failed++;
        errors[err.message] = (errors[err.message] ?? 0) + 1;
        s.close();
        resolve();
      });
    });
  const lane = async () => {
    while (started < count) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  report({ type: 'connected', crowd: name, ok, failed, errors, ms: performance.now() - t0 });
}

process.on('message', (cmd: CueViewersCommand) => {
  if (cmd.type === 'clock') report({ type: 'clock', n: cmd.n, t: monoMs() });
  else if (cmd.type === 'connect') void connectAll(cmd.crowd, cmd.url, cmd.count, cmd.concurrency);
  else if (cmd.type === 'expect') {
    const crowd = crowds.get(cmd.crowd);
    if (crowd) for (const key of cmd.keys) expected.set(key, { crowd, times: [] });
    report({ type: 'expecting', keys: cmd.keys });
  } else if (cmd.type === 'collect') {
    for (const key of cmd.keys) {
      const e = expected.get(key);
      expected.delete(key);
      report({ type: 'received', key, times: e?.times ?? [], complete: false, disconnects: e?.crowd.disconnects ?? 0 });
    }
  } else if (cmd.type === 'close') {
    for (const c of crowds.values()) for (const s of c.sockets) s.close();
    setTimeout(() => process.exit(0), 200);
  }
});
