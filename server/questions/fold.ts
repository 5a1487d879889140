/**
 * Text folded for matching, with the way back: screening matches a folded copy (full-width letters and
 * digits made plain, spaces and punctuation dropped …) but must mask and highlight the text the netizen
 * typed, so every folded UTF-16 unit remembers which stretch of the original it came from.
 */
export interface FoldedText {
  /** The folded text that patterns are matched against. */
  readonly text: string;
  /** For each unit of `text`: start (inclusive) of the original grapheme it came from. */
  readonly from: Int32Array;
  /** For each unit of `text`: end (exclusive) of the original grapheme it came from. */
  readonly to: Int32Array;
}

/** A [start, end) stretch of the original text, in UTF-16 units (what String#slice takes). */
export interface Range {
  start: number;
  end: number;
}

// Graphemes, not code points: NFKC and case folding must see a letter with its combining marks, and a
// highlight must never split what the reader sees as one character. Intl.Segmenter costs tens of
// microseconds a call, though, so text without combining marks, joiners or Hangul jamo (where every code
// point is its own grapheme) is folded code point by code point, each fold remembered: a question is
// screened on every submission, and most are plain Chinese.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const COMPOSING = /[\p{M}\u200c\u200d\u1100-\u11ff]/u;
const CACHE_LIMIT = 50_000;
const caches = new WeakMap<(g: string) => string, Map<string, string>>();

/** Whether every code point of `text` is a grapheme of its own, so folding it piecewise changes nothing. */
export function isSimpleText(text: string): boolean {
  return !COMPOSING.test(text);
}

/** Folds `text` one grapheme at a time with `foldGrapheme`, recording where each folded unit came from. */
export function foldText(text: string, foldGrapheme: (grapheme: string) => string): FoldedText {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  const push = (segment: string, index: number, folded: string): void => {
    out += folded;
    for (let i = 0; i < folded.length; i++) {
      from.push(index);
      to.push(index + segment.length);
    }
  };
  if (isSimpleText(text)) {
    let cache = caches.get(foldGrapheme);
    if (!cache) caches.set(foldGrapheme, (cache = new Map()));
    if (cache.size > CACHE_LIMIT) cache.clear();
    let index = 0;
    for (const c of text) {
      let folded = cache.get(c);
      if (folded === undefined) cache.set(c, (folded = foldGrapheme(c)));
      push(c, index, folded);
      index += c.length;
    }
  } else {
    for (const { segment, index } of graphemes.segment(text)) push(segment, index, foldGrapheme(segment));
  }
  return { text: out, from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** The stretch of the original behind folded units [start, end): from the first one's grapheme to the last one's. */
export function originalRange(folded: FoldedText, start: number, end: number): Range {
  return { start: folded.from[start]!, end: folded.to[end - 1]! };
}
