import { EDITABLE_STATUSES, checkTransition } from '../../shared/questionMachine.js';
import { HOSTS, MODERATORS, type Role } from '../../shared/roles.js';
import { QuestionSnapshot, type QuestionHistoryEntry } from '../../shared/schemas/audit.js';
import { publicList, publicQuestion } from '../../shared/questionPublic.js';
import {
  PUBLIC_QUESTION_STATUSES,
  type QuestionPublic,
  type QuestionStaff,
  type QuestionSubmit,
  type QuestionTransition,
  type ScreeningFlags,
} from '../../shared/schemas/question.js';
import { NETIZEN, SYSTEM, listAudit, recordAudit, type Actor } from '../audit/log.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Db } from '../db/index.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import type { InterviewService } from '../interviews/service.js';
import { toQuestionStaff, type QuestionRow } from './mapping.js';
import { bigrams, DuplicateIndex, locateSensitiveWords, maskPersonalData, relocatePublic } from './screening.js';
import type { SensitiveWordList } from './words.js';

/** How many recent questions of an interview a new one is compared with for duplicates. */
const DUPLICATE_WINDOW = 1000;
/** A question's history is a handful of decisions; this only bounds a pathological one. */
const HISTORY_LIMIT = 1000;

export type StaffActor = Actor & { id: number; role: Role };

