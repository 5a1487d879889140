import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RecordPeaks } from '../../shared/schemas/record-subtitles.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import { programTimeline } from './trim.js';

/**
 * The program's audio waveform for the subtitle editor, from ffmpeg, cached beside the program as
 * peaks.json. 50 peaks a second (one per 20 ms) is finer than a cue boundary needs to be placed against
 * speech, and an hour is 180,000 small numbers (~0.7 MB of JSON, read once per page).
 */
export const PEAKS_PER_SECOND = 50;
/** 8 kHz mono is plenty for a loudness envelope and keeps ffmpeg's output (and our loop) small. */
const SAMPLE_RATE = 8000;

interface PeaksFile extends RecordPeaks {
  /** The program file the peaks were made from: a re-composed program makes new ones. */
  source: { size: number; mtimeMs: number };
}

/** Runs ffmpeg over the audio and keeps the loudest sample of every slot, scaled to 0–255. */
function extractPeaks(file: string): Promise<number[]> {
  const perPeak = SAMPLE_RATE / PEAKS_PER_SECOND;
  return new Promise((resolve, reject) => {
    // nice: a long program's decode must not take the CPU from a broadcast on the same machine.
    const ff = spawn('nice', ['-n', '10', 'ffmpeg', '-v', 'error', '-nostdin', '-i', file, '-vn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 's16le', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const peaks: number[] = [];
    let max = 0;
    let inSlot = 0;
    let carry: Buffer | null = null;
    let stderr = '';
    ff.stdout.on('data', (chunk: Buffer) => {
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = buf.length - (buf.length % 2);
      for (let i = 0; i < whole; i += 2) {
        const v = Math.abs(buf.readInt16LE(i));
        if (v > max) max = v;
        if (++inSlot === perPeak) {
          peaks.push(Math.min(255, Math.round((max / 32768) * 255)));
          max = 0;
          inSlot = 0;
        }
      }
      carry = whole < buf.length ? buf.subarray(whole) : null;
    });
    ff.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    ff.on('error', reject);
    ff.on('close', (code) => {
      // A program without sound (a recording of pictures only) has a flat waveform, not an error.
      if (code !== 0 && /does not contain any stream|matches no streams/.test(stderr)) return resolve([]);
      if (code !== 0) return reject(new Error(`ffmpeg peaks exited ${code}: ${stderr}`));
      if (inSlot > 0) peaks.push(Math.min(255, Math.round((max / 32768) * 255)));
      resolve(peaks);
    });
  });
}

/** The waveform of each interview's program, made once per program file and cached in peaks.json. */
export class ProgramPeaks {
  /** One ffmpeg per interview at a time: a second request waits for the first one's answer. */
  private readonly running = new Map<number, Promise<RecordPeaks>>();

  constructor(
    private readonly db: Db,
    private readonly recordingDir: string,
  ) {}

  /** The peaks of the interview's program (409 when there is none yet). */
  async get(interviewId: number): Promise<RecordPeaks> {
    const program = await programTimeline(this.db, interviewId);
    const pending = this.running.get(interviewId);
    if (pending) return pending;
    const job = this.load(interviewId, program.path, program.durationMs).finally(() => this.running.delete(interviewId));
    this.running.set(interviewId, job);
    return job;
  }

  private async load(interviewId: number, relative: string, durationMs: number): Promise<RecordPeaks> {
    const file = path.resolve(this.recordingDir, relative);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) throw new DomainError('conflict', 'program', 'program_not_ready');
    const source = { size: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
    const cache = path.join(this.recordingDir, String(interviewId), 'peaks.json');
    const cached = await fs.readFile(cache, 'utf8').then((t) => JSON.parse(t) as PeaksFile, () => null);
    if (cached && cached.source?.size === source.size && cached.source.mtimeMs === source.mtimeMs) {
      return { rate: cached.rate, durationMs: cached.durationMs, peaks: cached.peaks };
    }
    const peaks: RecordPeaks = { rate: PEAKS_PER_SECOND, durationMs, peaks: await extractPeaks(file) };
    await fs.mkdir(path.dirname(cache), { recursive: true });
    // Written aside and renamed, so a request reading it never sees half a file.
    const tmp = `${cache}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ ...peaks, source } satisfies PeaksFile));
    await fs.rename(tmp, cache);
    return peaks;
  }
}
