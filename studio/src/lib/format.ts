import { fromWallClockInput, isBeijingTime, toWallClockInput, wallClock, zoneDisplayName } from '../../../shared/time.js';
import { t, type Language } from './i18n/index.svelte.js';
import { site } from './site.svelte.js';

/*
 * Every time the studio shows or takes is on the site's clock (site.timeZone, SITE_TIMEZONE on the server),
 * never the browser's: the viewer and the audit log read the same clock, so one event is one time everywhere.
 */

const pad = (n: number) => String(n).padStart(2, '0');

const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const STYLES = {
  hourMinute: CLOCK,
  clock: { ...CLOCK, second: '2-digit' },
  monthDayClock: { month: '2-digit', day: '2-digit', ...CLOCK },
  dateClock: { ...DATE, ...CLOCK },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

function format(style: keyof typeof STYLES, lang: Language, d: Date): string {
  const key = `${style}|${lang}|${site.timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { ...STYLES[style], timeZone: site.timeZone });
    formats.set(key, f);
  }
  return f.format(d);
}

function valid(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const dayOf = (d: Date) => {
  const w = wallClock(d, site.timeZone);
  return `${w.year}-${w.month}-${w.day}`;
};

/** The site's zone as staff call it: 北京时间 / Beijing time (UTC+8); another zone by its name and id. */
export function zoneLabel(lang: Language): string {
  const zone = site.timeZone;
  return isBeijingTime(zone) ? t('time.beijing') : t('time.zone', { name: zoneDisplayName(zone, lang), zone });
}

/** A question's time: hours, minutes and seconds today, with the date otherwise (the page states the zone). */
export function formatTime(iso: string, lang: Language): string {
  const d = valid(iso);
  if (!d) return iso;
  return format(dayOf(d) === dayOf(new Date()) ? 'clock' : 'monthDayClock', lang, d);
}

/** A full date and time with its zone, e.g. `2026/05/08 10:00 北京时间`. */
export function formatDateTime(iso: string, lang: Language): string {
  const d = valid(iso);
  if (!d) return iso;
  return `${format('dateClock', lang, d)} ${zoneLabel(lang)}`;
}

/** An interview's slot with its zone; the date is written once when both ends fall on the same day. */
export function formatRange(startIso: string, endIso: string, lang: Language): string {
  const start = valid(startIso);
  const end = valid(endIso);
  if (!start) return startIso;
  if (!end) return formatDateTime(startIso, lang);
  const until = dayOf(start) === dayOf(end) ? format('hourMinute', lang, end) : format('dateClock', lang, end);
  return `${format('dateClock', lang, start)}–${until} ${zoneLabel(lang)}`;
}

/** An ISO timestamp as the value of `<input type="datetime-local">`, on the site's clock. */
export function toLocalInput(iso: string): string {
  return toWallClockInput(iso, site.timeZone);
}

/**
 * A `datetime-local` value, typed on the site's clock, as ISO 8601 with the site zone's offset
 * (`2026-05-08T10:00:00+08:00`), whatever the browser's zone. A broken value is passed through for the server.
 */
export function fromLocalInput(value: string): string {
  return fromWallClockInput(value, site.timeZone);
}

/**
 * An audit time to the second on the site's clock (`2026-05-08 14:03:07`), whatever the browser's zone: the log
 * is evidence, so everyone reading it must see the same clock. The table's heading names the zone.
 */
export function formatAuditTime(iso: string): string {
  const d = valid(iso);
  if (!d) return iso;
  const w = wallClock(d, site.timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}