/** Netizen questions from submission to answer: screening, moderation (先审后发), the live queue. */
export class QuestionService {
  private readonly duplicates = new Map<number, DuplicateIndex>();

  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly interviews: InterviewService,
    private readonly words: SensitiveWordList,
  ) {}

  /**
   * Stores a netizen's question and returns it with the asker's ticket. Resolves only after the row is
   * committed, so a 201 means the question is on disk.
   */
  async submit(slug: string, input: QuestionSubmit): Promise<{ question: QuestionStaff; ticket: string }> {
    const interview = await this.interviews.getPublic(slug);
    if (!interview.acceptsQuestions) throw new DomainError('interview_closed', 'interview');
    const content = maskPersonalData(input.content);
    const nickname = maskPersonalData(input.nickname ?? '');
    const sensitiveMatches = locateSensitiveWords(this.words.filter, { original: input.content, public: content.text, nickname: nickname.text });
    const sensitiveWords = sensitiveMatches.map((m) => m.word);
    const grams = bigrams(input.content);
    const index = await this.duplicateIndex(interview.id);
    const dup = index.find(grams);
    const flags: ScreeningFlags = {
      sensitiveWords,
      sensitiveMatches,
      personalData: [...new Set([...content.found, ...nickname.found])],
      duplicateOf: dup?.id ?? null,
      similarity: dup?.similarity ?? null,
    };
    // Without 先审后发 a question goes public at once, unless screening found a listed word: that one
    // still waits for a reviewer.
    const autoApprove = !interview.preModeration && sensitiveWords.length === 0;
    const ticket = newToken();
    const now = new Date().toISOString();
    const question = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('questions')
        .values({
          interview_id: interview.id,
          original_content: input.content,
          public_content: content.text,
          nickname: nickname.text,
          contact: input.contact ?? null,
          ticket_hash: hashToken(ticket),
          status: autoApprove ? 'approved' : 'pending',
          flags: JSON.stringify(flags),
          reason: null,
          merged_into: null,
          queue_position: null,
          created_at: now,
          updated_at: now,
          answered_at: null,
          // 预提问: before the broadcast first goes live. A scheduled interview has never been live (live only
          // moves on to ended, and a reopened one is live again), so the status at submission says it.
          asked_in_advance: interview.status === 'scheduled' ? 1 : 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const q = toQuestionStaff(row);
      await recordAudit(trx, { actor: NETIZEN, action: 'question.submit', entity: 'question', entityId: q.id, after: q, at: now });
      if (autoApprove) {
        await recordAudit(trx, {
          actor: SYSTEM,
          action: 'question.approved',
          entity: 'question',
          entityId: q.id,
          after: q,
          reason: 'pre-moderation off',
          at: now,
        });
      }
      return q;
    });
    index.add(question.id, grams);
    this.bus.emit('question:changed', { before: null, after: question });
    return { question, ticket };
  }

  /** Applies a staff decision, checked against the state machine and the actor's role, and audits it. */
  async transition(id: number, req: QuestionTransition, actor: StaffActor): Promise<QuestionStaff> {
    const changes: Array<{ before: QuestionStaff; after: QuestionStaff }> = [];
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'question');
      const before = toQuestionStaff(row);
      const check = checkTransition(before.status, req, actor.role);
      if (!check.ok) throw new DomainError(check.code, check.code === 'validation' ? 'publicContent' : 'to');
      const now = new Date().toISOString();

      if (req.to === 'merged') {
        const target = await trx.selectFrom('questions').selectAll().where('id', '=', req.mergeInto!).executeTakeFirst();
        if (req.mergeInto === id) throw new DomainError('validation', 'mergeInto', 'merge_self');
        if (!target || target.interview_id !== row.interview_id || target.status === 'merged' || target.status === 'rejected') {
          throw new DomainError('validation', 'mergeInto', 'merge_target_invalid');
        }
      }
      if (req.to === 'on_air') {
        // One question is on air at a time: the one it replaces goes back to the top of the queue.
        const current = await trx
          .selectFrom('questions')
          .selectAll()
          .where('interview_id', '=', row.interview_id)
          .where('status', '=', 'on_air')
          .executeTakeFirst();
        if (current) {
          const top = await this.queueEdge(trx, row.interview_id, 'min');
          const back = await trx
            .updateTable('questions')
            .set({ status: 'queued', queue_position: top - 1, updated_at: now })
            .where('id', '=', current.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          const prev = toQuestionStaff(current);
          const after = toQuestionStaff(back);
          await recordAudit(trx, { actor, action: 'question.queued', entity: 'question', entityId: current.id, before: prev, after, reason: 'replaced on air', at: now });
          await offAir(trx, current.id, now);
          changes.push({ before: prev, after });
        }
      }

      let queuePosition: number | null = null;
      if (req.to === 'queued') {
        queuePosition = before.status === 'on_air' ? (await this.queueEdge(trx, row.interview_id, 'min')) - 1 : (await this.queueEdge(trx, row.interview_id, 'max')) + 1;
      }
      const updated = await trx
        .updateTable('questions')
        .set({
          status: req.to,
          queue_position: queuePosition,
          updated_at: now,
          ...(req.to === 'answered' && { answered_at: now }),
          ...(req.to === 'rejected' && { reason: req.reason ?? null }),
          ...(req.to === 'approved' && before.status === 'rejected' && { reason: null }),
          ...(req.to === 'merged' && { merged_into: req.mergeInto!, reason: req.reason ?? null }),
          ...(req.publicContent !== undefined && this.publicWording(req.publicContent, before.flags)),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toQuestionStaff(updated);
      await recordAudit(trx, { actor, action: `question.${req.to}`, entity: 'question', entityId: id, before, after, reason: req.reason ?? null, at: now });
      // The record's chapters and transcript need when each question was on air (question_airings).
      if (before.status === 'on_air' && req.to !== 'on_air') await offAir(trx, id, now);
      if (req.to === 'on_air' && before.status !== 'on_air') {
        await trx.insertInto('question_airings').values({ interview_id: row.interview_id, question_id: id, on_air_at: now, off_air_at: null }).execute();
      }
      changes.push({ before, after });
      return after;
    });
    for (const c of changes) this.bus.emit('question:changed', c);
    return result;
  }

  /** Changes the public wording (the original is kept) while the question can still be edited. */
  async edit(id: number, publicContent: string, actor: StaffActor): Promise<QuestionStaff> {
    if (!MODERATORS.includes(actor.role)) throw new DomainError('forbidden', 'question');
    const change = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'question');
      const before = toQuestionStaff(row);
      if (!EDITABLE_STATUSES.includes(before.status)) throw new DomainError('invalid_transition', 'status');
      const now = new Date().toISOString();
      const updated = await trx
        .updateTable('questions')
        .set({ ...this.publicWording(publicContent, before.flags), updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toQuestionStaff(updated);
      await recordAudit(trx, { actor, action: 'question.edit', entity: 'question', entityId: id, before, after, at: now });
      return { before, after };
    });
    this.bus.emit('question:changed', change);
    return change.after;
  }

  /** Sets the live queue's order; `order` must list exactly the queued questions of the interview. */
  async reorder(interviewId: number, order: number[], actor: StaffActor): Promise<QuestionStaff[]> {
    if (!HOSTS.includes(actor.role)) throw new DomainError('forbidden', 'queue');
    await this.interviews.getById(interviewId);
    const changes: Array<{ before: QuestionStaff; after: QuestionStaff }> = [];
    const queue = await this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('questions')
        .selectAll()
        .where('interview_id', '=', interviewId)
        .where('status', '=', 'queued')
        .orderBy('queue_position')
        .execute();
      const queued = new Set(rows.map((r) => r.id));
      if (order.length !== queued.size || new Set(order).size !== order.length || !order.every((id) => queued.has(id))) {
        throw new DomainError('conflict', 'order', 'not_queued');
      }
      const now = new Date().toISOString();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const result: QuestionStaff[] = [];
      for (const [i, id] of order.entries()) {
        const row = byId.get(id)!;
        if (row.queue_position === i + 1) {
          result.push(toQuestionStaff(row));
          continue;
        }
        const updated = await trx
          .updateTable('questions')
          .set({ queue_position: i + 1, updated_at: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = toQuestionStaff(updated);
        changes.push({ before: toQuestionStaff(row), after });
        result.push(after);
      }
      await recordAudit(trx, {
        actor,
        action: 'queue.reorder',
        entity: 'interview',
        entityId: interviewId,
        before: rows.map((r) => r.id),
        after: order,
        at: now,
      });
      return result;
    });
    for (const c of changes) this.bus.emit('question:changed', c);
    return queue;
  }

  async get(id: number): Promise<QuestionStaff> {
    const row = await this.db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'question');
    return toQuestionStaff(row);
  }

  async listStaff(interviewId: number): Promise<QuestionStaff[]> {
    await this.interviews.getById(interviewId);
    const rows = await this.db.selectFrom('questions').selectAll().where('interview_id', '=', interviewId).orderBy('id').execute();
    return rows.map(toQuestionStaff);
  }

  /** The public list: only public questions, masked wording, in display order (shared/questionPublic.ts decides). */
  async listPublic(slug: string): Promise<QuestionPublic[]> {
    const interview = await this.interviews.getPublic(slug);
    const rows = await this.db
      .selectFrom('questions')
      .selectAll()
      .where('interview_id', '=', interview.id)
      // Only spares reading rows publicQuestion would drop anyway: the decision is its own.
      .where('status', 'in', PUBLIC_QUESTION_STATUSES)
      .execute();
    return publicList(rows.map((r) => publicQuestion(toQuestionStaff(r))));
  }

  /** The question on air in an interview, as viewers see it, or null when none is. */
  async onAir(interviewId: number): Promise<QuestionPublic | null> {
    const row = await this.db
      .selectFrom('questions')
      .selectAll()
      .where('interview_id', '=', interviewId)
      .where('status', '=', 'on_air')
      .executeTakeFirst();
    return row ? publicQuestion(toQuestionStaff(row)) : null;
  }

  /** The asker's private contact, for moderators only; every look is written to the audit log. */
  async contact(id: number, actor: StaffActor): Promise<string | null> {
    if (!MODERATORS.includes(actor.role)) throw new DomainError('forbidden', 'contact');
    const row = await this.db.selectFrom('questions').select(['id', 'contact']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'question');
    await recordAudit(this.db, { actor, action: 'question.contact.view', entity: 'question', entityId: id });
    return row.contact;
  }

  /**
   * A question's own history (处理记录), for moderators: its audit entries, oldest first, each before/after
   * cut down to the fields of the staff view.
   */
  async history(id: number): Promise<QuestionHistoryEntry[]> {
    await this.get(id);
    const entries = await listAudit(this.db, { entity: 'question', entityId: id, limit: HISTORY_LIMIT });
    const snapshot = (v: unknown) => {
      const parsed = QuestionSnapshot.safeParse(v);
      return parsed.success ? parsed.data : null;
    };
    return entries.map((e) => ({ ...e, before: snapshot(e.before), after: snapshot(e.after) }));
  }

  /** A new public wording as stored: personal data masked, and the flagged words' highlights moved onto it. */
  private publicWording(text: string, flags: ScreeningFlags): { public_content: string; flags: string } {
    const masked = maskPersonalData(text).text;
    const sensitiveMatches = relocatePublic(this.words.filter, flags.sensitiveMatches, masked);
    return { public_content: masked, flags: JSON.stringify({ ...flags, sensitiveMatches }) };
  }

  private async queueEdge(trx: Db, interviewId: number, edge: 'min' | 'max'): Promise<number> {
    const r = await trx
      .selectFrom('questions')
      .select((eb) => (edge === 'min' ? eb.fn.min('queue_position') : eb.fn.max('queue_position')).as('p'))
      .where('interview_id', '=', interviewId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(r?.p ?? 0);
  }

  private async duplicateIndex(interviewId: number): Promise<DuplicateIndex> {
    let index = this.duplicates.get(interviewId);
    if (!index) {
      const rows = await this.db
        .selectFrom('questions')
        .select(['id', 'original_content'])
        .where('interview_id', '=', interviewId)
        .where('status', '!=', 'merged')
        .orderBy('id', 'desc')
        .limit(DUPLICATE_WINDOW)
        .execute();
      // Another submission may have built it while this one awaited the query.
      index = this.duplicates.get(interviewId);
      if (!index) {
        index = new DuplicateIndex(DUPLICATE_WINDOW);
        for (const r of rows.reverse()) index.add(r.id, bigrams(r.original_content));
        this.duplicates.set(interviewId, index);
      }
    }
    return index;
  }
}

/** Closes a question's open airing: it left the air at `at`. */
async function offAir(trx: Db, questionId: number, at: string): Promise<void> {
  await trx.updateTable('question_airings').set({ off_air_at: at }).where('question_id', '=', questionId).where('off_air_at', 'is', null).execute();
}

export type { QuestionRow };
