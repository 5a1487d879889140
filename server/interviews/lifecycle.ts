/**
 * The broadcast's life after the fact: ending is final for hosts and directors, but an admin may reopen
 * an interview ended by mistake until the end of the day it ended on. "The day" is the calendar day in
 * the site's zone, not in UTC: a show that ends at 23:30 Beijing time may be reopened for half an hour,
 * not until 08:00 the next morning.
 */
import { DEFAULT_TIME_ZONE, fromWallClockInput, wallClock } from '../../shared/time.js';

/** The first instant of the day after the one `instant` falls on, on the site's clock. */
export function endOfDay(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const w = wallClock(instant, timeZone);
  // Date.UTC rolls the 32nd into the next month; only the calendar date is read from it.
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1)).toISOString().slice(0, 10);
  return new Date(fromWallClockInput(`${next}T00:00`, timeZone));
}

/** Until when an interview that ended at `endedAt` may be reopened; null when it has not ended. */
export function reopenDeadline(endedAt: string | null, timeZone: string = DEFAULT_TIME_ZONE): string | null {
  if (!endedAt) return null;
  const ended = new Date(endedAt);
  if (Number.isNaN(ended.getTime())) return null;
  return endOfDay(ended, timeZone).toISOString();
}
