/** A program time as the editor reads it: m:ss.mmm, or h:mm:ss.mmm past an hour. */
export function formatMs(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${h > 0 ? `${h}:${pad(m)}` : m}:${pad(s)}.${pad(t % 1000, 3)}`;
}

/** Reads m:ss.mmm, h:mm:ss.mmm or plain seconds (1.5) back into ms; null when it is neither. */
export function parseTime(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number((m[4] ?? '0').padEnd(3, '0'));
}
