import type { SensitiveMatch } from '../../shared/schemas/question.js';
import { foldText, isSimpleText, originalRange, type Range } from './fold.js';
import { WordMatcher } from './word-matcher.js';

export { maskPersonalData, type MaskResult } from './personal-data.js';

// The tricks used to slip a word past a filter: full-width letters (NFKC), case, and spaces, punctuation
// or symbols stuffed between characters ("法 轮", "代.开.发.票", "刻-章").
const IGNORED = /[\s\p{P}\p{S}]+/gu;
const foldForWords = (text: string): string => text.normalize('NFKC').toLowerCase().replace(IGNORED, '');

/** Folds what a filter should see through: full-width letters, case, and inserted spaces or punctuation. */
export function normalizeForMatching(text: string): string {
  // Grapheme by grapheme, exactly as locate() folds a question, so a word and its match fold alike. Where
  // every code point is its own grapheme the whole string folds at once: seven times faster, which a
  // 50,000-word list notices.
  return isSimpleText(text) ? foldForWords(text) : foldText(text, foldForWords).text;
}

/** One listed word found in a text, and the stretch of the text it covers (inserted spaces included). */
export interface WordHit extends Range {
  word: string;
}

/** The configured sensitive-word list, compiled once; Chinese has no word boundaries, so it matches anywhere. */
export class SensitiveWordFilter {
  private readonly matcher: WordMatcher | null;
  /** The listed spelling of each pattern, by pattern index: reviewers see the word as the list has it. */
  private readonly listed: string[];

  constructor(words: readonly string[]) {
    const byPattern = new Map<string, string>();
    for (const word of words) {
      const pattern = normalizeForMatching(word);
      if (pattern.length > 0 && !byPattern.has(pattern)) byPattern.set(pattern, word.trim());
    }
    this.listed = [...byPattern.values()];
    this.matcher = byPattern.size > 0 ? new WordMatcher([...byPattern.keys()]) : null;
  }

  /** Every occurrence of a listed word, as a stretch of `text` itself, in reading order. */
  locate(text: string): WordHit[] {
    if (!this.matcher || text === '') return [];
    const folded = foldText(text, foldForWords);
    return this.matcher
      .search(folded.text)
      .map((m) => ({ word: this.listed[m.pattern]!, ...originalRange(folded, m.start, m.end) }))
      .sort((a, b) => a.start - b.start || b.end - a.end);
  }

  /** The distinct listed words found in the text, in the order they first appear. */
  find(text: string): string[] {
    return [...new Set(this.locate(text).map((h) => h.word))];
  }
}

const rangesOf = (hits: readonly WordHit[], word: string): Range[] =>
  hits.filter((h) => h.word === word).map(({ start, end }) => ({ start, end }));

/**
 * Where each listed word sits in a question's original wording, public wording and display name, so the
 * studio marks exactly what matched instead of searching again by its own rule.
 */
export function locateSensitiveWords(filter: SensitiveWordFilter, texts: { original: string; public: string; nickname: string }): SensitiveMatch[] {
  const original = filter.locate(texts.original);
  const nickname = filter.locate(texts.nickname);
  const words = [...new Set([...original, ...nickname].map((h) => h.word))];
  return relocatePublic(
    filter,
    words.map((word) => ({ word, original: rangesOf(original, word), public: [], nickname: rangesOf(nickname, word) })),
    texts.public,
  );
}

/** The same matches with their public ranges found again in a new public wording (after a reviewer's edit). */
export function relocatePublic(filter: SensitiveWordFilter, matches: readonly SensitiveMatch[], publicText: string): SensitiveMatch[] {
  const hits = filter.locate(publicText);
  return matches.map((m) => ({ ...m, public: rangesOf(hits, m.word) }));
}

// Particles and politeness that every question shares; left in, they make unrelated questions look alike.
// Digits are dropped too: a phone number or a year says nothing about the topic.
const FILLER = /[请问吗呢吧啊呀的了么0-9]/g;

/** Character bigrams of the normalized text without fillers: the unit that survives Chinese rewording best. */
export function bigrams(text: string): Set<string> {
  const chars = [...normalizeForMatching(text).replace(FILLER, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) grams.add(chars[0]!);
  return grams;
}

/** How much of the shorter question must reappear in the longer to count as asked again. */
const CONTAINMENT_THRESHOLD = 0.8;
const CONTAINMENT_MIN_GRAMS = 6;

/**
 * Similarity from counts, 0..1: the Dice coefficient, or, when most of a question of some length
 * reappears inside a longer one (the same question with more added), the share that reappears.
 */
function score(shared: number, sizeA: number, sizeB: number): number {
  const small = Math.min(sizeA, sizeB);
  const dice = (2 * shared) / (sizeA + sizeB);
  const containment = shared / small;
  return small >= CONTAINMENT_MIN_GRAMS && containment >= CONTAINMENT_THRESHOLD ? Math.max(dice, containment) : dice;
}

/** Similarity of two bigram sets, 0..1 (see score). */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const g of small) if (large.has(g)) shared++;
  return score(shared, a.size, b.size);
}

export const DUPLICATE_THRESHOLD = 0.5;

export interface Fingerprint {
  id: number;
  grams: Set<string>;
}

/** The most similar earlier question above the threshold, if any. */
export function findDuplicate(
  grams: Set<string>,
  earlier: readonly Fingerprint[],
  threshold = DUPLICATE_THRESHOLD,
): { id: number; similarity: number } | null {
  if (grams.size < 3) return null; // too short to call anything a duplicate
  let best: { id: number; similarity: number } | null = null;
  for (const e of earlier) {
    const s = similarity(grams, e.grams);
    if (s >= threshold && (!best || s > best.similarity)) best = { id: e.id, similarity: Math.round(s * 100) / 100 };
  }
  return best;
}

/**
 * The recent questions of one interview, indexed by bigram, so a new question is compared only with
 * those it shares a bigram with: far fewer than the whole window (see bench/RESULTS.md).
 */
export class DuplicateIndex {
  private readonly gramsById = new Map<number, Set<string>>();
  private readonly postings = new Map<string, Set<number>>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.gramsById.size;
  }

  add(id: number, grams: Set<string>): void {
    this.gramsById.set(id, grams);
    for (const g of grams) {
      let ids = this.postings.get(g);
      if (!ids) this.postings.set(g, (ids = new Set()));
      ids.add(id);
    }
    if (this.gramsById.size > this.capacity) {
      const [oldest, oldGrams] = this.gramsById.entries().next().value!;
      this.gramsById.delete(oldest);
      for (const g of oldGrams) {
        const ids = this.postings.get(g)!;
        ids.delete(oldest);
        if (ids.size === 0) this.postings.delete(g);
      }
    }
  }

  /** The most similar indexed question at or above the threshold, as findDuplicate would pick it. */
  find(grams: Set<string>, threshold = DUPLICATE_THRESHOLD): { id: number; similarity: number } | null {
    if (grams.size < 3) return null;
    const shared = new Map<number, number>();
    for (const g of grams) for (const id of this.postings.get(g) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    let best: { id: number; similarity: number } | null = null;
    for (const [id, n] of shared) {
      const s = score(n, grams.size, this.gramsById.get(id)!.size);
      if (s >= threshold && (!best || s > best.similarity || (s === best.similarity && id < best.id))) {
        best = { id, similarity: Math.round(s * 100) / 100 };
      }
    }
    return best;
  }
}
