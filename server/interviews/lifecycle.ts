/**
 * The broadcast's life after the fact: ending is final for hosts and directors, but an admin may reopen
 * an interview ended by mistake until the end of the day it ended on. "The day" is the calendar day in
 * the site's zone, not in UTC: a show that ends at 23:30 Beijing time may be reopened for half an hour,
 * not until 08:00 the next morning.
 */

/** The site's zone for calendar rules. Beijing time, as the viewer and the audit log already show. */
export const SITE_TIME_ZONE = 'Asia/Shanghai';

/** The offset of `timeZone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The first instant of the day after the one `instant` falls on, in `timeZone`. */
export function endOfDay(instant: Date, timeZone = SITE_TIME_ZONE): Date {
  const local = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
  const nextMidnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  // The offset at midnight itself may differ from the one at `instant` where the zone has summer time.
  let end = nextMidnightAsUtc - offsetAt(nextMidnightAsUtc, timeZone);
  end = nextMidnightAsUtc - offsetAt(end, timeZone);
  return new Date(end);
}

/** Until when an interview that ended at `endedAt` may be reopened; null when it has not ended. */
export function reopenDeadline(endedAt: string | null, timeZone = SITE_TIME_ZONE): string | null {
  if (!endedAt) return null;
  const ended = new Date(endedAt);
  if (Number.isNaN(ended.getTime())) return null;
  return endOfDay(ended, timeZone).toISOString();
}
