import type { Selectable } from 'kysely';
import type { Speaker } from '../../shared/schemas/caption.js';
import type { LiveTextPhotoPublic, LiveTextPublic, LiveTextStaff, LiveTextStatus } from '../../shared/schemas/livetext.js';
import type { Database } from '../db/schema.js';

export type EntryRow = Selectable<Database['livetext_entries']>;
export type PhotoRow = Selectable<Database['livetext_photos']>;

/** Where the public reads a published entry's photos (long cache: a file name is never reused). */
export const PUBLIC_PHOTO_PATH = '/livetext/photos/';
/** Where staff read a photo before it is published (it is not public until its entry is). */
export const STAFF_PHOTO_PATH = '/api/studio/livetext/photos/';

/** A photo row as a client gets it, its files under `base`. */
export function toPhoto(r: PhotoRow, base: string): LiveTextPhotoPublic {
  return { id: r.id, alt: r.alt, width: r.width, height: r.height, src: { small: base + r.small_file, large: base + r.large_file } };
}

/** An entry as the studio sees it, with its photos in their order. */
export function toLiveTextStaff(r: EntryRow, photos: PhotoRow[]): LiveTextStaff {
  return {
    id: r.id,
    interviewId: r.interview_id,
    speaker: r.speaker === null ? null : (JSON.parse(r.speaker) as Speaker),
    text: r.text,
    photos: [...photos].sort((a, b) => a.position - b.position || a.id - b.id).map((p) => toPhoto(p, STAFF_PHOTO_PATH)),
    status: r.status as LiveTextStatus,
    authorId: r.author_id,
    authorName: r.author_name,
    approverName: r.approver_name,
    reason: r.reason,
    revised: r.revised === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
  };
}

/**
 * The public view of an entry, or null when the public may not see it: the one rule for the HTTP list and
 * the /viewer fan-out. Only a published entry is public; its photos move to the public route.
 */
export function publicLiveText(e: LiveTextStaff): LiveTextPublic | null {
  if (e.status !== 'published' || e.publishedAt === null) return null;
  return {
    id: e.id,
    speaker: e.speaker,
    text: e.text,
    photos: e.photos.map((p) => ({ ...p, src: { small: publicSrc(p.src.small), large: publicSrc(p.src.large) } })),
    publishedAt: e.publishedAt,
    revised: e.revised,
  };
}

const publicSrc = (staffSrc: string) => PUBLIC_PHOTO_PATH + staffSrc.slice(STAFF_PHOTO_PATH.length);

/** What viewers must hear of a change: the entry (published or corrected), its removal, or nothing. */
export function publicLiveTextChange(before: LiveTextStaff | null, after: LiveTextStaff): { kind: 'upsert'; entry: LiveTextPublic } | { kind: 'removed'; id: number } | null {
  const now = publicLiveText(after);
  if (now) return { kind: 'upsert', entry: now };
  return before && publicLiveText(before) ? { kind: 'removed', id: after.id } : null;
}

/** The feed's order: newest first by when each first went out (a correction keeps its place). */
export function compareFeed(a: LiveTextPublic, b: LiveTextPublic): number {
  return b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id;
}
