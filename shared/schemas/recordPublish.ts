import { z } from 'zod';
import { Speaker } from './caption.js';
import { Chapter, ProgramState, PublicationManifest, Transcript, TranscriptBlock } from './record.js';

/**
 * The staff side of the 文字实录 and of publishing (审核发布). In the studio every time is PROGRAM time (ms from
 * the composed program's first frame); the published files carry published time (program time minus the cut
 * start), applied when publishing.
 */

/** Bounds that keep a hand-edited document sane; a two-hour interview is some 30,000 characters. */
export const TRANSCRIPT_MAX_BLOCKS = 5000;
export const TRANSCRIPT_BLOCK_MAX_CHARS = 20_000;

/** A transcript as an editor saves it: the shared shape with limits on what a request may carry. */
export const TranscriptEdit = z.object({
  title: z.string().trim().min(1).max(200),
  blocks: z
    .array(
      TranscriptBlock.extend({
        speaker: z.string().trim().max(80).default(''),
        title: z.string().trim().max(120).default(''),
        text: z.string().max(TRANSCRIPT_BLOCK_MAX_CHARS),
      }),
    )
    .max(TRANSCRIPT_MAX_BLOCKS),
});
export type TranscriptEdit = z.infer<typeof TranscriptEdit>;

/** The stored 文字实录 with who last touched it. */
export const TranscriptStaff = z.object({
  transcript: Transcript,
  /** When it was last assembled from the live record (captions, questions on air, live text). */
  generatedAt: z.string(),
  updatedAt: z.string(),
  /** Who saved the last edit; null when it is as assembled. */
  updatedBy: z.string().nullable(),
});
export type TranscriptStaff = z.infer<typeof TranscriptStaff>;

/** One replay subtitle, in program time, as the publish page previews it. */
export const SubtitleCuePreview = z.object({
  startMs: z.number().int().min(0),
  endMs: z.number().int().min(0),
  text: z.string(),
  speaker: Speaker.nullable(),
});
export type SubtitleCuePreview = z.infer<typeof SubtitleCuePreview>;

export const SubtitleTrackPreview = z.object({ track: z.string(), label: z.string(), cues: z.array(SubtitleCuePreview) });
export type SubtitleTrackPreview = z.infer<typeof SubtitleTrackPreview>;

/** One publication as the admin sees it; `current` is the one the portal shows. */
export const PublicationStaff = z.object({
  version: z.number().int().min(1),
  publishedAt: z.string(),
  publishedBy: z.string(),
  unpublishedAt: z.string().nullable(),
  unpublishedBy: z.string().nullable(),
  noSubtitlesReason: z.string().nullable(),
  current: z.boolean(),
  manifest: PublicationManifest,
});
export type PublicationStaff = z.infer<typeof PublicationStaff>;

/** What the review page (审核发布) shows before the admin decides. */
export const PublishPreview = z.object({
  program: z.object({
    /** null: nothing composed yet. */
    state: ProgramState.nullable(),
    durationMs: z.number().int().nullable(),
    /** Staff URL of the program video (served by the compose module), null until ready. */
    video: z.string().nullable(),
  }),
  /** The in and out points in program time (out null: to the end). */
  trim: z.object({ inMs: z.number().int().min(0), outMs: z.number().int().nullable() }),
  subtitles: z.array(SubtitleTrackPreview),
  chapters: z.array(Chapter),
  transcriptBlocks: z.number().int(),
  publications: z.array(PublicationStaff),
});
export type PublishPreview = z.infer<typeof PublishPreview>;

/** Publishing: a reason is required, and recorded, when no subtitle track has cues. */
export const PublishRequest = z.object({ reason: z.string().trim().max(500).optional() });
export type PublishRequest = z.infer<typeof PublishRequest>;
