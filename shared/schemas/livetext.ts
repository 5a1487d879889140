import { z } from 'zod';
import { Speaker } from './caption.js';

/**
 * 图文直播: the live text feed. An editor posts entries (speaker, text, photos); where the interview asks
 * for it, a reviewer or the unit's liaison approves each before it goes out (把好政策关). Only published
 * entries are public; a correction re-sends the same id, a withdrawal sends `livetext:removed`.
 */
export const LIVETEXT_MAX_LENGTH = 2000;
/** Photos per entry. */
export const LIVETEXT_MAX_PHOTOS = 9;

/** A photo as viewers get it: re-encoded, metadata removed, at display widths. */
export const LiveTextPhotoPublic = z.object({
  id: z.number().int(),
  /** The required description for screen readers. */
  alt: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** Display sizes: a small one for the feed, a large one to open. */
  src: z.object({ small: z.string(), large: z.string() }),
});
export type LiveTextPhotoPublic = z.infer<typeof LiveTextPhotoPublic>;

/** A published entry (`livetext` on /viewer, GET …/livetext). */
export const LiveTextPublic = z.object({
  id: z.number().int(),
  speaker: Speaker.nullable(),
  text: z.string(),
  photos: z.array(LiveTextPhotoPublic),
  /** When it went out (ISO 8601). */
  publishedAt: z.string(),
  /** Corrected after it went out. */
  revised: z.boolean(),
});
export type LiveTextPublic = z.infer<typeof LiveTextPublic>;

/**
 * Who must approve an interview's entries before they go out: nobody (published at once), a reviewer, or
 * the interviewed unit's liaison (单位联络员). The admin chooses it in the interview form.
 */
export const LIVETEXT_APPROVAL_MODES = ['none', 'reviewer', 'liaison'] as const;
export const LiveTextApproval = z.enum(LIVETEXT_APPROVAL_MODES);
export type LiveTextApproval = z.infer<typeof LiveTextApproval>;

/**
 * An entry's life: a draft (prepared before the broadcast), pending approval, published, rejected with a
 * reason (the author may correct it and it is pending again), or withdrawn.
 */
export const LIVETEXT_STATUSES = ['draft', 'pending', 'published', 'rejected', 'withdrawn'] as const;
export const LiveTextStatus = z.enum(LIVETEXT_STATUSES);
export type LiveTextStatus = z.infer<typeof LiveTextStatus>;

/** Longest photo description (alt text) in characters: a sentence or two for a screen reader. */
export const LIVETEXT_ALT_MAX_LENGTH = 300;

/** A photo as staff get it: the same as the public one, served by the staff route until it is published. */
export const LiveTextPhotoStaff = LiveTextPhotoPublic;
export type LiveTextPhotoStaff = z.infer<typeof LiveTextPhotoStaff>;

/** An entry as the studio sees it: every status, its author and who decided on it. */
export const LiveTextStaff = z.object({
  id: z.number().int(),
  interviewId: z.number().int(),
  speaker: Speaker.nullable(),
  text: z.string(),
  photos: z.array(LiveTextPhotoStaff),
  status: LiveTextStatus,
  authorId: z.number().int().nullable(),
  authorName: z.string(),
  /** Who approved or rejected it last; null until someone did. */
  approverName: z.string().nullable(),
  /** The reason of a rejection (or of a withdrawal). */
  reason: z.string().nullable(),
  revised: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When it first went out; it keeps its place in the feed through corrections. */
  publishedAt: z.string().nullable(),
});
export type LiveTextStaff = z.infer<typeof LiveTextStaff>;

const EntryText = z.string().trim().max(LIVETEXT_MAX_LENGTH);
const PhotoIds = z.array(z.number().int().positive()).max(LIVETEXT_MAX_PHOTOS);

/** What an editor sends to post an entry: text, photos, or both. `draft` keeps it back (allowed before the broadcast). */
export const LiveTextCreate = z
  .object({
    speaker: Speaker.nullable().default(null),
    text: EntryText.default(''),
    photoIds: PhotoIds.default([]),
    draft: z.boolean().default(false),
  })
  .refine((e) => e.text.length > 0 || e.photoIds.length > 0, { message: 'text or a photo is required', path: ['text'] });
export type LiveTextCreate = z.infer<typeof LiveTextCreate>;

/** A correction: the entry's new speaker, text and photos (the list replaces the old one). */
export const LiveTextCorrect = z
  .object({ speaker: Speaker.nullable(), text: EntryText, photoIds: PhotoIds })
  .refine((e) => e.text.length > 0 || e.photoIds.length > 0, { message: 'text or a photo is required', path: ['text'] });
export type LiveTextCorrect = z.infer<typeof LiveTextCorrect>;

/** An approver's decision; a rejection needs a reason, the author reads it. */
export const LiveTextDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('reject'), reason: z.string().trim().min(1).max(500) }),
]);
export type LiveTextDecision = z.infer<typeof LiveTextDecision>;

/** A withdrawal, with an optional reason for the audit log. */
export const LiveTextWithdraw = z.object({ reason: z.string().trim().max(500).optional() });
export type LiveTextWithdraw = z.infer<typeof LiveTextWithdraw>;
