// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): where the CPU time went, by function (self time)
// and by origin (fangtan code, each npm package, node internals, GC).
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  busyMs: number;
  functions: Array<{ name: string; where: string; ms: number; share: number }>;
  origins: Array<{ origin: string; ms: number; share: number }>;
}

function originOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'V8 garbage collector';
  if (fn === '(program)') return 'V8/native (program)';
  if (!url) return 'native / builtins';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm: ${pkg[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/work\/main\/(server|shared)\/([^/]+)/.exec(url) ?? /\/(server|shared)\/([^/]+)/.exec(url);
  if (own) return `fangtan: ${own[1]}/${own[2]}`;
  return url;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/node_modules\//, '').replace(/^file:\/\/.*?\/work\/main\//, '');
}

/** Summarizes a profile given as a .cpuprofile file path or as the parsed object. */
export function summarizeProfile(source: string | object, top = 15): ProfileSummary {
  const prof = (typeof source === 'string' ? JSON.parse(fs.readFileSync(source, 'utf8')) : source) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const fns = new Map<string, { name: string; where: string; us: number }>();
  const origins = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const f = fns.get(key) ?? { name, where, us: 0 };
    f.us += us;
    fns.set(key, f);
    const o = originOf(url, functionName);
    origins.set(o, (origins.get(o) ?? 0) + us);
  }
  return {
    busyMs: busy / 1000,
    functions: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000, share: f.us / busy })),
    origins: [...origins.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([origin, us]) => ({ origin, ms: us / 1000, share: us / busy })),
  };
}

/**
 * The main thread's .cpuprofile in a directory. `node --cpu-prof` writes one file per thread,
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; tsx's module loader runs in thread 1, the app in 0.
 */
export function mainThreadProfile(dir: string): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const main = files.find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (!main) throw new Error(`no main-thread .cpuprofile in ${dir}: ${files.join(', ')}`);
  return `${dir}/${main}`;
}
