// How much CPU the rest of the machine took while the media bench measured: the machine's process time
// minus that of this process and everything it started (Chromium and its renderers, the mediasoup
// worker, the sink, the server). The machine is shared with other sessions, and a publisher starved of
// CPU by someone else's work drops frames: such a window must not count as the SFU's doing.
import fs from 'node:fs';
import { cpuSeconds, machineCpu } from './proc.js';

/** This process and all its descendants (from /proc/<pid>/stat parent ids). */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

function ownCpu(): Map<number, number> {
  const m = new Map<number, number>();
  for (const pid of tree(process.pid)) {
    try {
      m.set(pid, cpuSeconds(pid));
    } catch {
      // gone meanwhile
    }
  }
  return m;
}

/** A reading to compare with a later one: `othersSince(reading)` = cores the rest of the machine used since. */
export function readCpu(): { own: Map<number, number>; busy: number; t: number } {
  return { own: ownCpu(), busy: machineCpu().busy, t: performance.now() };
}

export function othersSince(a: ReturnType<typeof readCpu>): number {
  const b = readCpu();
  let own = 0;
  for (const [pid, s] of b.own) own += s - (a.own.get(pid) ?? 0);
  return Math.max(0, (b.busy - a.busy - own) / ((b.t - a.t) / 1000));
}
