/** One occurrence of a pattern: its index in the list and its [start, end) in the searched text. */
export interface PatternHit {
  pattern: number;
  start: number;
  end: number;
}

/**
 * Finds listed words in a folded text by looking up, at every position, each length a listed word has.
 * Sensitive words are short and come in few lengths, and a question is at most a few hundred characters,
 * so a search is some thousands of hash lookups (1–2 ms for 600 characters against 50,000 words). Compiling
 * is filling one map: about 0.1 s for a 50,000-word list, folding included, where modern-ahocorasick
 * (grapheme splitting with Intl.Segmenter) took 2.3 s and a trie in plain JavaScript 0.3 s, each time the
 * list changed, with the server answering no one meanwhile.
 */
export class WordMatcher {
  private readonly index = new Map<string, number>();
  private readonly lengths: number[];

  constructor(patterns: readonly string[]) {
    patterns.forEach((p, i) => {
      if (p.length > 0 && !this.index.has(p)) this.index.set(p, i);
    });
    this.lengths = [...new Set([...this.index.keys()].map((p) => p.length))].sort((a, b) => a - b);
  }

  /** Every occurrence of every pattern, overlaps included, by start and then length. */
  search(text: string): PatternHit[] {
    const hits: PatternHit[] = [];
    for (let start = 0; start < text.length; start++) {
      for (const length of this.lengths) {
        if (start + length > text.length) break;
        const pattern = this.index.get(text.slice(start, start + length));
        if (pattern !== undefined) hits.push({ pattern, start, end: start + length });
      }
    }
    return hits;
  }
}
