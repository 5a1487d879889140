import SQLite from 'better-sqlite3';
import type { Selectable, Transaction } from 'kysely';
import type { InterviewStaff } from '../../shared/schemas/interview.js';
import type { PlanEntry, PlanEntryInput, PlanEntryUpdate } from '../../shared/schemas/plan.js';
import { parsePlanTime } from '../../shared/planTime.js';
import { fromWallClockInput, siteDate } from '../../shared/time.js';
import { recordAudit, type Actor } from '../audit/log.js';
import { WorkingCalendar, addDays } from '../calendar/workdays.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import { toInterviewStaff } from '../interviews/service.js';
import { insertUnit } from '../units/service.js';
import { checkRows, type GoodRow, type KnownUnit, type RowProblem } from './rows.js';
import { readPlanFile } from './table.js';

type Row = Selectable<Database['plan_entries']> & { unit: string };

/**
 * The planned broadcast of a row, on the site's clock: 09:30–10:30 on the window's first working day (the
 * notices' broadcasts are morning hours; a month's first day is often a holiday such as 劳动节 or 国庆节), or
 * its first day when the window has no working day. The admin moves it on the interview when the date is set.
 */
export const PLANNED_START = '09:30';
export const PLANNED_END = '10:30';

export type ImportOutcome =
  | { ok: true; year: number; imported: PlanEntry[]; createdUnits: string[]; pastSeqs: number[] }
  | { ok: false; problems: RowProblem[]; missingUnits: string[] };

