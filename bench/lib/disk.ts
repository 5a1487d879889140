// How long one small durable write takes on the disk under os.tmpdir() (where the benchmarks keep their
// databases): write 4 KiB, fdatasync, repeat. synchronous=FULL pays one such sync per commit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, sortedCopy } from './stats.js';

export function fsyncProbe(count = 300): { p50: number; p99: number; max: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangtan-fsync-'));
  const fd = fs.openSync(path.join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 7);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      fs.writeSync(fd, block, 0, block.length, (i % 64) * 4096);
      fs.fdatasyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const s = sortedCopy(times);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1]! };
}
