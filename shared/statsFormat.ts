/** How the statistics' numbers are written on the page and in the report (pure, both languages alike). */
import { isBeijingTime, wallClock } from './time.js';

/** Seconds as h:mm:ss (watch time runs to hundreds of hours: the hours are not wrapped). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** A 0–1 rate as a percentage with one decimal, or an em dash when there is nothing to divide by. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** An average with up to two decimals, or an em dash when there is none. */
export function formatAverage(x: number | null): string {
  return x === null ? '—' : String(Math.round(x * 100) / 100);
}

/** An instant on the site's clock, as the report writes it: 2026-10-13 16:00（北京时间）. */
export function siteTime(iso: string, zone: string): string {
  const w = wallClock(new Date(iso), zone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}（${isBeijingTime(zone) ? '北京时间' : zone}）`;
}
