/**
 * What the capture leaves for the composer (helper B): every raw segment with the wall-clock time of its
 * first media timestamp, the stretches of wall-clock time the recording was on, and the on-air timeline
 * (what viewers saw, change by change). Everything is in WALL-CLOCK milliseconds since the epoch.
 *
 * Segments: RECORDING_DIR/<interviewId>/raw/<participantId>/<wallStartMs>-<seq>.mkv, Matroska, stream copy
 * of what the browser sent (VP8 video 90 kHz, Opus 48 kHz audio, both in one file, synchronised by ffmpeg
 * from the RTCP sender reports), about 10 s each, each starting on a key frame. A segment cut by a crash
 * (ffmpeg or server killed) is a Matroska file without its closing cues: ffmpeg and ffprobe read it up to
 * the last complete cluster; its `durationMs` is null.
 */
import type { Layout } from '../../shared/media.js';

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
