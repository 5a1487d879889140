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

/** A track the desk adds (字幕轨): its language tag and the label viewers choose it by. */
export const CaptionTrackAdd = z.object({
  lang: CaptionTrackLang,
  label: z.string().trim().min(1).max(40),
});
export type CaptionTrackAdd = z.infer<typeof CaptionTrackAdd>;

/** Who wrote a cue: a staff account (desk) or an ingest token (outside captioner), by name for the desk. */
export const CueAuthor = z.object({
  userId: z.number().int().nullable(),
  tokenId: z.number().int().nullable(),
  name: z.string(),
});
export type CueAuthor = z.infer<typeof CueAuthor>;

/** A cue as the caption desk sees it: the public cue plus its interview and author. */
export const CueStaff = CuePublic.extend({ interviewId: z.number().int(), author: CueAuthor });
export type CueStaff = z.infer<typeof CueStaff>;

/**
 * A speaker the desk may pick (Alt+1..9): the host entry first (主持人), then each guest with 职务, in the
 * interview's order.
 */
export const SpeakerOption = Speaker.extend({ role: z.enum(['host', 'guest']) });
export type SpeakerOption = z.infer<typeof SpeakerOption>;

/**
 * Who holds a track (one typist per track at a time) and what they have typed but not sent: the open
 * line's id and text (null when they hold the track between lines).
 */
export const CaptionHolder = z.object({
  track: z.string(),
  userId: z.number().int(),
  name: z.string(),
  lineId: z.number().int().nullable(),
  text: z.string(),
  speaker: Speaker.nullable(),
  /** Wall clock since when they hold it. */
  since: z.string(),
});
export type CaptionHolder = z.infer<typeof CaptionHolder>;

// --- `/captions` client payloads (the desk's socket; see CaptionsClientEvents in shared/events.ts) ---

/** A track named in a payload: the primary one when left out. */
const TrackRef = CaptionTrackLang.default(PRIMARY_CAPTION_TRACK);

/** Open an interview's desk. */
export const CaptionsJoin = z.object({ interviewId: z.number().int().positive() });
/**
 * A partial: the line being typed, sent at most every ~150 ms. Begins a line (the server assigns its id and
 * seq) when the typist has none open on this track; an empty text abandons the open line.
 */
export const CaptionLine = z.object({
  interviewId: z.number().int().positive(),
  track: TrackRef,
  text: z.string().max(CUE_MAX_LENGTH),
  speaker: Speaker.nullable().default(null),
});
export type CaptionLine = z.infer<typeof CaptionLine>;
/** Enter: the open line (or a new one) becomes a final cue with this text. */
export const CaptionSend = CaptionLine.extend({ text: z.string().trim().min(1).max(CUE_MAX_LENGTH) });
export type CaptionSend = z.infer<typeof CaptionSend>;
/** Replace a final cue's text (and speaker, if given): viewers get the same id again, `revised: true`. */
export const CaptionCorrect = z.object({
  id: z.number().int().positive(),
  text: z.string().trim().min(1).max(CUE_MAX_LENGTH),
  speaker: Speaker.nullable().optional(),
});
export type CaptionCorrect = z.infer<typeof CaptionCorrect>;
/** Withdraw a cue: viewers drop it. */
export const CaptionWithdraw = z.object({ id: z.number().int().positive() });
/** 接手: hold a track another typist holds; their unsent text becomes a final cue in their name first. */
export const CaptionTakeover = z.object({ interviewId: z.number().int().positive(), track: TrackRef });

/** The join acknowledgement: everything the desk shows at once. */
export const CaptionsDesk = z.object({
  tracks: z.array(CaptionTrackPublic),
  speakers: z.array(SpeakerOption),
  /** The recent cues of every track, oldest first, open partials included. */
  cues: z.array(CueStaff),
  holders: z.array(CaptionHolder),
  /** When the broadcast first went live (the broadcast clock's zero); null before. */
  broadcastStartedAt: z.string().nullable(),
});
export type CaptionsDesk = z.infer<typeof CaptionsDesk>;

// --- Ingest (outside captioners, speech recognition) ---

/** The JSON form of `POST /api/ingest/captions/:token`; a non-final post is a partial of the token's current line. */
export const CaptionIngestJson = z.object({
  text: z.string().trim().min(1).max(CUE_MAX_LENGTH),
  speaker: Speaker.optional(),
  final: z.boolean().default(true),
});
export type CaptionIngestJson = z.infer<typeof CaptionIngestJson>;

/** What `POST /api/studio/interviews/:id/captions/tokens` takes. */
export const CaptionTokenCreate = z.object({ track: TrackRef, label: z.string().trim().max(80).default('') });
export type CaptionTokenCreate = z.infer<typeof CaptionTokenCreate>;

/** An ingest token as listed (the secret itself is never stored or shown again). */
export const CaptionToken = z.object({
  id: z.number().int(),
  interviewId: z.number().int(),
  track: z.string(),
  label: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type CaptionToken = z.infer<typeof CaptionToken>;
/** The answer to creating one: the only time the secret and its ingest path are shown. */
export const CaptionTokenCreated = CaptionToken.extend({ token: z.string(), ingestPath: z.string() });
export type CaptionTokenCreated = z.infer<typeof CaptionTokenCreated>;
