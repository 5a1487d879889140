import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CaptureSegment } from '../../server/recording/manifest.js';
import { ADMIN_PASSWORD } from './server.js';

const run = promisify(execFile);

/**
 * What ffprobe finds in a media file: its stream kinds, and its length measured from the packets (first
 * timestamp to the end of the last packet), which also works for a file cut by a crash (no duration header).
 */
export async function probe(file: string): Promise<{ streams: string[]; durationMs: number; startMs: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type:packet=pts_time,duration_time', '-of', 'json', file], {
    maxBuffer: 64 * 2 ** 20,
  });
  const j = JSON.parse(stdout) as { streams: Array<{ codec_type: string }>; packets: Array<{ pts_time?: string; duration_time?: string }> };
  let start = Infinity;
  let end = -Infinity;
  for (const p of j.packets) {
    const t = Number(p.pts_time);
    if (!Number.isFinite(t)) continue;
    start = Math.min(start, t);
    end = Math.max(end, t + (Number(p.duration_time) || 0));
  }
  return { streams: j.streams.map((s) => s.codec_type), durationMs: Math.round((end - start) * 1000), startMs: Math.round(start * 1000) };
}

/** The wall-clock stretch some segments cover, and the sum of the holes between them. */
/** A capture's segments by track: each person's sound and picture are recorded as separate files. */
export function byTrack(segments: CaptureSegment[]): { audio: CaptureSegment[]; video: CaptureSegment[] } {
  return { audio: segments.filter((s) => s.hasAudio && !s.hasVideo), video: segments.filter((s) => s.hasVideo && !s.hasAudio) };
}

export async function recordedCover(segments: CaptureSegment[]): Promise<{ startMs: number; endMs: number; gapsMs: number }> {
  const spans = await Promise.all(
    segments.map(async (s) => ({ start: s.wallStartMs, end: s.wallStartMs + (s.durationMs ?? (await probe(s.path)).durationMs) })),
  );
  spans.sort((a, b) => a.start - b.start);
  let gaps = 0;
  for (let i = 1; i < spans.length; i++) gaps += Math.max(0, spans[i]!.start - spans[i - 1]!.end);
  return { startMs: spans[0]!.start, endMs: Math.max(...spans.map((s) => s.end)), gapsMs: gaps };
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * `server/server.ts` as its own process (as `npm run serve`), so it can be killed with -9; resolves once it
 * listens. `started` gets the process at once, so a caller can kill it whatever happens next.
 */
export async function spawnServer(dataDir: string, port: number, started: (p: ChildProcess) => void = () => undefined): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD, LOG_LEVEL: 'warn', MEDIA_WORKERS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started(proc);
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  proc.stdout!.on('data', (d) => process.env.DEBUG_CRASH && console.log(String(d).slice(0, 400)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    proc.stdout!.on('data', () => {
      if (out.includes('fangtan is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  return proc;
}

/** A loopback port nothing listens on (for a server that must come back on the same one). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
