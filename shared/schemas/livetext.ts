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
