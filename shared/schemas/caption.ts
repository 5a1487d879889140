import { z } from 'zod';

/**
 * Live captions (字幕). A track is one language of an interview's captions, named by its BCP 47 tag; every
 * interview has the primary track `zh-CN` (简体中文) and may add more (e.g. `en`). A cue is one line: typed on
 * the caption desk or posted by an outside captioner (ingest). While it is being typed viewers see it as a
 * partial (`final: false`); Enter makes it final and puts it on disk. A correction re-sends the same id with
 * the new text; a withdrawal removes it. Viewers replace by id, so nothing is ever shown twice.
 */
export const PRIMARY_CAPTION_TRACK = 'zh-CN';
export const CaptionTrackLang = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag, e.g. zh-CN or en');

/** Longest cue, in characters: two subtitle lines of Chinese and then some; a longer line is refused, not cut. */
export const CUE_MAX_LENGTH = 200;

/** Who is speaking: the host or a guest, by name and 职务. */
export const Speaker = z.object({
  name: z.string().trim().min(1).max(40),
  title: z.string().trim().max(80).default(''),
});
export type Speaker = z.infer<typeof Speaker>;

/** Where a cue came from: typed on the caption desk, or posted to the ingest by a CART service or ASR. */
export const CUE_SOURCES = ['desk', 'ingest'] as const;
export const CueSource = z.enum(CUE_SOURCES);
export type CueSource = z.infer<typeof CueSource>;

/** A cue as viewers see it (`cue` on /viewer, GET …/captions). */
export const CuePublic = z.object({
  id: z.number().int(),
  /** The track's language tag. */
  track: z.string(),
  /** Order within the track (1, 2, …), fixed when the line began. */
  seq: z.number().int(),
  speaker: Speaker.nullable(),
  text: z.string(),
  /** false while it is being typed (a partial), true once sent. */
  final: z.boolean(),
  /** On the broadcast clock: milliseconds since the broadcast first went live. */
  startMs: z.number().int(),
  /** On the broadcast clock, when it was sent; absent on a partial. */
  endMs: z.number().int().optional(),
  /** Wall clock (ISO 8601) when the line began. */
  at: z.string(),
  source: CueSource,
  /** Corrected after it was first sent. */
  revised: z.boolean(),
});
export type CuePublic = z.infer<typeof CuePublic>;

/** A track as viewers see it. */
export const CaptionTrackPublic = z.object({ lang: z.string(), label: z.string(), primary: z.boolean() });
export type CaptionTrackPublic = z.infer<typeof CaptionTrackPublic>;
