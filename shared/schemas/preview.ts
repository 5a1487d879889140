import { z } from 'zod';

/**
 * 预告: the announcement of an interview, published about a week ahead. The topic, unit, guests (with 职务)
 * and time are the interview's own (one owner: editing the interview edits the preview); the preview adds
 * a poster image, its description for screen readers, and a summary written for the announcement.
 */

/** The poster as the public loads it: two renderings of one upload, re-encoded without metadata. */
export const PreviewPoster = z.object({
  /** 480 px wide (phones, the portal's list). */
  small: z.string(),
  /** 1280 px wide. */
  large: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** The poster's description (alt text); required with a poster. */
  alt: z.string(),
});
export type PreviewPoster = z.infer<typeof PreviewPoster>;

/** What the public interview view carries once the preview is published (InterviewPublic.preview). */
export const InterviewPreviewPublic = z.object({
  summary: z.string(),
  poster: PreviewPoster.nullable(),
  publishedAt: z.string(),
});
export type InterviewPreviewPublic = z.infer<typeof InterviewPreviewPublic>;

/** The preview as the admin edits it: also unpublished, with who published it. */
export const PreviewStaff = z.object({
  interviewId: z.number().int(),
  summary: z.string(),
  poster: PreviewPoster.nullable(),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type PreviewStaff = z.infer<typeof PreviewStaff>;

/** What the admin saves: the announcement's text and the poster's description. */
export const PreviewUpdate = z.object({
  summary: z.string().trim().max(2000),
  posterAlt: z.string().trim().max(500).optional(),
});
export type PreviewUpdate = z.infer<typeof PreviewUpdate>;

/** One interview coming up within PREVIEW_WARN_DAYS whose preview is not published (the studio warns). */
export const PreviewWarning = z.object({
  interviewId: z.number().int(),
  title: z.string(),
  unit: z.string(),
  scheduledStart: z.string(),
  /** Whole days left until the start (0 = today or already late). */
  daysLeft: z.number().int(),
});
export type PreviewWarning = z.infer<typeof PreviewWarning>;

export const PreviewWarnings = z.object({
  /** PREVIEW_WARN_DAYS: how far ahead an unpublished preview is warned about. */
  warnDays: z.number().int(),
  interviews: z.array(PreviewWarning),
});
export type PreviewWarnings = z.infer<typeof PreviewWarnings>;
