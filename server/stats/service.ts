import { sql } from 'kysely';
import { fromWallClockInput } from '../../shared/time.js';
import type { YearReport } from '../../shared/schemas/stats.js';
import type { CalendarDayKind } from '../../shared/schemas/calendar.js';
import { WorkingCalendar } from '../calendar/workdays.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { siteDay } from '../audience/replayViews.js';
import { recordAudit, type Actor } from '../audit/log.js';
import { computeYear, type YearInput } from './compute.js';
import { reportPdf } from './pdf.js';
import { reportXlsx } from './xlsx.js';

/** Lets the event loop serve sockets and requests before the next synchronous read. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The instant (UTC ISO) a site-calendar year begins. */
function yearStart(year: number, zone: string): string {
  return new Date(fromWallClockInput(`${year}-01-01T00:00`, zone)).toISOString();
}

/**
 * 考核 statistics: reads the stored records of a year (interviews that went live, questions, written replies,
 * viewer sessions, replay views, the plan) and computes the numbers (compute.ts), and exports them.
 */
export class YearStatistics {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'SITE_TIMEZONE' | 'CHROMIUM_PATH'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Everything a year's statistics are computed from. Read one interview at a time, with a turn of the event
   * loop between: better-sqlite3 answers synchronously, and a large year read in one go held every socket for
   * seconds (bench/RESULTS.md); in slices the longest hold is one interview's.
   */
  async load(year: number): Promise<YearInput> {
    const zone = this.config.SITE_TIMEZONE;
    const from = yearStart(year, zone);
    const to = yearStart(year + 1, zone);
    const now = this.now();
    const interviews = await this.db
      .selectFrom('interviews')
      .leftJoin('units', 'units.id', 'interviews.unit_id')
      .select(['interviews.id', 'interviews.slug', 'interviews.title', 'interviews.unit_id', 'interviews.unit', 'units.name as unit_name', 'interviews.broadcast_started_at'])
      .where('interviews.broadcast_started_at', '>=', from)
      .where('interviews.broadcast_started_at', '<', to)
      .where('interviews.status', 'in', ['live', 'ended'])
      .orderBy('interviews.broadcast_started_at')
      .execute();
    const questions: YearInput['questions'] = [];
    const replies: YearInput['replies'] = [];
    const audience: YearInput['audience'] = new Map();
    const replayViews: YearInput['replayViews'] = new Map();
    const nowIso = now.toISOString();
    for (const { id } of interviews) {
      await nextTurn();
      const one = await this.loadInterview(id, nowIso);
      questions.push(...one.questions);
      replies.push(...one.replies);
      if (one.audience) audience.set(id, one.audience);
      if (one.replayViews > 0) replayViews.set(id, one.replayViews);
    }
    const [planned, overrides] = await Promise.all([
      this.db
        .selectFrom('plan_entries')
        .innerJoin('units', 'units.id', 'plan_entries.unit_id')
        .select(['plan_entries.unit_id', 'units.name', (eb) => eb.fn.countAll<number>().as('n')])
        .where('plan_entries.year', '=', year)
        .groupBy(['plan_entries.unit_id', 'units.name'])
        .execute(),
      this.db.selectFrom('calendar_overrides').select(['date', 'kind']).execute(),
    ]);
    return {
      year,
      today: siteDay(now, zone),
      computedAt: now.toISOString(),
      timeZone: zone,
      interviews: interviews.map((i) => ({
        id: i.id,
        slug: i.slug,
        title: i.title,
        unitId: i.unit_id,
        unit: i.unit_name ?? i.unit,
        heldOn: siteDay(new Date(i.broadcast_started_at!), zone),
      })),
      questions,
      replies,
      audience,
      replayViews,
      planned: planned.map((p) => ({ unitId: p.unit_id, unit: p.name, n: Number(p.n) })),
      calendar: new WorkingCalendar(overrides.map((o) => ({ date: o.date, kind: o.kind as CalendarDayKind }))),
    };
  }

