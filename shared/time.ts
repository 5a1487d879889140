/**
 * The site's clock. An interview happens at a place (Beijing time for a Chinese portal), so every screen
 * shows and takes times on that clock, whatever zone the reader's device is set to. Pure: Intl only, no DOM.
 */

/** The zone a site uses unless SITE_TIMEZONE says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Names the tz database keeps for China's one zone (UTC+8, no daylight saving). */
const BEIJING_ZONES = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Chungking', 'Asia/Harbin', 'PRC']);

/** Whether the zone is Beijing time (北京时间), which staff and netizens call by that name. */
export function isBeijingTime(zone: string): boolean {
  return BEIJING_ZONES.has(zone);
}

/**
 * The zone's canonical IANA name (`asia/shanghai` → `Asia/Shanghai`), or null when it is not one: a
 * fixed offset such as `+08:00` is refused, because it would ignore the zone's daylight-saving rules.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** What a clock on the wall in `zone` shows at the instant `date`. */
export function wallClock(date: Date, zone: string): WallClock {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormats.set(zone, format);
  }
  const p = Object.fromEntries(format.formatToParts(date).map((x) => [x.type, Number(x.value)]));
  return { year: p.year ?? 0, month: p.month ?? 1, day: p.day ?? 1, hour: p.hour ?? 0, minute: p.minute ?? 0, second: p.second ?? 0 };
}

/** The zone's offset from UTC at an instant, in minutes (Asia/Shanghai: 480). */
export function offsetMinutes(date: Date, zone: string): number {
  const w = wallClock(date, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An offset as ISO 8601 writes it: `+08:00`, `-05:00`. */
export function isoOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An offset as people read it: `UTC+8`, `UTC+5:30`, `UTC-3`, `UTC`. */
export function utcOffsetText(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

/** An instant as the value of `<input type="datetime-local">` on the site's clock: `2026-05-08T10:00`. */
export function toWallClockInput(iso: string, zone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const w = wallClock(d, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const WALL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value read on the site's clock, as ISO 8601 with that zone's offset
 * (`2026-05-08T10:00` in Asia/Shanghai → `2026-05-08T10:00:00+08:00`), whatever the browser's own zone.
 * A time skipped by a daylight-saving jump moves forward with the clock; a repeated one takes the first.
 * An empty or broken value is passed through for the server to refuse with a field error.
 */
export function fromWallClockInput(value: string, zone: string): string {
  const m = WALL_INPUT.exec(value);
  if (!m) return value;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(wall)) return value;
  // The offset depends on the instant: try the zone's offsets half a day either side (a zone changes
  // offset at most once a day) and keep the instant whose clock reads what was typed.
  const candidates = [offsetMinutes(new Date(wall - 12 * 3600_000), zone), offsetMinutes(new Date(wall + 12 * 3600_000), zone)].map(
    (offset) => wall - offset * 60_000,
  );
  const reads = (t: number) => t + offsetMinutes(new Date(t), zone) * 60_000 === wall;
  const fitting = candidates.filter(reads);
  // A repeated hour fits twice: the first. A skipped hour fits never: the earlier offset, so the clock moves on.
  const instant = fitting.length > 0 ? Math.min(...fitting) : candidates[0]!;
  const at = new Date(instant);
  const w = wallClock(at, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${isoOffset(offsetMinutes(at, zone))}`;
}

/** The zone's name in a language, as Intl knows it (`Europe/Berlin` → `Central European Time`), else its id. */
export function zoneDisplayName(zone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
}

/** The date an instant falls on in the site's zone, `YYYY-MM-DD`: 受理日期, 答复日期 and "today" are such days. */
export function siteDate(instant: Date, zone: string): string {
  const w = wallClock(instant, zone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
