/**
 * The 时间 column of an annual plan (年度计划, 附件2 of the notices), read as a window of dates. The notices
 * write a month ("4月", "四月", "2026年4月"), a date ("5月8日", "2026-05-08", "2026年5月8日") or a window
 * ("5月8日—5月19日", "5月8日-19日", "4月至5月"). Pure: the studio may preview what the server will read.
 */

export type PlanTimeKind = 'month' | 'date' | 'window';

/** Why a 时间 cell cannot be a window of the plan's year. */
export const PLAN_TIME_PROBLEMS = ['time_empty', 'time_unreadable', 'time_invalid_date', 'time_outside_year', 'time_reversed'] as const;
export type PlanTimeProblem = (typeof PLAN_TIME_PROBLEMS)[number];

export type PlanTime =
  | { ok: true; kind: PlanTimeKind; start: string; end: string }
  | { ok: false; problem: PlanTimeProblem };

/** A point the text names: a whole month or one day, with the year when it was written. */
interface Point {
  year: number | null;
  month: number;
  day: number | null;
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "8", "08", "八", "十二", "二十一", "三十" → the number; null when it is none of these. */
function number(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const m = /^([一二三])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return null;
  if (!m[2]) return m[1] || !m[3] ? null : CN_DIGITS[m[3]]!;
  return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[3] ? CN_DIGITS[m[3]]! : 0);
}

const N = '(\\d{1,2}|[一二三十]{0,2}[一二三四五六七八九十])';
// A year written in digits, optionally with 年; a month with 月 (份); a day with 日 or 号.
const CN_POINT = new RegExp(`^(?:(\\d{4})年)?(?:${N}月份?)?(?:${N}[日号])?$`);
const ISO_POINT = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$/;

function point(text: string): Point | null {
  const iso = ISO_POINT.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: iso[3] === undefined ? null : Number(iso[3]) };
  const cn = CN_POINT.exec(text);
  if (!cn || (cn[2] === undefined && cn[3] === undefined)) return null;
  const month = cn[2] === undefined ? null : number(cn[2]);
  const day = cn[3] === undefined ? null : number(cn[3]);
  if ((cn[2] !== undefined && month === null) || (cn[3] !== undefined && day === null)) return null;
  // A bare day ("19日") only makes sense as a window's end, which borrows the start's month.
  return { year: cn[1] === undefined ? null : Number(cn[1]), month: month ?? 0, day };
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

type Range = { start: string; end: string } | PlanTimeProblem;

/** The first and last day a point covers in `year`, or why it cannot. */
function range(p: Point, year: number): Range {
  if (p.year !== null && p.year !== year) return 'time_outside_year';
  if (p.month < 1 || p.month > 12) return p.month === 0 ? 'time_unreadable' : 'time_invalid_date';
  const last = daysIn(year, p.month);
  if (p.day === null) return { start: `${year}-${pad(p.month)}-01`, end: `${year}-${pad(p.month)}-${pad(last)}` };
  if (p.day < 1 || p.day > last) return 'time_invalid_date';
  const d = `${year}-${pad(p.month)}-${pad(p.day)}`;
  return { start: d, end: d };
}

// Dashes and words that join a window's ends: — – - ~ ～ 至 到 (a dash may be doubled, "——").
const SEPARATOR = /[—–\-~～]+|至|到/g;
const FULL_WIDTH_DIGIT = /[０-９]/g;

/** Reads one 时间 cell as a window of `year`. */
export function parsePlanTime(raw: string, year: number): PlanTime {
  const text = raw
    .replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .replace(/^(\d{4})年度?/, '$1年');
  if (text === '') return { ok: false, problem: 'time_empty' };
  const single = point(text);
  if (single && single.month !== 0) {
    const r = range(single, year);
    return typeof r === 'string' ? { ok: false, problem: r } : { ok: true, kind: single.day === null ? 'month' : 'date', ...r };
  }
  // A window: try each separator in turn (an ISO date holds dashes itself) and keep the first split whose two
  // sides both read as points.
  let problem: PlanTimeProblem = 'time_unreadable';
  for (const m of text.matchAll(SEPARATOR)) {
    const left = point(text.slice(0, m.index));
    const right = point(text.slice(m.index + m[0].length));
    if (!left || !right || left.month === 0) continue;
    // "5月8日-19日": the end borrows the start's month; "2026年5月8日-5月19日": its year.
    const end: Point = { year: right.year ?? left.year, month: right.month || left.month, day: right.day };
    const a = range(left, year);
    const b = range(end, year);
    if (typeof a === 'string' || typeof b === 'string') {
      problem = typeof a === 'string' ? a : (b as PlanTimeProblem);
      continue;
    }
    if (b.end < a.start) return { ok: false, problem: 'time_reversed' };
    return { ok: true, kind: 'window', start: a.start, end: b.end };
  }
  return { ok: false, problem };
}
