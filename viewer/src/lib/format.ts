import { lang, t } from './i18n.js';

/**
 * Dates and times as the portal's readers expect them: always in Beijing time (Asia/Shanghai),
 * whatever the device's own time zone, because the interview happens in Beijing time.
 */
const TIME_ZONE = 'Asia/Shanghai';
const locale = lang === 'en' ? 'en-GB' : 'zh-CN';

const dateFormat = new Intl.DateTimeFormat(locale, {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});
const timeFormat = new Intl.DateTimeFormat(locale, {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const shortFormat = new Intl.DateTimeFormat(locale, {
  timeZone: TIME_ZONE,
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function valid(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2025年11月24日周一 14:00（北京时间）" or "Mon, 24 November 2025 14:00 (Beijing time)". */
export function formatDateTime(iso: string): string {
  const d = valid(iso);
  if (!d) return iso;
  return `${dateFormat.format(d)} ${timeFormat.format(d)}${zoneNote()}`;
}

/** The scheduled slot; the date is written once when start and end fall on the same Beijing day. */
export function formatRange(startIso: string, endIso: string): string {
  const start = valid(startIso);
  const end = valid(endIso);
  if (!start) return startIso;
  if (!end) return formatDateTime(startIso);
  const startDay = dateFormat.format(start);
  const endDay = dateFormat.format(end);
  const until = endDay === startDay ? timeFormat.format(end) : `${endDay} ${timeFormat.format(end)}`;
  return `${startDay} ${timeFormat.format(start)}–${until}${zoneNote()}`;
}

/** A compact stamp for list items: "11/24 14:05". */
export function formatShort(iso: string): string {
  const d = valid(iso);
  return d ? shortFormat.format(d) : iso;
}

function zoneNote(): string {
  return lang === 'en' ? ` (${t('common.beijingTime')})` : `（${t('common.beijingTime')}）`;
}