  /** One held interview's questions by status, written replies, audience and replay views. */
  private async loadInterview(id: number, now: string) {
    const [questions, replies, audience, views] = await Promise.all([
      this.db
        .selectFrom('questions')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('interview_id', '=', id)
        .groupBy('status')
        .execute(),
      this.db.selectFrom('written_replies').select(['status', 'accepted_on', 'due_on', 'replied_on']).where('interview_id', '=', id).execute(),
      this.audience(id, now),
      this.db.selectFrom('replay_views').select((eb) => eb.fn.countAll<number>().as('n')).where('interview_id', '=', id).executeTakeFirst(),
    ]);
    return {
      questions: questions.map((q) => ({ interviewId: id, status: q.status, n: Number(q.n) })),
      replies: replies.map((r) => ({ interviewId: id, status: r.status, acceptedOn: r.accepted_on, dueOn: r.due_on, repliedOn: r.replied_on })),
      audience: audience && { peak: Number(audience.peak), viewers: Number(audience.viewers), watchSeconds: Math.round(Number(audience.watch_ms) / 1000) },
      replayViews: Number(views?.n ?? 0),
    };
  }

  /**
   * Peak, distinct viewers and watch time of one interview's broadcast, computed in SQLite: a year has hundreds
   * of thousands of sessions, and reading them into JavaScript took 0.8 GB (bench). Each session is cut to the
   * broadcast (first live → ended, or now while live; a session still open ends now); the peak is the running
   * sum of +1 at each start and −1 at each end, an end before a start at the same millisecond.
   */
  private async audience(interviewId: number, now: string) {
    const ms = (col: ReturnType<typeof sql>) => sql`CAST(ROUND((julianday(${col}) - 2440587.5) * 86400000) AS INTEGER)`;
    const { rows } = await sql<{ peak: number; viewers: number; watch_ms: number }>`
      WITH cut AS (
        SELECT vs.socket_id,
          MAX(${ms(sql.ref('vs.started_at'))}, ${ms(sql.ref('i.broadcast_started_at'))}) AS a,
          MIN(${ms(sql`COALESCE(vs.ended_at, ${now})`)}, ${ms(sql`CASE WHEN i.status = 'live' OR i.ended_at IS NULL THEN ${now} ELSE i.ended_at END`)}) AS b
        FROM viewer_sessions vs JOIN interviews i ON i.id = vs.interview_id
        WHERE vs.interview_id = ${interviewId}
      ),
      live AS (SELECT * FROM cut WHERE b > a),
      edges AS (SELECT a AS t, 1 AS d FROM live UNION ALL SELECT b AS t, -1 AS d FROM live),
      running AS (SELECT SUM(d) OVER (ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS open FROM edges)
      SELECT (SELECT MAX(open) FROM running) AS peak, COUNT(DISTINCT socket_id) AS viewers, SUM(b - a) AS watch_ms
      FROM live HAVING COUNT(*) > 0`.execute(this.db);
    return rows[0];
  }

  /** The year's statistics. */
  async year(year: number): Promise<YearReport> {
    return computeYear(await this.load(year));
  }

  /** The year's statistics as an .xlsx workbook (单位, 访谈, 说明 sheets); the export is audited. */
  async xlsx(year: number, actor: Actor): Promise<Buffer> {
    const report = await this.year(year);
    const file = await reportXlsx(report);
    await this.audited(actor, year, 'xlsx', report);
    return file;
  }

  /** The yearly report as a PDF, printed by Chromium from HTML so the Chinese text keeps its glyphs; audited. */
  async pdf(year: number, actor: Actor): Promise<Buffer> {
    const report = await this.year(year);
    const file = await reportPdf(report, this.config.CHROMIUM_PATH);
    await this.audited(actor, year, 'pdf', report);
    return file;
  }

  /** Who took the year's figures out of the system, and which figures (the totals as computed then). */
  private audited(actor: Actor, year: number, format: 'xlsx' | 'pdf', report: YearReport): Promise<void> {
    return recordAudit(this.db, { actor, action: 'stats.report.export', entity: 'stats', entityId: year, after: { format, computedAt: report.computedAt, totals: report.totals } });
  }
}
