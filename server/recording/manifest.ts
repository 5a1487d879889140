/**
 * What the capture leaves for the composer (helper B): every raw segment with the wall-clock time of its
 * first media timestamp, the stretches of wall-clock time the recording was on, and the on-air timeline
 * (what viewers saw, change by change). Everything is in WALL-CLOCK milliseconds since the epoch.
 *
 * Segments: RECORDING_DIR/<interviewId>/raw/<participant>/<runStartMs>/<00000>.mkv (participant `u:3` is the
 * folder `u-3`; a run is one ffmpeg process: a restart or a republish starts a new one). Matroska, stream copy
 * of what the browser sent (VP8 or H.264 video, Opus 48 kHz audio, in one file), cut just after each
 * wall-clock multiple of 10 s on a video key frame (so segments of different people line up). Every packet
 * carries the wall-clock time it arrived at (ffmpeg `use_wallclock_as_timestamps`): audio and video of one
 * person are in the sync they arrived with, and the timestamps are not perfectly regular (arrival jitter of a
 * few ms: resample audio with `aresample=async=1` and set a constant frame rate when composing). Timestamps
 * start near 0 in every file (audio may start a few ms before 0: the file's first timestamp, over all its
 * streams, is what `wallStartMs` dates; in a run's first segment the video starts at its first key frame,
 * some 100–500 ms after the audio, so take each stream's own start time). A segment cut by a crash (ffmpeg or server killed) is a Matroska file without its
 * index and duration: ffmpeg reads it up to its last complete cluster (clusters are 1 s), `durationMs` null.
 */
import path from 'node:path';
import type { Layout } from '../../shared/media.js';
import type { Db } from '../db/index.js';

/** One raw segment of one participant (audio and video in one Matroska file). */
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
