import type { Role } from '../../shared/roles.js';
import type { QuestionStatus } from '../../shared/schemas/question.js';
import {
  WRITTEN_REPLY_WORKING_DAYS,
  type InterviewWrittenReply,
  type WrittenReplyListQuery,
  type WrittenReplyPublic,
  type WrittenReplyStaff,
  type WrittenReplyUnitOverview,
} from '../../shared/schemas/writtenReply.js';
import { recordAudit, SYSTEM, type Actor } from '../audit/log.js';
import type { CalendarOverrides } from '../calendar/overrides.js';
import type { Db } from '../db/index.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import { siteDate } from '../../shared/time.js';
import { isOverdue, toReplyPublic, toReplyStaff, type ReplyJoined } from './mapping.js';

/** Questions handed to the unit in writing: deferred by the host, or approved and never reached on air. */
export const ASSIGNABLE: readonly QuestionStatus[] = ['deferred', 'approved', 'queued'];
/** A question that ends up answered live after all (a reopened broadcast), rejected or merged needs no reply. */
const NEEDS_NO_REPLY: readonly QuestionStatus[] = ['answered', 'rejected', 'merged'];

/** Who is asking: a liaison is bound to its unit. */
export interface ReplyViewer {
  id: number;
  role: Role;
  unitId: number | null;
}

/**
 * 书面答复: every question not answered live is assigned to the interview's unit when the broadcast ends, with a
 * deadline 5 working days after the interview's day; the unit's liaison drafts and submits the answer, a
 * reviewer or admin approves (publishes) it or returns it with a reason. Every step is audited in its commit.
 */
