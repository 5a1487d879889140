import AhoCorasick from 'modern-ahocorasick';
import type { PersonalDataKind } from '../../shared/schemas/question.js';

/**
 * Folds the tricks used to slip a word past a filter: full-width letters (NFKC), case, and spaces or
 * punctuation stuffed between characters ("法 轮", "代.开.发.票").
 */
export function normalizeForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** The configured sensitive-word list, compiled once; Chinese has no word boundaries, so it matches anywhere. */
export class SensitiveWordFilter {
  private readonly matcher: AhoCorasick | null;

  constructor(words: readonly string[]) {
    const patterns = [...new Set(words.map(normalizeForMatching).filter((w) => w.length > 0))];
    this.matcher = patterns.length > 0 ? new AhoCorasick(patterns) : null;
  }

  /** The distinct listed words found in the text, in the order they first appear. */
  find(text: string): string[] {
    if (!this.matcher) return [];
    const found = this.matcher.search(normalizeForMatching(text)).map((m) => m.pattern);
    return [...new Set(found)];
  }
}

// Personal data that must never reach a public page (mainland formats). Digit look-arounds keep a phone
// number from matching inside a longer number such as an ID.
const ID_CARD = /(?<![\dA-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
const MOBILE = /(?<!\d)(?:(?:\+|00)?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

function maskIdCard(s: string): string {
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

function maskMobile(s: string): string {
  const digits = s.replace(/\D/g, '').slice(-11);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

function maskEmail(s: string): string {
  const at = s.indexOf('@');
  return `${s.slice(0, 1)}***${s.slice(at)}`;
}

export interface MaskResult {
  text: string;
  found: PersonalDataKind[];
}

/** Masks ID-card numbers, mobile numbers and emails in public text and says which kinds it found. */
export function maskPersonalData(text: string): MaskResult {
  const found = new Set<PersonalDataKind>();
  const masked = text
    .replace(ID_CARD, (m) => (found.add('idcard'), maskIdCard(m)))
    .replace(MOBILE, (m) => (found.add('mobile'), maskMobile(m)))
    .replace(EMAIL, (m) => (found.add('email'), maskEmail(m)));
  return { text: masked, found: [...found] };
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
