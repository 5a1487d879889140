/**
 * What the capture leaves for the composer (helper B): every raw segment with the wall-clock time of its
 * first media timestamp, the stretches of wall-clock time the recording was on, and the on-air timeline
 * (what viewers saw, change by change). Everything is in WALL-CLOCK milliseconds since the epoch.
 *
 * Segments: RECORDING_DIR/<interviewId>/raw/<participant>/<runStartMs>-<audio|video>/<00000>.mkv (participant
 * `u:3` is the folder `u-3`; a run is one ffmpeg process of one track: a restart or a republish starts a new
 * one). Matroska, stream copy of what the browser sent (VP8 or H.264 video, Opus 48 kHz audio), one track per
 * file: a person's sound and picture are separate runs, each on its own RTP clock (continuous: no jitter), and
 * each segment is dated on the wall clock by its track's least-delayed packets (server/recording/clock.ts), so
 * sound and picture of one person line up through their `wallStartMs`. Cut just after each wall-clock multiple
 * of 10 s (video on a key frame), so segments of different people and tracks line up. Timestamps start near 0
 * in every file (the file's first timestamp is what `wallStartMs` dates). A run's first video segment starts at
 * its first key frame. Runs recorded before the track clock (one file with both tracks, each packet stamped
 * with its arrival) are still read: their segments have both streams. A segment cut by a crash (ffmpeg or
 * server killed) is a Matroska file without its index and duration: ffmpeg reads it up to its last complete
 * cluster (clusters are 1 s), `durationMs` null.
 */
import path from 'node:path';
import type { Layout } from '../../shared/media.js';
import type { Db } from '../db/index.js';

/** One raw segment of one participant's track (audio or video; both in runs from before the track clock). */
export interface CaptureSegment {
  participantId: string;
  /** Absolute path. */
  path: string;
  /** Wall clock (ms since epoch) of the segment's first media timestamp (its t=0 in the file). */
  wallStartMs: number;
  /** Null if unknown (the segment was cut by a crash: read the file to find out). */
  durationMs: number | null;
  hasAudio: boolean;
  hasVideo: boolean;
}

/** One change of what was on air: `slots` empty (or live false upstream) means nothing on air. */
export interface ProgramChange {
  /** Wall clock, ms. */
  atMs: number;
  layout: Layout;
  slots: Array<{ participantId: string; name: string; title: string }>;
}

/** Wall clock, ms: the recording was on from startMs to endMs. */
export interface RecordedSpan {
  startMs: number;
  endMs: number;
}

/** Everything the composer needs of one interview's capture, segments sorted by wallStartMs. */
export interface CaptureManifest {
  interviewId: number;
  spans: RecordedSpan[];
  segments: CaptureSegment[];
  timeline: ProgramChange[];
}

/**
 * The capture manifest of one interview, from what the recorder listed: `root` is RECORDING_DIR (see
 * `recordingDir(config)`). A span still open (recording on) ends now. The recorder lists every segment before
 * it emits `recording:complete`; `RecordingService.manifest()` also lists what is still unlisted on disk.
 */
export async function captureManifest(db: Db, root: string, interviewId: number): Promise<CaptureManifest> {
  const now = Date.now();
  const spans = await db.selectFrom('recording_spans').select(['start_ms', 'end_ms']).where('interview_id', '=', interviewId).orderBy('start_ms').execute();
  const segments = await db.selectFrom('recording_segments').selectAll().where('interview_id', '=', interviewId).orderBy('wall_start_ms').execute();
  const timeline = await db.selectFrom('recording_timeline').selectAll().where('interview_id', '=', interviewId).orderBy('at_ms').orderBy('id').execute();
  return {
    interviewId,
    spans: spans.map((s) => ({ startMs: s.start_ms, endMs: s.end_ms ?? now })),
    segments: segments.map((s) => ({
      participantId: s.participant_id,
      path: path.resolve(root, s.path),
      wallStartMs: s.wall_start_ms,
      durationMs: s.duration_ms,
      hasAudio: s.has_audio === 1,
      hasVideo: s.has_video === 1,
    })),
    timeline: timeline.map((t) => ({ atMs: t.at_ms, layout: t.layout as Layout, slots: JSON.parse(t.slots) as ProgramChange['slots'] })),
  };
}