export class WrittenReplyService {
  onBackgroundError: (err: unknown) => void = () => undefined;
  // Assignments triggered by the bus run one after another, so two events for one interview never race.
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly calendar: CalendarOverrides,
    private readonly timeZone: string,
    private readonly mailEnabled: boolean,
  ) {
    bus.on('interview:ended', (i) => this.queue(() => this.assignInterview(i.id)));
    bus.on('question:changed', ({ before, after }) => {
      if (before?.status === after.status) return;
      if (ASSIGNABLE.includes(after.status)) this.queue(() => this.assignQuestion(after.id));
      else if (NEEDS_NO_REPLY.includes(after.status)) this.queue(() => this.withdraw(after.id, after.status));
    });
  }

  /** Resolves once every assignment the bus has asked for so far is done. */
  idle(): Promise<void> {
    return this.work;
  }

  /** At start: ended interviews whose assignment a stop interrupted (the end commits before it) get it now. */
  async recover(): Promise<void> {
    const ended = await this.db.selectFrom('interviews').select('id').where('status', '=', 'ended').execute();
    for (const { id } of ended) await this.assignInterview(id);
  }

  private queue(task: () => Promise<unknown>): void {
    this.work = this.work.then(task).then(
      () => undefined,
      (err: unknown) => this.onBackgroundError(err),
    );
  }

  private today(): string {
    return siteDate(new Date(), this.timeZone);
  }

  /** Assigns every unassigned question of an ended interview that waits for a written answer; idempotent. */
  async assignInterview(interviewId: number, questionIds?: number[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const iv = await trx.selectFrom('interviews').select(['id', 'status', 'ended_at', 'unit_id']).where('id', '=', interviewId).executeTakeFirst();
      if (!iv || iv.status !== 'ended' || !iv.ended_at || iv.unit_id === null) return 0;
      let q = trx
        .selectFrom('questions')
        .select('questions.id')
        .leftJoin('written_replies', 'written_replies.question_id', 'questions.id')
        .where('questions.interview_id', '=', interviewId)
        .where('questions.status', 'in', ASSIGNABLE)
        .where('written_replies.id', 'is', null);
      if (questionIds) q = q.where('questions.id', 'in', questionIds);
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return 0;
      const acceptedOn = siteDate(new Date(iv.ended_at), this.timeZone);
      const dueOn = (await this.calendar.calendar(trx)).addWorkingDays(acceptedOn, WRITTEN_REPLY_WORKING_DAYS);
      const now = new Date().toISOString();
      for (const id of ids) {
        await trx
          .insertInto('written_replies')
          .values({ question_id: id, interview_id: interviewId, unit_id: iv.unit_id, status: 'assigned', accepted_on: acceptedOn, due_on: dueOn, assigned_at: now, updated_at: now })
          .execute();
      }
      // One entry per assignment, not per question: an interview may leave hundreds behind.
      await recordAudit(trx, {
        actor: SYSTEM,
        action: 'written_reply.assign',
        entity: 'interview',
        entityId: interviewId,
        after: { unitId: iv.unit_id, questionIds: ids, acceptedOn, dueOn },
        at: now,
      });
      return ids.length;
    });
  }

  /** A question deferred (or approved) after the broadcast ended is assigned as well. */
  private async assignQuestion(questionId: number): Promise<void> {
    // Every approval during a broadcast passes here: one indexed read, and a transaction only after the end.
    const q = await this.db
      .selectFrom('questions')
      .innerJoin('interviews', 'interviews.id', 'questions.interview_id')
      .select(['questions.interview_id', 'interviews.status'])
      .where('questions.id', '=', questionId)
      .executeTakeFirst();
    if (q?.status === 'ended') await this.assignInterview(q.interview_id, [questionId]);
  }

  /** A question answered live after all (a reopened broadcast), rejected or merged leaves the unit's list. */
  private async withdraw(questionId: number, status: QuestionStatus): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('written_replies').selectAll().where('question_id', '=', questionId).executeTakeFirst();
      if (!row || row.status === 'published') return;
      await trx.deleteFrom('written_replies').where('id', '=', row.id).execute();
      await recordAudit(trx, { actor: SYSTEM, action: 'written_reply.withdraw', entity: 'written_reply', entityId: row.id, before: row, reason: `question ${status}` });
    });
  }

  private joined(db: Db = this.db) {
    return db
      .selectFrom('written_replies')
      .innerJoin('questions', 'questions.id', 'written_replies.question_id')
      .innerJoin('interviews', 'interviews.id', 'written_replies.interview_id')
      .innerJoin('units', 'units.id', 'written_replies.unit_id')
      .selectAll('written_replies')
      .select(['questions.public_content', 'questions.nickname', 'questions.contact', 'interviews.title as interview_title', 'units.name as unit_name']);
  }

  private view = (r: ReplyJoined): WrittenReplyStaff => toReplyStaff(r, this.today(), this.mailEnabled);

  /** The due list: a liaison's is its unit's, and asking for another unit's is refused. */
  async list(query: WrittenReplyListQuery, viewer: ReplyViewer): Promise<WrittenReplyStaff[]> {
    const unitId = scopeUnit(viewer, query.unitId);
    let q = this.joined().orderBy('written_replies.due_on').orderBy('written_replies.id');
    if (unitId !== undefined) q = q.where('written_replies.unit_id', '=', unitId);
    if (query.interviewId !== undefined) q = q.where('written_replies.interview_id', '=', query.interviewId);
    if (query.state === 'published') q = q.where('written_replies.status', '=', 'published');
    if (query.state === 'open' || query.state === 'overdue') q = q.where('written_replies.status', '!=', 'published');
    if (query.state === 'overdue') q = q.where('written_replies.due_on', '<', this.today());
    return (await q.execute()).map(this.view);
  }

  /** Per unit: what is open, waiting for approval, overdue, and published (late or on time). */
  async overview(): Promise<WrittenReplyUnitOverview[]> {
    const today = this.today();
    const rows = await this.db
      .selectFrom('written_replies')
      .innerJoin('units', 'units.id', 'written_replies.unit_id')
      .select(['written_replies.unit_id', 'units.name', 'written_replies.status', 'written_replies.due_on', 'written_replies.replied_on'])
      .execute();
    const byUnit = new Map<number, WrittenReplyUnitOverview>();
    for (const r of rows) {
      let u = byUnit.get(r.unit_id);
      if (!u) byUnit.set(r.unit_id, (u = { unitId: r.unit_id, unit: r.name, open: 0, awaitingApproval: 0, overdue: 0, nextDue: null, published: 0, publishedLate: 0 }));
      const late = isOverdue(r, today);
      if (r.status === 'published') {
        u.published += 1;
        if (late) u.publishedLate += 1;
        continue;
      }
      u.open += 1;
      if (r.status === 'submitted') u.awaitingApproval += 1;
      if (late) u.overdue += 1;
      if (u.nextDue === null || r.due_on < u.nextDue) u.nextDue = r.due_on;
    }
    return [...byUnit.values()].sort((a, b) => b.overdue - a.overdue || a.unit.localeCompare(b.unit, 'zh-CN'));
  }

  async get(id: number, viewer: ReplyViewer): Promise<WrittenReplyStaff> {
    const row = await this.joined().where('written_replies.id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'reply');
    assertUnit(viewer, row.unit_id);
    return this.view(row);
  }

  /** Saves the unit's draft (assigned or returned replies only). */
  async saveDraft(id: number, content: string, actor: Actor & { id: number }, viewer: ReplyViewer): Promise<WrittenReplyStaff> {
    return this.change(id, viewer, 'written_reply.draft', (row) => {
      if (row.status !== 'assigned' && row.status !== 'returned') throw new DomainError('conflict', 'status', 'reply_not_editable');
      return { content, drafted_by: actor.id };
    }, actor);
  }

  /** Submits the reply for approval, with the text given (or the saved draft). */
  async submit(id: number, content: string | undefined, actor: Actor & { id: number }, viewer: ReplyViewer): Promise<WrittenReplyStaff> {
    return this.change(id, viewer, 'written_reply.submit', (row, now) => {
      if (row.status !== 'assigned' && row.status !== 'returned') throw new DomainError('conflict', 'status', 'reply_not_editable');
      const text = content ?? row.content;
      if (!text.trim()) throw new DomainError('validation', 'content', 'reply_empty');
      return { content: text, status: 'submitted', drafted_by: actor.id, submitted_at: now };
    }, actor);
  }

  /** Approves a submitted reply, which publishes it: 答复日期 today, 答复部门 the unit's name now. */
  async approve(id: number, actor: Actor & { id: number }): Promise<WrittenReplyStaff> {
    const after = await this.change(id, undefined, 'written_reply.publish', (row, now) => {
      if (row.status !== 'submitted') throw new DomainError('conflict', 'status', 'reply_not_submitted');
      // 审核: a second pair of eyes. The one who submitted it (an admin drafting for a unit) cannot approve it.
      if (row.drafted_by === actor.id) throw new DomainError('forbidden', 'reply', 'reply_own_submission');
      return { status: 'published', decided_by: actor.id, published_at: now, replied_on: this.today(), answering_unit: row.unit_name, return_reason: null };
    }, actor);
    this.bus.emit('reply:published', { replyId: after.id, questionId: after.questionId, interviewId: after.interviewId });
    return after;
  }

  /** Sends a submitted reply back to the unit with the reviewer's reason. */
  async returnReply(id: number, reason: string, actor: Actor & { id: number }): Promise<WrittenReplyStaff> {
    return this.change(id, undefined, 'written_reply.return', (row) => {
      if (row.status !== 'submitted') throw new DomainError('conflict', 'status', 'reply_not_submitted');
      return { status: 'returned', decided_by: actor.id, return_reason: reason };
    }, actor, reason);
  }

  private async change(
    id: number,
    viewer: ReplyViewer | undefined,
    action: string,
    patch: (row: ReplyJoined, now: string) => Partial<Pick<ReplyJoined, 'content' | 'status' | 'drafted_by' | 'submitted_at' | 'decided_by' | 'published_at' | 'replied_on' | 'answering_unit' | 'return_reason'>>,
    actor: Actor,
    reason?: string,
  ): Promise<WrittenReplyStaff> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.joined(trx).where('written_replies.id', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'reply');
      if (viewer) assertUnit(viewer, row.unit_id);
      const now = new Date().toISOString();
      await trx.updateTable('written_replies').set({ ...patch(row, now), updated_at: now }).where('id', '=', id).execute();
      const updated = await this.joined(trx).where('written_replies.id', '=', id).executeTakeFirstOrThrow();
      const before = this.view(row);
      const after = this.view(updated);
      await recordAudit(trx, { actor, action, entity: 'written_reply', entityId: id, before, after, reason: reason ?? null, at: now });
      return after;
    });
  }

  /** The published replies of an interview, for its public page, oldest question first. */
  async publicForInterview(interviewId: number): Promise<InterviewWrittenReply[]> {
    const rows = await this.joined().where('written_replies.interview_id', '=', interviewId).where('written_replies.status', '=', 'published').orderBy('written_replies.question_id').execute();
    return rows.flatMap((r) => {
      const pub = toReplyPublic(r);
      return pub ? [{ ...pub, question: r.public_content, nickname: r.nickname }] : [];
    });
  }

  /** The published reply to one question, for its asker's ticket page, or null. */
  async publicForQuestion(questionId: number): Promise<WrittenReplyPublic | null> {
    const row = await this.db.selectFrom('written_replies').selectAll().where('question_id', '=', questionId).executeTakeFirst();
    return row ? toReplyPublic(row) : null;
  }
}

/** The unit a list is limited to: a liaison's own (another unit's is refused); anyone else's choice. */
function scopeUnit(viewer: ReplyViewer, asked: number | undefined): number | undefined {
  if (viewer.role !== 'liaison') return asked;
  if (viewer.unitId === null) throw new DomainError('forbidden', 'unitId', 'reply_other_unit');
  if (asked !== undefined && asked !== viewer.unitId) throw new DomainError('forbidden', 'unitId', 'reply_other_unit');
  return viewer.unitId;
}

function assertUnit(viewer: ReplyViewer, unitId: number): void {
  if (viewer.role === 'liaison' && viewer.unitId !== unitId) throw new DomainError('forbidden', 'reply', 'reply_other_unit');
}
