import { sql } from 'kysely';
import {
  askerStatus,
  isPublicStatus,
  type QuestionStaff,
  type TicketMergedInto,
  type TicketView,
} from '../../shared/schemas/question.js';
import type { WrittenReplyPublic } from '../../shared/schemas/writtenReply.js';
import { toReplyPublic } from '../replies/mapping.js';
import { hashToken } from '../auth/tokens.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import { toQuestionStaff, type QuestionRecord, type QuestionRow } from './mapping.js';
import { maskPersonalData } from './screening.js';

/** A merge into a question later merged itself is followed this far; the machine makes chains rare. */
const MAX_MERGE_DEPTH = 10;
// The shape of a ticket as newToken() makes it (and as GET /api/questions/by-ticket accepts it); anything
// else cannot open a question, so it is refused without a look at the database.
const TICKET_SHAPE = /^[A-Za-z0-9_-]{10,100}$/;

type Change = { before: QuestionStaff | null; after: QuestionStaff };
type InterviewRef = TicketView['interview'];

/** A question merged into `target` follows it: its public wording once public, and where it stands. */
export function toTicketMergedInto(target: QuestionStaff, answeredInWriting = false): TicketMergedInto {
  return {
    id: target.id,
    content: isPublicStatus(target.status) ? target.publicContent : null,
    status: answeredInWriting ? 'answered_in_writing' : askerStatus(target.status),
    onAir: target.status === 'on_air',
    answeredAt: target.answeredAt,
  };
}

/** The asker's view of their own question, from its staff record and what it was merged with. */
export function toTicketView(
  q: QuestionStaff,
  interview: InterviewRef,
  target: QuestionStaff | null,
  originalContent: string | null,
  writtenReply: WrittenReplyPublic | null = null,
  targetAnsweredInWriting = false,
): TicketView {
  const status = writtenReply ? 'answered_in_writing' : askerStatus(q.status);
  return {
    id: q.id,
    interview,
    content: q.publicContent,
    nickname: q.nickname,
    status,
    reason: status === 'not_published' ? q.reason : null,
    askedAt: q.createdAt,
    updatedAt: q.updatedAt,
    onAir: q.status === 'on_air',
    originalContent,
    mergedInto: q.status === 'merged' && target ? toTicketMergedInto(target, targetAnsweredInWriting) : null,
    writtenReply,
  };
}

// What of a change the asker can see: a reorder or a new screening flag is no news to them.
const askerFace = (q: QuestionStaff) => {
  const { updatedAt: _u, interview: _i, ...face } = toTicketView(q, { slug: '', title: '' }, null, null);
  return JSON.stringify(face);
};
const followerFace = (q: QuestionStaff) => JSON.stringify([toTicketMergedInto(q), q.status === 'merged' ? q.mergedInto : null]);

/** What the asker sees of their own question (我的提问), through the ticket only they hold. */
export class AskerViews {
  constructor(private readonly db: Db) {}

  /** The asker's view through their ticket; a ticket that opens nothing is `not_found`. */
  async byTicket(ticket: string): Promise<TicketView> {
    const row = TICKET_SHAPE.test(ticket)
      ? await this.db.selectFrom('questions').selectAll().where('ticket_hash', '=', hashToken(ticket)).executeTakeFirst()
      : undefined;
    if (!row) throw new DomainError('not_found', 'ticket');
    const [view] = await this.views([row]);
    return view!;
  }

  /**
   * The question each ticket opens within one interview, in order; null for a ticket that opens none
   * there, whether it is malformed, unknown or another interview's, so a refusal tells nothing more.
   */
  async questionIds(tickets: readonly string[], interviewId: number): Promise<Array<number | null>> {
    const hashes = tickets.map((t) => (TICKET_SHAPE.test(t) ? hashToken(t) : null));
    const wanted = hashes.filter((h): h is string => h !== null);
    if (wanted.length === 0) return hashes.map(() => null);
    const rows = await this.db
      .selectFrom('questions')
      .select(['id', 'ticket_hash'])
      .where('ticket_hash', 'in', wanted)
      .where('interview_id', '=', interviewId)
      .execute();
    const byHash = new Map(rows.map((r) => [r.ticket_hash, r.id]));
    return hashes.map((h) => (h === null ? null : (byHash.get(h) ?? null)));
  }

