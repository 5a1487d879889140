import { z } from 'zod';
import { CalendarDate } from './calendar.js';

/** The years the statistics page offers and the API accepts. */
export const StatsYear = z.coerce.number().int().min(2000).max(2100);

/** One held interview's numbers (考核, per interview). How each is counted: shared/statsMethods.ts. */
export const InterviewStats = z.object({
  interviewId: z.number().int(),
  slug: z.string(),
  title: z.string(),
  unitId: z.number().int().nullable(),
  unit: z.string(),
  /** The day it first went live, site calendar. */
  heldOn: CalendarDate,
  peakViewers: z.number().int(),
  totalViewers: z.number().int(),
  watchSeconds: z.number().int(),
  questionsReceived: z.number().int(),
  questionsPublished: z.number().int(),
  questionsRejected: z.number().int(),
  answeredLive: z.number().int(),
  /** Written replies (书面答复) owed: every question handed to the unit at the end. */
  writtenAssigned: z.number().int(),
  answeredInWriting: z.number().int(),
  overdueReplies: z.number().int(),
  /** null when no reply is published yet. */
  avgReplyWorkingDays: z.number().nullable(),
  replayViews: z.number().int(),
});
export type InterviewStats = z.infer<typeof InterviewStats>;

/** One unit's year (考核, per unit): planned vs held and how it answered. */
export const UnitYearStats = z.object({
  /** null: interviews held without a unit on the list. */
  unitId: z.number().int().nullable(),
  unit: z.string(),
  planned: z.number().int(),
  held: z.number().int(),
  questionsReceived: z.number().int(),
  answeredLive: z.number().int(),
  writtenAssigned: z.number().int(),
  answeredInWriting: z.number().int(),
  /** 0–1; null when the unit owed no answer. */
  answerRate: z.number().nullable(),
  overdueReplies: z.number().int(),
  avgReplyWorkingDays: z.number().nullable(),
});
export type UnitYearStats = z.infer<typeof UnitYearStats>;

/** A year's statistics as the page, the .xlsx and the PDF report show them. */
export const YearReport = z.object({
  year: z.number().int(),
  /** When it was computed, and the site day that decided what is overdue. */
  computedAt: z.string(),
  today: CalendarDate,
  timeZone: z.string(),
  units: z.array(UnitYearStats),
  interviews: z.array(InterviewStats),
  totals: UnitYearStats.omit({ unitId: true, unit: true }).extend({
    peakViewers: z.number().int(),
    totalViewers: z.number().int(),
    watchSeconds: z.number().int(),
    replayViews: z.number().int(),
  }),
});
export type YearReport = z.infer<typeof YearReport>;
