import type { InterviewStaff } from '../../shared/schemas/interview.js';
import type { PreviewWarning } from '../../shared/schemas/preview.js';
import { wallClock } from '../../shared/time.js';

const DAY_MS = 86_400_000;

/** Days between two instants' calendar days on the site's clock (today → 0, tomorrow → 1). */
export function calendarDaysUntil(now: Date, start: Date, zone: string): number {
  const day = (d: Date) => {
    const w = wallClock(d, zone);
    return Date.UTC(w.year, w.month - 1, w.day);
  };
  return Math.max(0, Math.round((day(start) - day(now)) / DAY_MS));
}

/**
 * The interviews the studio warns about: not yet broadcast (draft or scheduled), starting from now to less
 * than `warnDays` days ahead, without a published preview (预告 is due a week ahead). A draft counts: it is
 * still planned for that day, and needs scheduling as well as a preview. Soonest first.
 */
export function previewWarnings(
  interviews: readonly InterviewStaff[],
  published: ReadonlySet<number>,
  now: Date,
  warnDays: number,
  zone: string,
): PreviewWarning[] {
  const horizon = now.getTime() + warnDays * DAY_MS;
  return interviews
    .filter((i) => i.status === 'draft' || i.status === 'scheduled')
    .filter((i) => !published.has(i.id))
    .filter((i) => {
      const start = Date.parse(i.scheduledStart);
      return start >= now.getTime() && start < horizon;
    })
    .sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart))
    .map((i) => ({
      interviewId: i.id,
      title: i.title,
      unit: i.unit,
      scheduledStart: i.scheduledStart,
      daysLeft: calendarDaysUntil(now, new Date(i.scheduledStart), zone),
    }));
}
