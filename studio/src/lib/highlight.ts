export interface Segment {
  text: string;
  hit: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits `text` so the sensitive words screening found can be marked. Longer words win where they overlap,
 * and matching ignores case, like the server's screening (no word boundaries in Chinese).
 */
export function highlight(text: string, words: readonly string[]): Segment[] {
  const list = [...new Set(words.filter((w) => w.trim() !== ''))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return [{ text, hit: false }];
  const re = new RegExp(list.map(escape).join('|'), 'gi');
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at), hit: false });
    out.push({ text: m[0], hit: true });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}
