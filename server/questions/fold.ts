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
// highlight must never split what the reader sees as one character.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Folds `text` one grapheme at a time with `foldGrapheme`, recording where each folded unit came from. */
export function foldText(text: string, foldGrapheme: (grapheme: string) => string): FoldedText {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  for (const { segment, index } of graphemes.segment(text)) {
    const folded = foldGrapheme(segment);
    out += folded;
    for (let i = 0; i < folded.length; i++) {
      from.push(index);
      to.push(index + segment.length);
    }
  }
  return { text: out, from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** The stretch of the original behind folded units [start, end): from the first one's grapheme to the last one's. */
export function originalRange(folded: FoldedText, start: number, end: number): Range {
  return { start: folded.from[start]!, end: folded.to[end - 1]! };
}
