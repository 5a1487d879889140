import type { PersonalDataKind } from '../../shared/schemas/question.js';
import { foldText, originalRange, type FoldedText, type Range } from './fold.js';

// Personal data never reaches a public page in any of the ways netizens actually type it: what Chinese
// input methods produce in full-width mode (１３８, ＠, ．, 。), digits spaced or dotted into groups,
// numbers spelled in Chinese numerals to get past a filter (一三八…, 幺 for 1, 〇/零 for 0, 大写 壹贰叁).

/** NFKC makes full-width digits, letters, ＠, ．, （ and circled digits (①) plain. */
const foldForData = (grapheme: string): string => grapheme.normalize('NFKC');

const CHINESE_DIGITS: Record<string, string> = Object.fromEntries(
  ['〇○零', '一幺壹', '二贰', '三叁', '四肆', '五伍', '六陆', '七柒', '八捌', '九玖'].flatMap((chars, digit) => [...chars].map((c) => [c, String(digit)])),
);

/**
 * What may stand between the digit groups of one number: spaces, dots (also 。 and ·), dashes, slashes,
 * brackets round an area code, the + of +86. Not commas: 13,456,789,012元 is an amount, not a phone.
 */
const SEPARATOR = /^[\s.。·•・\-‐‑‒–—―−_/\\()[\]【】+~]{1,3}$/u;

// Whole-number patterns, tried on the digits of a run of groups once separators are dropped.
const ID_CARD = /^[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;
const MOBILE = /^(?:(?:00)?86)?1[3-9]\d{9}$/;
// Area code (010, 02x or a 0 and three digits) and a 7–8 digit local number. Without an area code a
// 7–8 digit number is as likely an amount or a document number, so it is left alone.
const LANDLINE = /^0(?:10|2\d|[3-9]\d{2})[1-9]\d{6,7}$/;
// Card numbers start 3 (JCB, Amex), 4 (Visa), 5 (Mastercard), 6 (UnionPay 银联) or 9 (older domestic
// debit cards); with the Luhn check that keeps order numbers and other long figures readable.
const BANK_CARD = /^[3-69]\d{15,18}$/;
const MAX_DIGITS = 19;

// Local part, @ (spaces around it allowed), labels separated by . or the 。 a Chinese IME types.
const EMAIL = /[A-Za-z0-9._%+-]+\s?@\s?[A-Za-z0-9-]+(?:[.。][A-Za-z0-9-]+)*[.。][A-Za-z]{2,}/g;

/** The Luhn checksum every bank card number satisfies (and 9 in 10 other long numbers do not). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

type DigitKind = Exclude<PersonalDataKind, 'email'>;

function classify(digits: string): DigitKind | null {
  if (ID_CARD.test(digits)) return 'idcard';
  if (BANK_CARD.test(digits) && luhn(digits)) return 'bankcard';
  if (MOBILE.test(digits)) return 'mobile';
  if (LANDLINE.test(digits)) return 'landline';
  return null;
}

/** What is shown instead: enough to recognise one's own number, not enough to call it. */
function mask(kind: DigitKind, d: string): string {
  switch (kind) {
    case 'idcard':
      return `${d.slice(0, 3)}${'*'.repeat(11)}${d.slice(-4)}`;
    case 'bankcard':
      return `${d.slice(0, 4)}${'*'.repeat(d.length - 8)}${d.slice(-4)}`;
    case 'mobile': {
      const n = d.slice(-11);
      return `${n.slice(0, 3)}****${n.slice(-4)}`;
    }
    case 'landline': {
      const area = /^0[12]/.test(d) ? 3 : 4;
      return `${d.slice(0, area)}-${'*'.repeat(d.length - area - 2)}${d.slice(-2)}`;
    }
  }
}

function maskEmail(match: string): string {
  const [local = '', domain = ''] = match.split('@').map((s) => s.trim());
  return `${local.slice(0, 1)}***@${domain.replace(/。/g, '.')}`;
}

/** A run of digits of one script (arabic or Chinese), in folded units. */
interface DigitGroup {
  start: number;
  end: number;
  digits: string;
  chinese: boolean;
  /** Followed by an X that may be an ID card's check digit (11010519491231002X). */
  x: boolean;
}

function digitGroups(text: string, blocked: Uint8Array): DigitGroup[] {
  const groups: DigitGroup[] = [];
  const digitAt = (i: number): { d: string; chinese: boolean } | null => {
    if (blocked[i]) return null;
    const c = text[i]!;
    if (c >= '0' && c <= '9') return { d: c, chinese: false };
    const z = CHINESE_DIGITS[c];
    return z ? { d: z, chinese: true } : null;
  };
  for (let i = 0; i < text.length; ) {
    const first = digitAt(i);
    if (!first) {
      i++;
      continue;
    }
    const start = i;
    let digits = '';
    for (let d: ReturnType<typeof digitAt> = first; d && d.chinese === first.chinese; d = digitAt(++i)) digits += d.d;
    // The X of 11010519491231002X may end the number only when no letter or digit follows it.
    const x = !first.chinese && /[Xx]/.test(text[i] ?? '') && !/[A-Za-z0-9]/.test(text[i + 1] ?? '');
    groups.push({ start, end: i, digits, chinese: first.chinese, x });
  }
  return groups;
}

/** Whether two neighbouring groups read as parts of one number (138 1234 5678, 138一二三四5678). */
function linked(text: string, a: DigitGroup, b: DigitGroup): boolean {
  const gap = text.slice(a.end, b.start);
  return gap === '' ? a.chinese !== b.chinese : SEPARATOR.test(gap);
}

/** Widens a masked number over the + of +86 and an opening bracket whose closing one it already covers. */
function widen(text: string, start: number, end: number): number {
  let s = start;
  if (text[s - 1] === '+') s--;
  if (text[s - 1] === '(' && text.slice(s, end).includes(')')) s--;
  return s;
}

interface Finding extends Range {
  kind: PersonalDataKind;
  replacement: string;
}

function findEmails(folded: FoldedText, blocked: Uint8Array): Finding[] {
  const out: Finding[] = [];
  for (const m of folded.text.matchAll(EMAIL)) {
    const at = m.index;
    blocked.fill(1, at, at + m[0].length);
    out.push({ kind: 'email', replacement: maskEmail(m[0]), ...originalRange(folded, at, at + m[0].length) });
  }
  return out;
}

/** Numbers: each the longest run of linked digit groups, from its first group, that reads as personal data. */
function findNumbers(folded: FoldedText, blocked: Uint8Array): Finding[] {
  const text = folded.text;
  const groups = digitGroups(text, blocked);
  const out: Finding[] = [];
  for (let i = 0; i < groups.length; ) {
    let best: { last: number; kind: DigitKind; digits: string; end: number } | null = null;
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      const group = groups[j]!;
      if (j > i && !linked(text, groups[j - 1]!, group)) break;
      digits += group.digits;
      if (digits.length > MAX_DIGITS) break;
      if (group.x && ID_CARD.test(`${digits}X`)) best = { last: j, kind: 'idcard', digits: `${digits}X`, end: group.end + 1 };
      else {
        const kind = classify(digits);
        if (kind) best = { last: j, kind, digits, end: group.end };
      }
      if (group.x) break; // an X ends the number, whether or not it was an ID's
    }
    if (!best) {
      i++;
      continue;
    }
    const end = best.end;
    const start = widen(text, groups[i]!.start, end);
    out.push({ kind: best.kind, replacement: mask(best.kind, best.digits), ...originalRange(folded, start, end) });
    i = best.last + 1;
  }
  return out;
}

