// A crowd of /viewer sockets in one process (forked by fanout.ts; two of these share the 5,000). Each is
// its own connection (forceNew), websocket transport only, no reconnection so a drop is seen, not hidden.
// On every `question` event it notes the receipt time on the host clock (timeOrigin + now()).
import { io, type Socket } from 'socket.io-client';
import { clock } from './stats.js';

export type ViewersCommand =
  | { type: 'connect'; url: string; count: number; concurrency: number }
  | { type: 'collect'; id: number }
  | { type: 'close' };

export type ViewersReport =
  | { type: 'connected'; ok: number; failed: number; errors: Record<string, number>; ms: number }
  | { type: 'received'; id: number; times: number[]; complete: boolean; disconnects: number; cpuMs: number };

const sockets: Socket[] = [];
const received = new Map<number, number[]>();
let disconnects = 0;
let cpuAt = process.cpuUsage();
const report = (r: ViewersReport) => process.send!(r);

function onQuestion(q: { id: number }) {
  const t = clock();
  let times = received.get(q.id);
  if (!times) {
    times = [];
    received.set(q.id, times);
    cpuAt = process.cpuUsage();
  }
  times.push(t);
  // Everyone here has it: report at once (the parent also asks after a timeout, for partial results).
  if (times.length === sockets.length) {
    const c = process.cpuUsage(cpuAt);
    report({ type: 'received', id: q.id, times, complete: true, disconnects, cpuMs: (c.user + c.system) / 1000 });
  }
}

async function connectAll(url: string, count: number, concurrency: number): Promise<void> {
  const t0 = performance.now();
  const errors: Record<string, number> = {};
  let started = 0;
  let failed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const s = io(`${url}/viewer`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: 30_000,
        auth: { interview: 'demo' },
      });
      s.once('connect', () => {
        sockets.push(s);
        s.on('disconnect', () => disconnects++);
        s.on('question', onQuestion);
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
  report({ type: 'connected', ok: sockets.length, failed, errors, ms: performance.now() - t0 });
}

process.on('message', (cmd: ViewersCommand) => {
  if (cmd.type === 'connect') void connectAll(cmd.url, cmd.count, cmd.concurrency);
  else if (cmd.type === 'collect') {
    const times = received.get(cmd.id) ?? [];
    const c = process.cpuUsage(cpuAt);
    report({ type: 'received', id: cmd.id, times, complete: times.length === sockets.length, disconnects, cpuMs: (c.user + c.system) / 1000 });
  } else if (cmd.type === 'close') {
    for (const s of sockets) s.close();
    setTimeout(() => process.exit(0), 200);
  }
});
