import { spawnSync } from 'node:child_process';
import type { Config } from './config.js';

/** A program the server runs for a feature, and what goes missing without it. */
interface Tool {
  bin: string;
  args: string[];
  needed: string;
}

/**
 * The outside programs some features run, checked once at start so a missing one is named where the operator
 * looks (the start-up lines), not discovered when a broadcast is not recorded. The server runs without them.
 */
export function missingTools(config: Pick<Config, 'CHROMIUM_PATH'>): string[] {
  const tools: Tool[] = [
    { bin: 'ffmpeg', args: ['-version'], needed: 'recording and the replay' },
    { bin: 'ffprobe', args: ['-version'], needed: 'recording' },
    { bin: config.CHROMIUM_PATH, args: ['--version'], needed: 'the yearly report as PDF' },
  ];
  return tools
    .filter((t) => {
      const r = spawnSync(t.bin, t.args, { stdio: 'ignore', timeout: 10_000 });
      return r.error !== undefined || r.status !== 0;
    })
    .map((t) => `${t.bin} not found: ${t.needed} will not work (install it: sudo bash scripts/setup-debian.sh)`);
}