/** 年度计划: the year's rows, each the plan of one unit's interview, and the draft interview it made. */
export class PlanService {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly timeZone: string,
  ) {}

  async list(year: number): Promise<PlanEntry[]> {
    const rows = await this.select(this.db).where('p.year', '=', year).orderBy('p.seq').orderBy('p.id').execute();
    return rows.map(toEntry);
  }

  /** The years that have a plan, newest first (the page's year picker). */
  async years(): Promise<number[]> {
    const rows = await this.db.selectFrom('plan_entries').select('year').distinct().orderBy('year', 'desc').execute();
    return rows.map((r) => r.year);
  }

  async get(id: number): Promise<PlanEntry> {
    const row = await this.select(this.db).where('p.id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'planEntry');
    return toEntry(row);
  }

  /**
   * Imports a file's rows into the year: all of them, with their draft interviews and any units to create, in
   * one transaction, or none (bad rows come back with their numbers). Rows add to the year's plan; a 序号 the
   * year already has is a bad row.
   */
  async importFile(year: number, bytes: Buffer, createUnits: boolean, actor: Actor): Promise<ImportOutcome> {
    const fileRows = await readPlanFile(bytes);
    const units = await this.knownUnits();
    const taken = new Set((await this.db.selectFrom('plan_entries').select('seq').where('year', '=', year).execute()).map((r) => r.seq));
    const { good, problems, missingUnits } = checkRows(fileRows, year, units, taken, createUnits);
    if (problems.length > 0) return { ok: false, problems, missingUnits };
    const calendar = await this.calendar();
    const now = new Date().toISOString();
    const { ids, created, interviews } = await seqUnique(this.db.transaction().execute(async (trx) => {
      const createdUnits = new Map<string, number>();
      for (const row of good) {
        if (row.unitId !== null || createdUnits.has(row.unit)) continue;
        const unit = await insertUnit(trx, row.unit, actor);
        createdUnits.set(row.unit, unit.id);
      }
      const ids: number[] = [];
      const interviews: InterviewStaff[] = [];
      for (const row of good) {
        const unitId = row.unitId ?? createdUnits.get(row.unit)!;
        const interview = await this.insertInterview(trx, year, row.seq, { id: unitId, name: row.unit }, row.windowStart, row.windowEnd, calendar, actor, now);
        interviews.push(interview);
        ids.push(await this.insertEntry(trx, year, row, unitId, interview.id, actor, now));
      }
      await recordAudit(trx, {
        actor,
        action: 'plan.import',
        entity: 'plan',
        entityId: year,
        after: { rows: good.length, createdUnits: [...createdUnits.keys()] },
        at: now,
      });
      return { ids, created: [...createdUnits.keys()], interviews };
    }));
    for (const i of interviews) this.bus.emit('interview:changed', i);
    const all = await this.list(year);
    const imported = all.filter((e) => ids.includes(e.id));
    // A row whose window has passed is imported (a plan may be entered late, to count the year's work), but
    // the admin is told, since its draft interview was planned on a day gone by.
    const today = siteDate(new Date(), this.timeZone);
    const pastSeqs = imported.filter((e) => e.windowEnd < today).map((e) => e.seq);
    return { ok: true, year, imported, createdUnits: created, pastSeqs };
  }

  /** Adds one row by hand, with its draft interview. */
  async create(year: number, input: PlanEntryInput, actor: Actor): Promise<PlanEntry> {
    const unit = await this.assignableUnit(input.unitId);
    const time = this.window(input.timeText, year);
    const clash = await this.db.selectFrom('plan_entries').select('id').where('year', '=', year).where('seq', '=', input.seq).executeTakeFirst();
    if (clash) throw new DomainError('conflict', 'seq', 'seq_taken');
    const calendar = await this.calendar();
    const now = new Date().toISOString();
    const { id, interview } = await seqUnique(this.db.transaction().execute(async (trx) => {
      const interview = await this.insertInterview(trx, year, input.seq, unit, time.start, time.end, calendar, actor, now);
      const row: GoodRow = { line: 0, seq: input.seq, unit: unit.name, unitId: unit.id, timeText: input.timeText, windowStart: time.start, windowEnd: time.end, note: input.note };
      return { id: await this.insertEntry(trx, year, row, unit.id, interview.id, actor, now), interview };
    }));
    this.bus.emit('interview:changed', interview);
    return this.get(id);
  }

  /**
   * Edits a row. While its interview is still a draft, the interview follows (unit, title, the planned time);
   * once it is scheduled, the interview is the admin's to change and the plan only records.
   */
  async update(id: number, input: PlanEntryUpdate, actor: Actor): Promise<PlanEntry> {
    const before = await this.get(id);
    if (Object.values(input).every((v) => v === undefined)) throw new DomainError('validation', undefined, 'nothing_to_change_plan');
    const unit = input.unitId !== undefined && input.unitId !== before.unitId ? await this.assignableUnit(input.unitId) : null;
    const time = input.timeText !== undefined ? this.window(input.timeText, before.year) : null;
    if (input.seq !== undefined && input.seq !== before.seq) {
      const clash = await this.db.selectFrom('plan_entries').select('id').where('year', '=', before.year).where('seq', '=', input.seq).executeTakeFirst();
      if (clash) throw new DomainError('conflict', 'seq', 'seq_taken');
    }
    const calendar = await this.calendar();
    const now = new Date().toISOString();
    const changedInterview = await seqUnique(this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('plan_entries')
        .set({
          ...(input.seq !== undefined && { seq: input.seq }),
          ...(unit && { unit_id: unit.id }),
          ...(time && input.timeText !== undefined && { time_text: input.timeText, window_start: time.start, window_end: time.end }),
          ...(input.note !== undefined && { note: input.note }),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      let interview: InterviewStaff | null = null;
      if (before.interviewId !== null && (unit || time)) interview = await this.followDraft(trx, before.interviewId, unit, time, calendar, actor, now);
      const after = toEntry((await this.select(trx).where('p.id', '=', id).executeTakeFirstOrThrow()) as Row);
      await recordAudit(trx, { actor, action: 'plan.entry.update', entity: 'plan_entry', entityId: id, before, after, at: now });
      return interview;
    }));
    if (changedInterview) this.bus.emit('interview:changed', changedInterview);
    return this.get(id);
  }

  /**
   * Deletes a row. Its interview goes with it while it is an untouched draft; one that is scheduled, or that
   * something already refers to (an invitation, a caption track), stays for the admin to decide.
   */
  async remove(id: number, actor: Actor): Promise<{ interviewDeleted: boolean }> {
    const before = await this.get(id);
    const now = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('plan_entries').where('id', '=', id).execute();
      let interviewDeleted = false;
      if (before.interviewId !== null) {
        const iv = await trx.selectFrom('interviews').selectAll().where('id', '=', before.interviewId).executeTakeFirst();
        if (iv?.status === 'draft') {
          try {
            await trx.deleteFrom('interviews').where('id', '=', iv.id).execute();
            interviewDeleted = true;
            await recordAudit(trx, { actor, action: 'interview.delete', entity: 'interview', entityId: iv.id, before: toInterviewStaff(iv, this.timeZone), reason: 'plan entry deleted', at: now });
          } catch (err) {
            // SQLite undoes only the failed statement; the rest of the transaction goes on.
            if (!(err instanceof SQLite.SqliteError && err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY')) throw err;
          }
        }
      }
      await recordAudit(trx, { actor, action: 'plan.entry.delete', entity: 'plan_entry', entityId: id, before, after: { interviewDeleted }, at: now });
      return { interviewDeleted };
    });
  }

  private select(db: Db | Transaction<Database>) {
    return db.selectFrom('plan_entries as p').innerJoin('units as u', 'u.id', 'p.unit_id').selectAll('p').select('u.name as unit');
  }

  private async knownUnits(): Promise<Map<string, KnownUnit>> {
    const rows = await this.db.selectFrom('units').select(['id', 'name', 'active']).execute();
    return new Map(rows.map((u) => [u.name, { id: u.id, name: u.name, active: u.active === 1 }]));
  }

  private async assignableUnit(id: number): Promise<{ id: number; name: string }> {
    const u = await this.db.selectFrom('units').select(['id', 'name', 'active']).where('id', '=', id).executeTakeFirst();
    if (!u) throw new DomainError('validation', 'unitId', 'unit_unknown');
    if (u.active !== 1) throw new DomainError('validation', 'unitId', 'unit_inactive');
    return u;
  }

  private window(text: string, year: number): { start: string; end: string } {
    const t = parsePlanTime(text, year);
    if (!t.ok) throw new DomainError('validation', 'timeText', t.problem, { year });
    return t;
  }

  /** The working calendar with the admin's overrides, for the planned day. */
  private async calendar(): Promise<WorkingCalendar> {
    const rows = await this.db.selectFrom('calendar_overrides').select(['date', 'kind']).execute();
    return new WorkingCalendar(rows.map((r) => ({ date: r.date, kind: r.kind === 'workday' ? 'workday' : 'holiday' })));
  }

  private planned(start: string, end: string, calendar: WorkingCalendar): { scheduledStart: string; scheduledEnd: string } {
    let day = start;
    while (day <= end && !calendar.isWorkday(day)) day = addDays(day, 1);
    if (day > end) day = start;
    const at = (hm: string) => new Date(fromWallClockInput(`${day}T${hm}`, this.timeZone)).toISOString();
    return { scheduledStart: at(PLANNED_START), scheduledEnd: at(PLANNED_END) };
  }

  private async insertInterview(
    trx: Transaction<Database>,
    year: number,
    seq: number,
    unit: { id: number; name: string },
    start: string,
    end: string,
    calendar: WorkingCalendar,
    actor: Actor,
    now: string,
  ): Promise<InterviewStaff> {
    const { scheduledStart, scheduledEnd } = this.planned(start, end, calendar);
    const slug = await freeSlug(trx, `plan-${year}-${seq}`);
    const row = await trx
      .insertInto('interviews')
      .values({
        slug,
        title: interviewTitle(unit.name),
        unit: unit.name,
        unit_id: unit.id,
        topic: '',
        summary: '',
        scheduled_start: scheduledStart,
        scheduled_end: scheduledEnd,
        status: 'draft',
        pre_moderation: 1,
        guests: '[]',
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const interview = toInterviewStaff(row, this.timeZone);
    await recordAudit(trx, { actor, action: 'interview.create', entity: 'interview', entityId: row.id, after: interview, reason: 'annual plan', at: now });
    return interview;
  }

  private async insertEntry(trx: Transaction<Database>, year: number, row: GoodRow, unitId: number, interviewId: number, actor: Actor, now: string): Promise<number> {
    const inserted = await trx
      .insertInto('plan_entries')
      .values({
        year,
        seq: row.seq,
        unit_id: unitId,
        time_text: row.timeText,
        window_start: row.windowStart,
        window_end: row.windowEnd,
        interview_id: interviewId,
        note: row.note,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = { year, seq: row.seq, unitId, unit: row.unit, timeText: row.timeText, windowStart: row.windowStart, windowEnd: row.windowEnd, interviewId, note: row.note };
    await recordAudit(trx, { actor, action: 'plan.entry.create', entity: 'plan_entry', entityId: inserted.id, after, at: now });
    return inserted.id;
  }

  /** A draft interview takes its plan row's new unit and time; anything past draft is left as it is. */
  private async followDraft(
    trx: Transaction<Database>,
    interviewId: number,
    unit: { id: number; name: string } | null,
    time: { start: string; end: string } | null,
    calendar: WorkingCalendar,
    actor: Actor,
    now: string,
  ): Promise<InterviewStaff | null> {
    const iv = await trx.selectFrom('interviews').selectAll().where('id', '=', interviewId).executeTakeFirst();
    if (iv?.status !== 'draft') return null;
    const before = toInterviewStaff(iv, this.timeZone);
    const row = await trx
      .updateTable('interviews')
      .set({
        ...(unit && { unit: unit.name, unit_id: unit.id, title: iv.title === interviewTitle(iv.unit) ? interviewTitle(unit.name) : iv.title }),
        ...(time && { scheduled_start: this.planned(time.start, time.end, calendar).scheduledStart, scheduled_end: this.planned(time.start, time.end, calendar).scheduledEnd }),
        updated_at: now,
      })
      .where('id', '=', interviewId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toInterviewStaff(row, this.timeZone);
    await recordAudit(trx, { actor, action: 'interview.update', entity: 'interview', entityId: interviewId, before, after, reason: 'annual plan edited', at: now });
    return after;
  }
}

/** The planned interview's title until the admin gives it another: "{单位}在线访谈". */
export function interviewTitle(unit: string): string {
  return `${unit}在线访谈`.slice(0, 100);
}

/** Two writers taking the same 序号 at once: the unique index (0021_plan) refuses the second, as a 409. */
async function seqUnique<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof SQLite.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE' && /plan_entries/.test(err.message)) {
      throw new DomainError('conflict', 'seq', 'seq_taken');
    }
    throw err;
  }
}

async function freeSlug(trx: Transaction<Database>, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await trx.selectFrom('interviews').select('id').where('slug', '=', slug).executeTakeFirst())) return slug;
  }
}

function toEntry(r: Row): PlanEntry {
  return {
    id: r.id,
    year: r.year,
    seq: r.seq,
    unitId: r.unit_id,
    unit: r.unit,
    timeText: r.time_text,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    interviewId: r.interview_id,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
