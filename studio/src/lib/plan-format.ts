import type { Language } from './i18n/index.svelte.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A calendar date (`2026-05-08`) as people write it: 5月8日 / 8 May. Dates, not instants: read as UTC. */
export function formatDay(date: string, lang: Language): string {
  let f = formats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    formats.set(lang, f);
  }
  return f.format(new Date(`${date}T00:00:00Z`));
}

/** A plan row's window: one day, or first–last. */
export function formatWindow(start: string, end: string, lang: Language): string {
  return start === end ? formatDay(start, lang) : `${formatDay(start, lang)}–${formatDay(end, lang)}`;
}

/** The months (1–12) a window touches in its year. */
export function monthsOf(start: string, end: string): number[] {
  const from = Number(start.slice(5, 7));
  const to = Number(end.slice(5, 7));
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
