// A CommonJS bundle without named ESM exports: take the default and pick from it.
import chineseDays from 'chinese-days';
import type { CalendarDayKind } from '../../shared/schemas/calendar.js';

const { getDayDetail, isWorkday: libraryIsWorkday } = chineseDays;

/**
 * The years whose holidays and 调休 make-up days the chinese-days package has compiled in from the State
 * Council's notices. A later year falls back to Monday–Friday until the package is updated or an admin enters
 * the year's overrides (the notice for year N comes out in November of year N − 1).
 */
export const LIBRARY_FIRST_YEAR = 2004;
export const LIBRARY_LAST_YEAR = 2026;

/** A date on the site's calendar, `YYYY-MM-DD`. Working days are about dates, never instants. */
export type CalendarDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: CalendarDate): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The date `days` after (or before, when negative) `date`, on the proleptic Gregorian calendar. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function weekday(date: CalendarDate): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/**
 * China's working calendar: public holidays off, 调休 Saturdays and Sundays on, as the holiday library says,
 * with the admin's overrides (a year the library does not know yet, or a local arrangement) taking precedence.
 * Pure: the overrides are handed in; the caller loads them from `calendar_overrides`.
 */
export class WorkingCalendar {
  private readonly overrides: ReadonlyMap<CalendarDate, CalendarDayKind>;

  constructor(overrides: Iterable<{ date: CalendarDate; kind: CalendarDayKind }> = []) {
    this.overrides = new Map([...overrides].map((o) => [o.date, o.kind]));
  }

  /** Whether the holiday library knows the year (otherwise only overrides and weekends decide). */
  static libraryKnows(year: number): boolean {
    return year >= LIBRARY_FIRST_YEAR && year <= LIBRARY_LAST_YEAR;
  }

  isWorkday(date: CalendarDate): boolean {
    const override = this.overrides.get(date);
    if (override) return override === 'workday';
    if (WorkingCalendar.libraryKnows(parts(date)[0])) return libraryIsWorkday(date);
    const wd = weekday(date);
    return wd !== 0 && wd !== 6;
  }

  /** The holiday's name the library gives a date (e.g. "National Day,国庆节,3"), or null. */
  holidayName(date: CalendarDate): string | null {
    if (this.overrides.has(date) || !WorkingCalendar.libraryKnows(parts(date)[0])) return null;
    const detail = getDayDetail(date);
    return /,/.test(detail.name) ? detail.name : null;
  }

  /**
   * The `n`-th working day after `date`, not counting `date` itself: a question of an interview held on a
   * Monday before a normal week is due on the Monday after (5 working days). n ≥ 1.
   */
  addWorkingDays(date: CalendarDate, n: number): CalendarDate {
    if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}`);
    let d = date;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (this.isWorkday(d)) left -= 1;
    }
    return d;
  }

  /**
   * Working days from `from` to `to`: the working days in (from, to], so a reply on the next working day took 1,
   * one on the same day 0. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkday(d)) count += 1;
    return count;
  }
}