  /** The current views of these questions (ids found by `questionIds`), in the same order. */
  async byIds(ids: readonly number[]): Promise<TicketView[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('questions').selectAll().where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return this.views(ids.flatMap((id) => byId.get(id) ?? []));
  }

  /**
   * The views a committed change makes stale: the changed question's own, and those of questions merged
   * into it (directly or through a chain), whose askers follow its status.
   */
  /** The questions whose askers a change is news to: the question itself, and those merged into it. */
  async affectedIds({ before, after }: Change): Promise<number[]> {
    const own = !before || askerFace(before) !== askerFace(after) ? [after.id] : [];
    const followers = before && followerFace(before) !== followerFace(after) ? await this.mergedInto(after) : [];
    return [...own, ...followers];
  }

  private async views(rows: QuestionRow[]): Promise<TicketView[]> {
    const out: TicketView[] = [];
    for (const row of rows) {
      const q = toQuestionStaff(row);
      const interview = await this.db
        .selectFrom('interviews')
        .select(['slug', 'title'])
        .where('id', '=', q.interviewId)
        .executeTakeFirstOrThrow();
      const target = q.status === 'merged' ? await this.finalTarget(q) : null;
      const reply = await this.publishedReply(q.id);
      const targetReplied = target !== null && (await this.publishedReply(target.id)) !== null;
      out.push(toTicketView(q, interview, target, await this.originalIfEdited(q), reply, targetReplied));
    }
    return out;
  }

  /** The published written reply (书面答复) to a question, or null. */
  private async publishedReply(questionId: number): Promise<WrittenReplyPublic | null> {
    const row = await this.db.selectFrom('written_replies').selectAll().where('question_id', '=', questionId).executeTakeFirst();
    return row ? toReplyPublic(row) : null;
  }

  /** The askers a written reply to `questionId` is news to: its own, and those of questions merged into it. */
  async replyFollowers(questionId: number): Promise<number[]> {
    const row = await this.db.selectFrom('questions').selectAll().where('id', '=', questionId).executeTakeFirst();
    return row ? [questionId, ...(await this.mergedInto(toQuestionStaff(row)))] : [];
  }

  /** The question a merged one ends up in, following merges of merged questions. */
  private async finalTarget(q: QuestionStaff): Promise<QuestionStaff | null> {
    let target: QuestionStaff | null = null;
    let next = q.mergedInto;
    for (let depth = 0; next !== null && depth < MAX_MERGE_DEPTH; depth++) {
      const row = await this.db.selectFrom('questions').selectAll().where('id', '=', next).executeTakeFirst();
      if (!row) return null;
      target = toQuestionStaff(row);
      next = target.status === 'merged' ? target.mergedInto : null;
    }
    return target;
  }

  /** Every question merged into `q`, directly or through questions merged into it. */
  private async mergedInto(q: QuestionStaff): Promise<number[]> {
    const found: number[] = [];
    let frontier = [q.id];
    for (let depth = 0; frontier.length > 0 && depth < MAX_MERGE_DEPTH; depth++) {
      const rows = await this.db
        .selectFrom('questions')
        .select('id')
        .where('interview_id', '=', q.interviewId)
        .where('status', '=', 'merged')
        .where('merged_into', 'in', frontier)
        .execute();
      frontier = rows.map((r) => r.id).filter((id) => !found.includes(id));
      found.push(...frontier);
    }
    return found;
  }

  /**
   * The asker's own wording when a reviewer changed the published one. Masking alone is not an edit: the
   * published wording is compared with what it was on submission (kept in the audit log), not with the
   * original, so masking rules that change later do not make old questions look edited.
   */
  private async originalIfEdited(q: QuestionRecord): Promise<string | null> {
    const submitted = await this.db
      .selectFrom('audit_log')
      .select(sql<string | null>`json_extract("after", '$.publicContent')`.as('wording'))
      .where('entity', '=', 'question')
      .where('entity_id', '=', q.id)
      .where('action', '=', 'question.submit')
      .executeTakeFirst();
    const asSubmitted = submitted?.wording ?? maskPersonalData(q.originalContent).text;
    return q.publicContent === asSubmitted ? null : q.originalContent;
  }
}
