import type { SensitiveMatch, TextRange } from '../../../shared/schemas/question.js';

/** A piece of a text: plain, or marked with the listed words screening found there. */
export interface Segment {
  text: string;
  /** The listed words this piece matched; empty for plain text. */
  words: string[];
}

/** Which text of a question the ranges are for (the flags keep ranges for each). */
export type MatchedText = Exclude<keyof SensitiveMatch, 'word'>;

/**
 * Splits `text` at the ranges the server's screening reported for it, so the studio marks exactly what
 * matched ("代 开 发 票" with its spaces) and never searches by a rule of its own. Overlapping matches
 * ("代开发票" and "发票") become one mark; ranges outside the text are ignored.
 */
export function highlight(text: string, matches: readonly SensitiveMatch[], part: MatchedText): Segment[] {
  const ranges = matches
    .flatMap((m) => m[part].map((r: TextRange) => ({ ...r, word: m.word })))
    .filter((r) => r.start < r.end && r.end <= text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let last = 0;
  for (const r of ranges) {
    const open = out.at(-1);
    if (open && open.words.length > 0 && r.start < last) {
      // Overlaps the mark before: widen it.
      if (r.end > last) open.text += text.slice(last, r.end);
      if (!open.words.includes(r.word)) open.words.push(r.word);
      last = Math.max(last, r.end);
      continue;
    }
    if (r.start > last) out.push({ text: text.slice(last, r.start), words: [] });
    out.push({ text: text.slice(r.start, r.end), words: [r.word] });
    last = r.end;
  }
  if (last < text.length || out.length === 0) out.push({ text: text.slice(last), words: [] });
  return out;
}
