import { z } from 'zod';

/**
 * The record after the broadcast (视频实录、文字实录): the composed program video, its subtitles, chapters and
 * the transcript, published on the portal after an admin's review.
 *
 * Three clocks meet here. The **wall clock** (ms since the epoch) is what the capture and the live cues carry.
 * **Program time** (ms from the composed program MP4's first frame) is where the record is edited; a
 * `ProgramSpan` list maps one to the other, because a recording the director paused is cut together. The
 * **published time** is program time minus the in point, on the published (trimmed) video.
 */

/** One stretch of wall-clock time that is in the composed program, and where it starts there. */
export const ProgramSpan = z.object({
  wallStartMs: z.number().int(),
  wallEndMs: z.number().int(),
  programStartMs: z.number().int().min(0),
});
export type ProgramSpan = z.infer<typeof ProgramSpan>;

/** The composed program of an interview, as the studio sees it. */
export const ProgramState = z.enum(['composing', 'ready', 'failed']);
export type ProgramState = z.infer<typeof ProgramState>;

export const RecordProgramStaff = z.object({
  state: ProgramState,
  durationMs: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
  /** Staff-only URL of the untrimmed program MP4 (range requests), null until ready. */
  video: z.string().nullable(),
  error: z.string().nullable(),
  composedAt: z.string().nullable(),
});
export type RecordProgramStaff = z.infer<typeof RecordProgramStaff>;

/** A chapter: one per question put on air, named by its public (masked) wording. */
export const Chapter = z.object({
  startMs: z.number().int().min(0),
  title: z.string(),
  questionId: z.number().int().nullable(),
});
export type Chapter = z.infer<typeof Chapter>;

/** One block of the 文字实录: a speaker's paragraph, a question put on air, a live-text entry, or a heading. */
export const TranscriptBlock = z.object({
  kind: z.enum(['speech', 'question', 'livetext', 'heading', 'note']),
  /** The speaker's name ('' for none), and their 职务. */
  speaker: z.string().default(''),
  title: z.string().default(''),
  text: z.string(),
  /** Where the block starts on the published video, when it has a time. */
  startMs: z.number().int().min(0).nullable(),
  questionId: z.number().int().nullable().default(null),
});
export type TranscriptBlock = z.infer<typeof TranscriptBlock>;

export const Transcript = z.object({ title: z.string(), blocks: z.array(TranscriptBlock) });
export type Transcript = z.infer<typeof Transcript>;

/** What a publication wrote to its folder: file names relative to it (stored as JSON in record_publications). */
export const PublicationManifest = z.object({
  durationMs: z.number().int().min(0),
  video: z.string(),
  /** A still of the video for the player before it plays (absent in publications made before it existed). */
  poster: z.string().optional(),
  subtitles: z.array(z.object({ track: z.string(), label: z.string(), vtt: z.string(), srt: z.string() })),
  chapters: z.array(Chapter),
  transcript: z.object({ html: z.string(), txt: z.string(), docx: z.string(), json: z.string() }),
});
export type PublicationManifest = z.infer<typeof PublicationManifest>;

/** `GET /api/interviews/:slug/record`: the published record, every file as a URL answering range requests. */
export const RecordPublic = z.object({
  video: z.string(),
  /** A still of the video shown before it plays, or null. */
  poster: z.string().nullable(),
  /** Milliseconds. */
  duration: z.number().int().min(0),
  subtitles: z.array(z.object({ track: z.string(), label: z.string(), vtt: z.string(), srt: z.string() })),
  chapters: z.array(Chapter),
  transcript: z.object({ html: z.string(), txt: z.string(), docx: z.string(), json: z.string() }),
  publishedAt: z.string(),
});
export type RecordPublic = z.infer<typeof RecordPublic>;

/** What `GET /api/interviews/:slug` says about the record: published, or (ended, not yet) being prepared. */
export const RecordAvailability = z.enum(['none', 'preparing', 'published']);
export type RecordAvailability = z.infer<typeof RecordAvailability>;

/** Maps a wall-clock instant to program time, or null when it fell in a pause of the recording. */
export function wallToProgram(spans: readonly ProgramSpan[], wallMs: number): number | null {
  for (const s of spans) {
    if (wallMs >= s.wallStartMs && wallMs <= s.wallEndMs) return s.programStartMs + (wallMs - s.wallStartMs);
  }
  return null;
}

/** Maps a wall-clock instant to program time, moving one inside a pause to the start of the next span. */
export function wallToProgramClamped(spans: readonly ProgramSpan[], wallMs: number): number | null {
  const exact = wallToProgram(spans, wallMs);
  if (exact !== null) return exact;
  const next = spans.find((s) => s.wallStartMs > wallMs);
  return next ? next.programStartMs : null;
}