export interface MaskResult {
  text: string;
  found: PersonalDataKind[];
}

// The shortest number masked has ten digits (010 and a 7-digit number); most questions have fewer, and
// no @, so they skip the folding (a few microseconds on every submission).
const DIGIT_LIKE = /[0-9〇○零一幺壹二贰三叁四肆五伍六陆七柒八捌九玖]/g;
const MIN_DIGITS = 10;

function mayHoldPersonalData(text: string): boolean {
  const plain = text.normalize('NFKC');
  return plain.includes('@') || (plain.match(DIGIT_LIKE)?.length ?? 0) >= MIN_DIGITS;
}

/**
 * Masks ID-card, mobile, landline and bank-card numbers and emails in public text, however they were
 * typed, and says which kinds it found. Masked text stays masked when masked again.
 */
export function maskPersonalData(text: string): MaskResult {
  if (!mayHoldPersonalData(text)) return { text, found: [] };
  const folded = foldText(text, foldForData);
  const blocked = new Uint8Array(folded.text.length);
  // Emails first: the digits of 13812345678@qq.com are an address, not a phone number.
  const findings = [...findEmails(folded, blocked), ...findNumbers(folded, blocked)].sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  for (const f of findings) {
    out += text.slice(last, f.start) + f.replacement;
    last = f.end;
  }
  return { text: out + text.slice(last), found: [...new Set(findings.map((f) => f.kind))] };
}
