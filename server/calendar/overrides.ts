import type { CalendarDay, CalendarDayKind, CalendarOverride, CalendarYear } from '../../shared/schemas/calendar.js';
import { WRITTEN_REPLY_WORKING_DAYS } from '../../shared/schemas/writtenReply.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import { addDays, WorkingCalendar } from './workdays.js';

/** The holiday's Chinese name out of the library's "English,中文,days" label. */
function chineseName(label: string | null): string | null {
  return label?.split(',')[1] ?? null;
}

/** A real date on the calendar (the schema only checks its shape: 2026-02-30 passes it). */
function assertRealDate(date: string): void {
  if (addDays(date, 0) !== date) throw new DomainError('validation', 'date', 'date_invalid');
}

/**
 * The working calendar as the site keeps it: the holiday library with the admin's overrides (工作日历). Setting
 * or removing an override moves the deadline of every written reply still open whose five working days it
 * falls in, in the same commit, so the due lists never disagree with the calendar shown.
 */
export class CalendarOverrides {
  constructor(private readonly db: Db) {}

  async list(year?: number): Promise<CalendarOverride[]> {
    let q = this.db.selectFrom('calendar_overrides').select(['date', 'kind', 'note']).orderBy('date');
    if (year !== undefined) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
    return (await q.execute()).map((r) => ({ date: r.date, kind: r.kind as CalendarDayKind, note: r.note }));
  }

  /** The calendar with every override in force (a small table: a few dozen days a year). */
  async calendar(db: Db = this.db): Promise<WorkingCalendar> {
    const rows = await db.selectFrom('calendar_overrides').select(['date', 'kind']).execute();
    return new WorkingCalendar(rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDayKind })));
  }

  /** Every day of a year, as the month grid shows it. */
  async year(year: number): Promise<CalendarYear> {
    const overrides = new Map((await this.list(year)).map((o) => [o.date, o]));
    const cal = await this.calendar();
    const plain = new WorkingCalendar();
    const days: CalendarDay[] = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      const weekend = [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
      const libWorkday = plain.isWorkday(d);
      const holiday = chineseName(plain.holidayName(d));
      const kind: CalendarDay['kind'] = !libWorkday && !weekend ? 'holiday' : libWorkday && weekend ? 'makeup' : weekend ? 'weekend' : 'weekday';
      days.push({ date: d, workday: cal.isWorkday(d), kind, holiday, override: overrides.get(d) ?? null });
    }
    return { year, libraryKnows: WorkingCalendar.libraryKnows(year), days };
  }

  /** Sets (or replaces) one day's override, audited, and moves the open deadlines it touches. */
  async set(o: CalendarOverride, actor: Actor): Promise<CalendarOverride> {
    assertRealDate(o.date);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('calendar_overrides').select(['date', 'kind', 'note']).where('date', '=', o.date).executeTakeFirst();
      await trx
        .insertInto('calendar_overrides')
        .values({ date: o.date, kind: o.kind, note: o.note, set_by: actor.id, set_at: now })
        .onConflict((c) => c.column('date').doUpdateSet({ kind: o.kind, note: o.note, set_by: actor.id, set_at: now }))
        .execute();
      const moved = await this.moveDeadlines(trx, o.date, now);
      await recordAudit(trx, { actor, action: 'calendar.override.set', entity: 'calendar', entityId: null, before: before ?? null, after: { ...o, deadlinesMoved: moved }, at: now });
    });
    return o;
  }

  async remove(date: string, actor: Actor): Promise<void> {
    assertRealDate(date);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('calendar_overrides').select(['date', 'kind', 'note']).where('date', '=', date).executeTakeFirst();
      if (!before) throw new DomainError('not_found', 'date');
      await trx.deleteFrom('calendar_overrides').where('date', '=', date).execute();
      const moved = await this.moveDeadlines(trx, date, now);
      await recordAudit(trx, { actor, action: 'calendar.override.remove', entity: 'calendar', entityId: null, before, after: { deadlinesMoved: moved }, at: now });
    });
  }

  /**
   * Recomputes the deadline of every unpublished reply whose working days (accepted_on, due_on] hold `date`.
   * A published reply keeps the deadline it was judged against.
   */
  private async moveDeadlines(trx: Db, date: string, now: string): Promise<number> {
    const open = await trx
      .selectFrom('written_replies')
      .select(['id', 'accepted_on', 'due_on'])
      .where('status', '!=', 'published')
      .where('accepted_on', '<', date)
      .where('due_on', '>=', date)
      .execute();
    const cal = await this.calendar(trx);
    let moved = 0;
    for (const r of open) {
      const due = cal.addWorkingDays(r.accepted_on, WRITTEN_REPLY_WORKING_DAYS);
      if (due === r.due_on) continue;
      await trx.updateTable('written_replies').set({ due_on: due, updated_at: now }).where('id', '=', r.id).execute();
      moved += 1;
    }
    return moved;
  }
}
