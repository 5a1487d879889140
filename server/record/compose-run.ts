/**
 * Running the composition: reads what the capture could not say (the length of a segment cut by a crash),
 * plans, writes the work files and runs ffmpeg at low priority, tied to the server's life.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ProgramSpan } from '../../shared/schemas/record.js';
import type { CaptureManifest } from '../recording/manifest.js';
import { buildCompose } from './compose-graph.js';
import { planProgram, type KnownSegment, type OnAirQuestion } from './compose-plan.js';

const run = promisify(execFile);

export interface ComposeResult {
  durationMs: number;
  bytes: number;
  spans: ProgramSpan[];
}

export interface ComposeOptions {
  /** A scratch folder (emptied first, removed after). */
  workDir: string;
  signal?: AbortSignal;
  /** Program milliseconds written so far. */
  onProgress?: (ms: number) => void;
  /** Niceness of ffmpeg (default 10): the composition must never slow a live broadcast down. */
  nice?: number;
  /** The questions put on air (wall clock): drawn as the viewer's strip over the picture. */
  onAir?: readonly OnAirQuestion[];
}

/** Nothing recorded inside the recording's spans: there is no program to make. */
export class NothingToCompose extends Error {
  constructor() {
    super('nothing recorded');
  }
}

/** Length (and first timestamp) of a media file, read from its header, else from its last packet (a file cut by a crash has no duration). */
export async function probeLength(file: string): Promise<{ durationMs: number; startS: number } | null> {
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration,start_time', '-of', 'json', file], { timeout: 30_000 });
    const format = (JSON.parse(stdout) as { format?: { duration?: string; start_time?: string } }).format ?? {};
    const startS = Number(format.start_time ?? 0) || 0;
    if (format.duration && Number(format.duration) > 0) return { durationMs: Math.round(Number(format.duration) * 1000), startS };
    const packets = await run('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    let end = -Infinity;
    for (const line of packets.stdout.split('\n')) {
      const [pts, dur] = line.split(',').map(Number);
      if (pts !== undefined && Number.isFinite(pts)) end = Math.max(end, pts + (Number.isFinite(dur) ? (dur ?? 0) : 0));
    }
    return Number.isFinite(end) && end > startS ? { durationMs: Math.round((end - startS) * 1000), startS } : null;
  } catch {
    // Unreadable (a crash before the first cluster): the segment holds nothing to compose.
    return null;
  }
}

/** The capture's segments with every length known; missing and empty files are left out. */
export async function knownSegments(manifest: CaptureManifest): Promise<KnownSegment[]> {
  const out: KnownSegment[] = [];
  for (const seg of manifest.segments) {
    if (seg.durationMs !== null && seg.durationMs > 0) {
      const exists = await fs.stat(seg.path).then((s) => s.size > 0, () => false);
      if (exists) out.push({ ...seg, durationMs: seg.durationMs });
      continue;
    }
    const probed = await probeLength(seg.path);
    if (probed && probed.durationMs > 0) out.push({ ...seg, durationMs: probed.durationMs, fileStartS: probed.startS });
  }
  return out;
}

/** Composes the program MP4 of a capture into `output` (written beside it first, then renamed into place). */
export async function composeProgram(manifest: CaptureManifest, output: string, opts: ComposeOptions): Promise<ComposeResult> {
  const plan = planProgram(manifest, await knownSegments(manifest), opts.onAir ?? []);
  if (plan.durationMs <= 0) throw new NothingToCompose();
  const partial = `${output}.part`;
  const job = buildCompose(plan, `file:${path.resolve(partial)}`);
  await fs.rm(opts.workDir, { recursive: true, force: true });
  await fs.mkdir(opts.workDir, { recursive: true });
  for (const f of job.files) await fs.writeFile(path.join(opts.workDir, f.name), f.content);
  try {
    await runFfmpeg(job.args, opts);
    await fs.rename(partial, output);
  } finally {
    await fs.rm(partial, { force: true });
    await fs.rm(opts.workDir, { recursive: true, force: true });
  }
  const stat = await fs.stat(output);
  const probed = await probeLength(output);
  return { durationMs: probed?.durationMs ?? plan.durationMs, bytes: stat.size, spans: plan.spans };
}

/**
 * ffmpeg under `nice`, and under `setpriv --pdeathsig KILL` so that it dies with the server even on kill -9
 * (a composition left running would hold the file and a core with nobody to collect it).
 */
function runFfmpeg(args: string[], opts: ComposeOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new Error('aborted'));
    const child = spawn('nice', ['-n', String(opts.nice ?? 10), 'setpriv', '--pdeathsig', 'KILL', 'ffmpeg', ...args], {
      cwd: opts.workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^out_time_us=(\d+)/.exec(line);
        if (m) opts.onProgress?.(Math.round(Number(m[1]) / 1000));
      }
    });
    const abort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', abort);
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg ${signal ? `killed (${signal})` : `exited ${code}`}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
    });
  });
}
