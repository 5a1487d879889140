import { PLAN_NOTE_MAX, PLAN_TIME_TEXT_MAX, type PlanImportProblem } from '../../shared/schemas/plan.js';
import { parsePlanTime } from '../../shared/planTime.js';
import type { PlanFileRow } from './table.js';

/** A problem before it is put into words (the route translates it). */
export type RowProblem = Omit<PlanImportProblem, 'message'>;

/** A row that can become a plan entry; `unitId` is null for a unit the import is to create. */
export interface GoodRow {
  line: number;
  seq: number;
  unit: string;
  unitId: number | null;
  timeText: string;
  windowStart: string;
  windowEnd: string;
  note: string;
}

export interface KnownUnit {
  id: number;
  name: string;
  active: boolean;
}

const UNIT_NAME_MAX = 100;
// Several units in one cell, as 附件2 of one notice lists three to a window ("县农业农村局 县统计局 镇靖镇").
const UNIT_LIST = /[\s\u3000、，,;；/]+/;

/**
 * Checks every row of a file against the unit list and the year's plan; pure. Every problem is reported (not
 * only the first), so the admin fixes the file once. A unit name not on the list is a problem unless
 * `createUnits` (then it is created with the import).
 */
export function checkRows(
  rows: readonly PlanFileRow[],
  year: number,
  units: ReadonlyMap<string, KnownUnit>,
  takenSeqs: ReadonlySet<number>,
  createUnits: boolean,
): { good: GoodRow[]; problems: RowProblem[]; missingUnits: string[] } {
  const problems: RowProblem[] = [];
  const good: GoodRow[] = [];
  const missing = new Set<string>();
  const seen = new Map<number, number>();
  for (const r of rows) {
    const before = problems.length;
    const bad = (column: RowProblem['column'], code: RowProblem['code'], text: string) => problems.push({ row: r.line, column, code, text });

    // Excel may hand a number back as "3.0"; a Chinese keyboard types full-width digits.
    const seqText = r.seq.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\.0+$/, '');
    const seq = /^\d{1,6}$/.test(seqText) ? Number(seqText) : NaN;
    if (r.seq === '') bad('seq', 'seq_missing', r.seq);
    else if (!(seq > 0)) bad('seq', 'seq_invalid', r.seq);
    else if (seen.has(seq)) bad('seq', 'seq_duplicate', r.seq);
    else if (takenSeqs.has(seq)) bad('seq', 'seq_taken', r.seq);
    if (seq > 0 && !seen.has(seq)) seen.set(seq, r.line);

    const name = r.unit.replace(/[\s\u3000]+/g, ' ');
    const unit = units.get(name);
    if (name === '') bad('unit', 'unit_empty', r.unit);
    else if (name.length > UNIT_NAME_MAX) bad('unit', 'unit_too_long', r.unit);
    else if (unit && !unit.active) bad('unit', 'unit_inactive', r.unit);
    else if (!unit && name.split(UNIT_LIST).filter(Boolean).length > 1) bad('unit', 'unit_several', r.unit);
    else if (!unit && !createUnits) {
      bad('unit', 'unit_unknown', r.unit);
      missing.add(name);
    }

    const time = parsePlanTime(r.time, year);
    if (r.time.length > PLAN_TIME_TEXT_MAX) bad('time', 'time_too_long', r.time);
    else if (!time.ok) bad('time', time.problem, r.time);
    if (r.note.length > PLAN_NOTE_MAX) bad('note', 'note_too_long', r.note.slice(0, 50));

    if (problems.length === before && time.ok) {
      good.push({ line: r.line, seq, unit: name, unitId: unit?.id ?? null, timeText: r.time, windowStart: time.start, windowEnd: time.end, note: r.note });
    }
  }
  return { good, problems, missingUnits: [...missing] };
}
