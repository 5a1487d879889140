import { z } from 'zod';

/** A date on the site's calendar, `YYYY-MM-DD` (working days are about dates, not instants). */
export const CalendarDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD');
export type CalendarDate = z.infer<typeof CalendarDate>;

/** What an override makes a day: a working day (e.g. a 调休 Saturday) or a day off (a holiday). */
export const CALENDAR_DAY_KINDS = ['workday', 'holiday'] as const;
export const CalendarDayKind = z.enum(CALENDAR_DAY_KINDS);
export type CalendarDayKind = z.infer<typeof CalendarDayKind>;

/**
 * An admin's correction of the working calendar, for a year the holiday library does not know yet or a local
 * arrangement. It wins over the library. Setting and removing one is audited.
 */
export const CalendarOverride = z.object({
  date: CalendarDate,
  kind: CalendarDayKind,
  note: z.string().trim().max(100).default(''),
});
export type CalendarOverride = z.infer<typeof CalendarOverride>;

/** What the admin sends to set one day's override (the date is in the path). */
export const CalendarOverrideSet = CalendarOverride.omit({ date: true });
export type CalendarOverrideSet = z.infer<typeof CalendarOverrideSet>;

/** One day of the working calendar as the 工作日历 page shows it. */
export const CalendarDay = z.object({
  date: CalendarDate,
  workday: z.boolean(),
  /** What makes it so: a weekday or weekend, a public holiday, a 调休 make-up working day, or an override. */
  kind: z.enum(['weekday', 'weekend', 'holiday', 'makeup']),
  /** The holiday's Chinese name from the library (国庆节), for holidays and their make-up days. */
  holiday: z.string().nullable(),
  override: CalendarOverride.nullable(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarYear = z.object({
  year: z.number().int(),
  /** False for a year the holiday library does not know: only weekends and overrides decide. */
  libraryKnows: z.boolean(),
  days: z.array(CalendarDay),
});
export type CalendarYear = z.infer<typeof CalendarYear>;
