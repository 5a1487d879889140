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
