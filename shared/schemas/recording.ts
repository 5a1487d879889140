import { z } from 'zod';

/**
 * The capture of a broadcast as the studio sees it (录制): whether it records, since when, how much it has
 * written, whether it is healthy, and the disk. Pushed to the director page as `recording` on `/studio`.
 */
export const RecordingProblem = z.enum([
  /** A participant's recorder stopped and is being restarted (ffmpeg died, the worker was replaced). */
  'capture_restarting',
  /** Recording is on but nobody on stage publishes anything. */
  'no_media',
  /** Free disk space is below the warning level. */
  'disk_low',
]);
export type RecordingProblem = z.infer<typeof RecordingProblem>;

export const RecordingStopReason = z.enum(['operator', 'disk_full', 'ended']);
export type RecordingStopReason = z.infer<typeof RecordingStopReason>;

export const RecordingStatus = z.object({
  interviewId: z.number().int(),
  /** Record by itself when the broadcast goes live (on by default). */
  whenLive: z.boolean(),
  recording: z.boolean(),
  /** When the current stretch started (ISO), null when not recording. */
  since: z.string().nullable(),
  /** Recorded time in all stretches so far, ms. */
  elapsedMs: z.number().int().min(0),
  /** Bytes of raw segments on disk. */
  bytes: z.number().int().min(0),
  health: z.enum(['ok', 'problem', 'idle']),
  problems: z.array(RecordingProblem),
  /** Free bytes on the recording disk, and whether that is below the warning level. */
  freeBytes: z.number().int().min(0),
  lowDisk: z.boolean(),
  /** Why the last recording stopped; 'disk_full' means it stopped itself, keeping what was written. */
  stoppedReason: RecordingStopReason.nullable(),
  /** Who is being recorded now (on stage and publishing). */
  participants: z.array(z.object({ participantId: z.string(), name: z.string(), kinds: z.array(z.enum(['audio', 'video'])) })),
});
export type RecordingStatus = z.infer<typeof RecordingStatus>;

export const RecordingSettings = z.object({ whenLive: z.boolean() });
export type RecordingSettings = z.infer<typeof RecordingSettings>;
