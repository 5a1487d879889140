import { isBeijingTime, zoneDisplayName } from './contract.js';
import { lang, t } from './i18n.js';
import { site } from './site.svelte.js';

/**
 * Dates and times as the portal's readers expect them: always on the site's clock (Beijing time unless
 * the site says otherwise), whatever the device's own time zone, because the interview happens there.
 */
const locale = lang === 'en' ? 'en-GB' : 'zh-CN';

const STYLES = {
  date: { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  short: { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Reads `site.timeZone` on every call, so a time on screen follows the server's answer. */
function format(style: keyof typeof STYLES, d: Date): string {
  const key = `${style}|${site.timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone: site.timeZone });
    formats.set(key, f);
  }
  return f.format(d);
}

function valid(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2025年11月24日周一 14:00（北京时间）" or "Mon, 24 November 2025 14:00 (Beijing time, UTC+8)". */
export function formatDateTime(iso: string): string {
  const d = valid(iso);
  if (!d) return iso;
  return `${format('date', d)} ${format('time', d)}${zoneNote()}`;
}

/** The scheduled slot; the date is written once when start and end fall on the same day on the site's clock. */
export function formatRange(startIso: string, endIso: string): string {
  const start = valid(startIso);
  const end = valid(endIso);
  if (!start) return startIso;
  if (!end) return formatDateTime(startIso);
  const startDay = format('date', start);
  const endDay = format('date', end);
  const until = endDay === startDay ? format('time', end) : `${endDay} ${format('time', end)}`;
  return `${startDay} ${format('time', start)}–${until}${zoneNote()}`;
}

/** A compact stamp for list items: "11/24 14:05". */
export function formatShort(iso: string): string {
  const d = valid(iso);
  return d ? format('short', d) : iso;
}

function zoneNote(): string {
  const zone = site.timeZone;
  const label = isBeijingTime(zone) ? t('common.beijingTime') : t('common.otherZone', { name: zoneDisplayName(zone, locale), zone });
  return lang === 'en' ? ` (${label})` : `（${label}）`;
}

/** A point on the broadcast clock (ms since it first went live): "12:05", or "1:02:05" past the hour. */
export function formatBroadcastClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}
