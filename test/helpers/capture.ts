import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CaptureSource } from '../../server/record/compose-service.js';
import type { Db } from '../../server/db/index.js';
import type { CaptureManifest, CaptureSegment } from '../../server/recording/manifest.js';

const run = promisify(execFile);

/** What a fake participant shows and says. */
export type FakeSource =
  /** A plain colour and a steady tone. */
  | { kind: 'colour'; colour: string; toneHz: number }
  /** A moving test pattern (harder to encode, like a camera) and a steady tone. */
  | { kind: 'pattern'; toneHz: number }
  /** Black with a white flash for 100 ms at every whole second, and a 1 kHz beep at exactly the same moments. */
  | { kind: 'flash' };

export interface FakeCapture {
  dir: string;
  participantId: string;
  /** Wall clock of the first media timestamp. */
  wallStartMs: number;
  seconds: number;
  segmentSeconds?: number;
  source: FakeSource;
  /** Picture size (small by default: the tests share two cores). */
  size?: string;
  /** Cut the last segment short as a killed ffmpeg leaves it: no closing cues, a partial cluster, no known length. */
  crashLast?: boolean;
}

/**
 * Raw segments like the capture writes them (VP8 + Opus in Matroska, a few seconds each, each starting on a key
 * frame), made with ffmpeg from lavfi sources, with their CaptureSegment entries.
 */
export async function fakeSegments(c: FakeCapture): Promise<CaptureSegment[]> {
  const out = path.join(c.dir, c.participantId);
  fs.mkdirSync(out, { recursive: true });
  const size = c.size ?? '320x180';
  const s = c.source;
  const video =
    s.kind === 'colour'
      ? `color=c=${s.colour}:s=${size}:r=30:d=${c.seconds}`
      : s.kind === 'pattern'
        ? `testsrc2=s=${size}:r=30:d=${c.seconds}`
        : `color=c=black:s=${size}:r=30:d=${c.seconds},drawbox=color=white:t=fill:enable='lt(mod(t,1),0.1)'`;
  const audio = s.kind === 'flash' ? `aevalsrc='if(lt(mod(t,1),0.1),0.8*sin(2*PI*1000*t),0)':s=48000:d=${c.seconds}` : `sine=f=${s.toneHz}:r=48000:d=${c.seconds}`;
  const list = path.join(out, 'list.csv');
  await run('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', audio,
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '400k', '-g', '30',
    '-c:a', 'libopus', '-b:a', '48k', '-ac', '2',
    '-f', 'segment', '-segment_time', String(c.segmentSeconds ?? 10), '-reset_timestamps', '1', '-segment_format', 'matroska',
    '-segment_list', list, '-segment_list_type', 'csv', path.join(out, '%04d.mkv'),
  ], { timeout: 600_000 });
  const rows = fs.readFileSync(list, 'utf8').trim().split('\n').map((l) => l.split(','));
  const segments = rows.map(([file, start, end]): CaptureSegment => ({
    participantId: c.participantId,
    path: path.join(out, file!),
    wallStartMs: c.wallStartMs + Math.round(Number(start) * 1000),
    durationMs: Math.round((Number(end) - Number(start)) * 1000),
    hasAudio: true,
    hasVideo: true,
  }));
  const last = segments.at(-1);
  if (c.crashLast && last) {
    const bytes = fs.statSync(last.path).size;
    fs.truncateSync(last.path, Math.floor(bytes * 0.6));
    last.durationMs = null;
  }
  return segments;
}

/** A capture side for tests: manifests put in by hand, "still capturing" flags, and the completion call. */
export class FakeCaptures implements CaptureSource {
  readonly manifests = new Map<number, CaptureManifest>();
  readonly capturing = new Set<number>();
  private readonly listeners = new Set<(id: number) => void>();
  manifest = async (id: number) => this.manifests.get(id) ?? null;
  isCapturing = (id: number) => this.capturing.has(id);
  onCaptureComplete(listener: (id: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Says that the capture of an interview is complete, as the recording service does after the end. */
  complete(id: number): void {
    for (const l of this.listeners) l(id);
  }
}

/**
 * Writes a capture into the recording tables as server/recording leaves them, so a server's own recording
 * service (not a fake source) hands it to the composer, e.g. after a restart.
 */
export async function storeCapture(db: Db, m: CaptureManifest): Promise<void> {
  for (const s of m.spans) await db.insertInto('recording_spans').values({ interview_id: m.interviewId, start_ms: s.startMs, end_ms: s.endMs }).execute();
  for (const s of m.segments) {
    await db
      .insertInto('recording_segments')
      .values({
        interview_id: m.interviewId,
        participant_id: s.participantId,
        path: s.path,
        wall_start_ms: s.wallStartMs,
        duration_ms: s.durationMs,
        has_audio: s.hasAudio ? 1 : 0,
        has_video: s.hasVideo ? 1 : 0,
        bytes: fs.statSync(s.path).size,
      })
      .execute();
  }
  for (const t of m.timeline) {
    await db.insertInto('recording_timeline').values({ interview_id: m.interviewId, at_ms: t.atMs, layout: t.layout, slots: JSON.stringify(t.slots) }).execute();
  }
}
