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

// ---- What the studio sends and gets back around the plan (h1: import, edit, export). ----

/** The note's and the 时间 text's caps: a cell of a table, not a document. */
export const PLAN_NOTE_MAX = 500;
export const PLAN_TIME_TEXT_MAX = 50;

/** A row the admin adds or edits by hand: 序号, the unit from the list, 时间 as the table would write it. */
export const PlanEntryInput = z.object({
  seq: z.number().int().positive().max(100_000),
  unitId: z.number().int().positive(),
  timeText: z.string().trim().min(1).max(PLAN_TIME_TEXT_MAX),
  note: z.string().trim().max(PLAN_NOTE_MAX).default(''),
});
export type PlanEntryInput = z.infer<typeof PlanEntryInput>;

/** An edit of a row; what it does not mention stays. */
export const PlanEntryUpdate = PlanEntryInput.extend({ note: PlanEntryInput.shape.note.unwrap() }).partial();
export type PlanEntryUpdate = z.infer<typeof PlanEntryUpdate>;

/** The year a plan is for: the admin says it on import (a date outside it is a bad row). */
export const PlanYear = z.coerce.number().int().min(2000).max(2100);

/** Why one row of an imported file cannot become a plan entry. */
export const PLAN_ROW_PROBLEMS = [
  'seq_missing',
  'seq_invalid',
  'seq_duplicate',
  'seq_taken',
  'unit_empty',
  'unit_unknown',
  'unit_inactive',
  'unit_several',
  'unit_too_long',
  'time_empty',
  'time_unreadable',
  'time_invalid_date',
  'time_outside_year',
  'time_reversed',
  'time_too_long',
  'note_too_long',
] as const;
export const PlanRowProblemCode = z.enum(PLAN_ROW_PROBLEMS);

/** One bad row: its number in the file (the spreadsheet's row, or the CSV line), the column, what is wrong. */
export const PlanImportProblem = z.object({
  row: z.number().int().positive(),
  column: z.enum(['seq', 'unit', 'time', 'note']),
  code: PlanRowProblemCode,
  message: z.string(),
  /** The cell as the file has it. */
  text: z.string(),
});
export type PlanImportProblem = z.infer<typeof PlanImportProblem>;

/**
 * The 400 of an import with bad rows: nothing was imported. `missingUnits` are the unknown unit names, which
 * the admin may have created by sending the file again with `createUnits=true`.
 */
export const PlanImportRejection = z.object({
  error: z.literal('validation'),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  problems: z.array(PlanImportProblem),
  missingUnits: z.array(z.string()),
});
export type PlanImportRejection = z.infer<typeof PlanImportRejection>;

/**
 * A successful import: every row is on disk with its draft interview; the units it had to create; the 序号 of
 * rows whose time had already passed on the site's clock (imported, with a warning).
 */
export const PlanImportResult = z.object({
  year: z.number().int(),
  imported: z.array(PlanEntry),
  createdUnits: z.array(z.string()),
  pastSeqs: z.array(z.number().int()),
});
export type PlanImportResult = z.infer<typeof PlanImportResult>;
