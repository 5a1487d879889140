import { z } from 'zod';
import { CaptionTrackLang, CUE_MAX_LENGTH } from './caption.js';

/**
 * The replay's subtitles (回放字幕) and the record's in and out points, as the studio edits them. Every time
 * here is PROGRAM time (ms from the composed program's first frame; see record.ts); the trim is applied only
 * when a file is exported or published. Until an editor changes a track, its cues are the live captions
 * mapped onto the program; the first edit (or an import) stores them, and from then on they are the track's.
 */

/** The in and out points (cut the waiting before and after); `outMs` is the program's end when not set. */
export const RecordTrim = z.object({
  inMs: z.number().int().min(0),
  outMs: z.number().int().min(0),
  /** The program's length, for the page's bounds. */
  durationMs: z.number().int().min(0),
});
export type RecordTrim = z.infer<typeof RecordTrim>;

export const RecordTrimSet = z.object({
  inMs: z.number().int().min(0),
  /** null: to the program's end. */
  outMs: z.number().int().min(0).nullable(),
});
export type RecordTrimSet = z.infer<typeof RecordTrimSet>;

/** One replay subtitle: its program-time span, who speaks (by name), and the text (lines separated by \n). */
export const RecordCue = z.object({
  id: z.number().int(),
  startMs: z.number().int().min(0),
  endMs: z.number().int().min(0),
  speaker: z.string().nullable(),
  text: z.string(),
});
export type RecordCue = z.infer<typeof RecordCue>;

/** A track's replay subtitles; `edited` false while they are still the live captions. */
export const RecordSubtitleTrack = z.object({
  track: z.string(),
  label: z.string(),
  edited: z.boolean(),
  cues: z.array(RecordCue),
});
export type RecordSubtitleTrack = z.infer<typeof RecordSubtitleTrack>;

/** A track in the list (and what publishing writes a file for). */
export const RecordSubtitleTrackInfo = z.object({ track: z.string(), label: z.string(), edited: z.boolean(), cues: z.number().int() });
export type RecordSubtitleTrackInfo = z.infer<typeof RecordSubtitleTrackInfo>;

const CueText = z.string().trim().min(1).max(CUE_MAX_LENGTH);

/** An edit of one cue: any of its text, speaker, start and end (against the picture and the waveform). */
export const RecordCuePatch = z
  .object({
    text: CueText.optional(),
    speaker: z.string().trim().max(40).nullable().optional(),
    startMs: z.number().int().min(0).optional(),
    endMs: z.number().int().min(0).optional(),
  })
  .strict();
export type RecordCuePatch = z.infer<typeof RecordCuePatch>;

/** Splits a cue before character `at` of its text; the second part starts at `atMs`, else in proportion. */
export const RecordCueSplit = z.object({ at: z.number().int().min(1), atMs: z.number().int().min(0).optional() }).strict();
export type RecordCueSplit = z.infer<typeof RecordCueSplit>;

/** A new cue, e.g. at the playhead. */
export const RecordCueAdd = z.object({ startMs: z.number().int().min(0), endMs: z.number().int().min(0), speaker: z.string().trim().max(40).nullable().default(null), text: CueText }).strict();
export type RecordCueAdd = z.infer<typeof RecordCueAdd>;

/** Moves every cue of a track by `deltaMs` (negative: earlier), e.g. live captions that lag the speech. */
export const RecordShift = z.object({ deltaMs: z.number().int().min(-3_600_000).max(3_600_000).refine((n) => n !== 0, 'must not be 0') }).strict();
export type RecordShift = z.infer<typeof RecordShift>;

export const SubtitleFormat = z.enum(['vtt', 'srt']);
export type SubtitleFormat = z.infer<typeof SubtitleFormat>;

/**
 * A subtitle file made elsewhere (or exported here) that replaces a track's cues. Its times are on the
 * published (trimmed) video unless `timeline` says program; the format is read from the content when absent.
 */
export const RecordSubtitleImport = z.object({
  content: z.string().max(2_000_000),
  format: SubtitleFormat.optional(),
  timeline: z.enum(['trimmed', 'program']).default('trimmed'),
}).strict();
export type RecordSubtitleImport = z.infer<typeof RecordSubtitleImport>;

export const RecordTrackParam = CaptionTrackLang;

/** The audio waveform of the program: `rate` peaks a second, each 0–255 (the loudest sample in its slot). */
export const RecordPeaks = z.object({ rate: z.number().int().positive(), durationMs: z.number().int().min(0), peaks: z.array(z.number().int().min(0).max(255)) });
export type RecordPeaks = z.infer<typeof RecordPeaks>;
