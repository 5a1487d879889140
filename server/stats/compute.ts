import type { InterviewStats, UnitYearStats, YearReport } from '../../shared/schemas/stats.js';
import type { WorkingCalendar } from '../calendar/workdays.js';

/** A held interview as the statistics read it. */
export interface HeldInterview {
  id: number;
  slug: string;
  title: string;
  unitId: number | null;
  unit: string;
  heldOn: string;
}
export interface QuestionCount {
  interviewId: number;
  status: string;
  n: number;
}
export interface ReplyRow {
  interviewId: number;
  status: string;
  acceptedOn: string;
  dueOn: string;
  repliedOn: string | null;
}
export interface Audience {
  peak: number;
  viewers: number;
  watchSeconds: number;
}
export interface YearInput {
  year: number;
  today: string;
  computedAt: string;
  timeZone: string;
  interviews: HeldInterview[];
  questions: QuestionCount[];
  replies: ReplyRow[];
  /** Per interview: peak concurrent, distinct viewers, watch time, of the sessions cut to the broadcast. */
  audience: Map<number, Audience>;
  replayViews: Map<number, number>;
  /** Planned rows per unit of the year, with the unit's name. */
  planned: { unitId: number; unit: string; n: number }[];
  calendar: WorkingCalendar;
}

const PUBLISHED_STATUSES = new Set(['approved', 'queued', 'on_air', 'answered', 'deferred']);

/** Whether a written reply is past its deadline on `today` (published late, or still open after it). */
export function isOverdue(r: Pick<ReplyRow, 'status' | 'dueOn' | 'repliedOn'>, today: string): boolean {
  if (r.status === 'published' && r.repliedOn) return r.repliedOn > r.dueOn;
  return today > r.dueOn;
}

interface ReplyTally {
  assigned: number;
  published: number;
  overdue: number;
  days: number;
}

/**
 * Working days between two dates, remembered: a year's replies share a few hundred (accepted, replied) pairs,
 * and counting each pair's days through the holiday library again cost 4 s for 70,000 replies (bench).
 */
function workingDays(calendar: WorkingCalendar): (from: string, to: string) => number {
  const memo = new Map<string, number>();
  return (from, to) => {
    const key = `${from}/${to}`;
    let n = memo.get(key);
    if (n === undefined) memo.set(key, (n = calendar.workingDaysBetween(from, to)));
    return n;
  };
}

function tallyReplies(rows: readonly ReplyRow[], today: string, days: (from: string, to: string) => number): ReplyTally {
  const t: ReplyTally = { assigned: 0, published: 0, overdue: 0, days: 0 };
  for (const r of rows) {
    t.assigned += 1;
    if (r.status === 'published' && r.repliedOn) {
      t.published += 1;
      t.days += days(r.acceptedOn, r.repliedOn);
    }
    if (isOverdue(r, today)) t.overdue += 1;
  }
  return t;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const average = (sum: number, n: number) => (n === 0 ? null : round2(sum / n));

function groupBy<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Computes a year's statistics from the stored records (pure; the report says how, shared/statsMethods.ts). */
export function computeYear(input: YearInput): YearReport {
  const repliesBy = groupBy(input.replies, (r) => r.interviewId);
  const questionsBy = groupBy(input.questions, (q) => q.interviewId);
  const replyDays = new Map<number, ReplyTally>();
  const days = workingDays(input.calendar);

  const interviews: InterviewStats[] = input.interviews.map((i) => {
    const audience = input.audience.get(i.id) ?? { peak: 0, viewers: 0, watchSeconds: 0 };
    const counts = new Map((questionsBy.get(i.id) ?? []).map((q) => [q.status, q.n]));
    let received = 0;
    let published = 0;
    for (const [status, n] of counts) {
      received += n;
      if (PUBLISHED_STATUSES.has(status)) published += n;
    }
    const replies = tallyReplies(repliesBy.get(i.id) ?? [], input.today, days);
    replyDays.set(i.id, replies);
    return {
      interviewId: i.id,
      slug: i.slug,
      title: i.title,
      unitId: i.unitId,
      unit: i.unit,
      heldOn: i.heldOn,
      peakViewers: audience.peak,
      totalViewers: audience.viewers,
      watchSeconds: audience.watchSeconds,
      questionsReceived: received,
      questionsPublished: published,
      questionsRejected: counts.get('rejected') ?? 0,
      answeredLive: counts.get('answered') ?? 0,
      writtenAssigned: replies.assigned,
      answeredInWriting: replies.published,
      overdueReplies: replies.overdue,
      avgReplyWorkingDays: average(replies.days, replies.published),
      replayViews: input.replayViews.get(i.id) ?? 0,
    };
  });

  // Units: every unit planned for the year or holding an interview in it; interviews without a listed unit
  // are grouped by the name they carry.
  const units = new Map<string, UnitYearStats & { days: number }>();
  const unitOf = (unitId: number | null, name: string) => {
    const key = unitId === null ? `name:${name}` : `id:${unitId}`;
    let u = units.get(key);
    if (!u) {
      u = { unitId, unit: name, planned: 0, held: 0, questionsReceived: 0, answeredLive: 0, writtenAssigned: 0, answeredInWriting: 0, answerRate: null, overdueReplies: 0, avgReplyWorkingDays: null, days: 0 };
      units.set(key, u);
    }
    return u;
  };
  for (const p of input.planned) unitOf(p.unitId, p.unit).planned += p.n;
  for (const s of interviews) {
    const u = unitOf(s.unitId, s.unit);
    u.held += 1;
    u.questionsReceived += s.questionsReceived;
    u.answeredLive += s.answeredLive;
    u.writtenAssigned += s.writtenAssigned;
    u.answeredInWriting += s.answeredInWriting;
    u.overdueReplies += s.overdueReplies;
    u.days += replyDays.get(s.interviewId)!.days;
  }
  const unitRows: UnitYearStats[] = [...units.values()]
    .map(({ days, ...u }) => ({
      ...u,
      answerRate: rate(u.answeredLive + u.answeredInWriting, u.answeredLive + u.writtenAssigned),
      avgReplyWorkingDays: average(days, u.answeredInWriting),
    }))
    .sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN'));

  const sum = (f: (s: InterviewStats) => number) => interviews.reduce((acc, s) => acc + f(s), 0);
  const totalDays = [...replyDays.values()].reduce((acc, t) => acc + t.days, 0);
  const answeredLive = sum((s) => s.answeredLive);
  const written = sum((s) => s.writtenAssigned);
  const inWriting = sum((s) => s.answeredInWriting);
  return {
    year: input.year,
    computedAt: input.computedAt,
    today: input.today,
    timeZone: input.timeZone,
    units: unitRows,
    interviews,
    totals: {
      planned: unitRows.reduce((acc, u) => acc + u.planned, 0),
      held: interviews.length,
      questionsReceived: sum((s) => s.questionsReceived),
      answeredLive,
      writtenAssigned: written,
      answeredInWriting: inWriting,
      answerRate: rate(answeredLive + inWriting, answeredLive + written),
      overdueReplies: sum((s) => s.overdueReplies),
      avgReplyWorkingDays: average(totalDays, inWriting),
      peakViewers: interviews.reduce((m, s) => Math.max(m, s.peakViewers), 0),
      totalViewers: sum((s) => s.totalViewers),
      watchSeconds: sum((s) => s.watchSeconds),
      replayViews: sum((s) => s.replayViews),
    },
  };
}

function rate(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 10_000) / 10_000;
}
