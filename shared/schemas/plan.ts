import { z } from 'zod';
import { CalendarDate } from './calendar.js';

/**
 * One row of the annual interview plan (年度计划, 附件2 of the notices): 序号, 单位, 时间. The time is kept as
 * written ("4月", "5月8日", "5月8日—5月19日") and as the window of dates it means; the row becomes a planned
 * (draft) interview of that unit, which `interviewId` names.
 */
export const PlanEntry = z.object({
  id: z.number().int(),
  year: z.number().int(),
  /** 序号 as in the table. */
  seq: z.number().int(),
  unitId: z.number().int(),
  unit: z.string(),
  /** 时间 as written in the table. */
  timeText: z.string(),
  /** The first and last day the row allows (a month: its first and last day; a date: that day). */
  windowStart: CalendarDate,
  windowEnd: CalendarDate,
  /** The planned interview this row made; null once that interview is deleted. */
  interviewId: z.number().int().nullable(),
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanEntry = z.infer<typeof PlanEntry>;
