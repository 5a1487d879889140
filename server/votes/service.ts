import SQLite from 'better-sqlite3';
import type { Selectable, Transaction } from 'kysely';
import type { VoteCast, VoteCastResult, VoteOpen, VotePublic, VoteStaff } from '../../shared/schemas/vote.js';
import { recordAudit, type Actor } from '../audit/log.js';
import { hashToken } from '../auth/tokens.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import type { InterviewService } from '../interviews/service.js';
import { effectiveStatus, isOpenAt, tally } from './tally.js';

type VoteRow = Selectable<Database['topic_votes']>;
type Reader = Db | Transaction<Database>;

/**
 * 选题投票: the admin opens a vote among candidate topics, netizens cast one ballot per browser, the admin
 * shows the count publicly if it wants, closes the vote and picks the interview's topic. Ballots are not
 * audited (they are anonymous and many); every staff decision is.
 */
export class VoteService {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly interviews: InterviewService,
  ) {}

  private async staffOf(db: Reader, vote: VoteRow, now = new Date()): Promise<VoteStaff> {
    const candidates = await db.selectFrom('topic_vote_candidates').select(['id', 'topic']).where('vote_id', '=', vote.id).orderBy('position').execute();
    const counts = await db
      .selectFrom('topic_vote_ballots')
      .select(['candidate_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('vote_id', '=', vote.id)
      .groupBy('candidate_id')
      .execute();
    const t = tally(candidates, counts);
    const open = isOpenAt(vote.status, vote.closes_at, now);
    return {
      id: vote.id,
      interviewId: vote.interview_id,
      status: effectiveStatus(vote.status, vote.closes_at, now),
      closesAt: vote.closes_at,
      resultsPublic: vote.results_public === 1,
      candidates: t.candidates,
      total: t.total,
      pickedCandidateId: vote.picked_candidate_id,
      openedAt: vote.opened_at,
      closedAt: vote.closed_at ?? (open ? null : vote.closes_at),
    };
  }

  private async voteRow(db: Reader, voteId: number): Promise<VoteRow> {
    const row = await db.selectFrom('topic_votes').selectAll().where('id', '=', voteId).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'vote');
    return row;
  }

  /** The interview's vote as the admin sees it (always with the count), or null when none was opened. */
  async forInterview(interviewId: number): Promise<VoteStaff | null> {
    await this.interviews.getById(interviewId);
    const row = await this.db.selectFrom('topic_votes').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
    return row ? this.staffOf(this.db, row) : null;
  }

  /** The public view by slug: 404 without a vote; the count only once the admin made it public. */
  /** The public view of a public interview's vote, or null while it has none (404 only for the interview). */
  async publicView(slug: string, now = new Date()): Promise<VotePublic | null> {
    const interview = await this.interviews.getPublic(slug);
    const row = await this.db.selectFrom('topic_votes').selectAll().where('interview_id', '=', interview.id).executeTakeFirst();
    if (!row) return null;
    const v = await this.staffOf(this.db, row, now);
    const shown = v.resultsPublic;
    return {
      id: v.id,
      status: v.status,
      closesAt: v.closesAt,
      resultsPublic: shown,
      candidates: v.candidates.map((c) => (shown ? c : { id: c.id, topic: c.topic })),
      total: shown ? v.total : null,
      pickedCandidateId: v.pickedCandidateId,
    };
  }

  /**
   * Opens the vote: before the broadcast only (draft or scheduled), one per interview, a closing time (if
   * given) in the future. The candidates' count and distinctness are the schema's (VoteOpen).
   */
  async open(interviewId: number, input: VoteOpen, actor: Actor, now = new Date()): Promise<VoteStaff> {
    const interview = await this.interviews.getById(interviewId);
    if (interview.status !== 'draft' && interview.status !== 'scheduled') throw new DomainError('conflict', 'status', 'vote_too_late');
    if (input.closesAt && Date.parse(input.closesAt) <= now.getTime()) throw new DomainError('validation', 'closesAt', 'vote_closes_past');
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('topic_votes').select('id').where('interview_id', '=', interviewId).executeTakeFirst();
      if (existing) throw new DomainError('conflict', 'vote', 'vote_exists');
      const vote = await trx
        .insertInto('topic_votes')
        .values({ interview_id: interviewId, status: 'open', closes_at: input.closesAt ? new Date(input.closesAt).toISOString() : null, opened_by: actor.id, opened_at: at, closed_at: null, picked_candidate_id: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('topic_vote_candidates')
        .values(input.candidates.map((topic, position) => ({ vote_id: vote.id, position, topic })))
        .execute();
      const after = await this.staffOf(trx, vote, now);
      await recordAudit(trx, { actor, action: 'vote.open', entity: 'topic_vote', entityId: vote.id, after, at });
      return after;
    });
  }

  /**
   * One ballot: 409 when the vote is closed (or past its closing time) or this browser's token already
   * voted (the unique index decides, so two ballots racing cannot both count); 400 for a candidate that is
   * not on this vote. Resolves after the commit.
   */
  async cast(slug: string, input: VoteCast, now = new Date()): Promise<VoteCastResult> {
    const interview = await this.interviews.getPublic(slug);
    const vote = await this.db.selectFrom('topic_votes').selectAll().where('interview_id', '=', interview.id).executeTakeFirst();
    if (!vote) throw new DomainError('not_found', 'vote');
    if (!isOpenAt(vote.status, vote.closes_at, now)) throw new DomainError('conflict', 'vote', 'vote_closed');
    const candidate = await this.db.selectFrom('topic_vote_candidates').select('id').where('id', '=', input.candidateId).where('vote_id', '=', vote.id).executeTakeFirst();
    if (!candidate) throw new DomainError('validation', 'candidateId', 'vote_candidate_unknown');
    const castAt = now.toISOString();
    try {
      await this.db.insertInto('topic_vote_ballots').values({ vote_id: vote.id, candidate_id: candidate.id, voter_hash: hashToken(input.voterToken), cast_at: castAt }).execute();
    } catch (err) {
      if (err instanceof SQLite.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DomainError('conflict', 'voterToken', 'vote_already_cast');
      throw err;
    }
    return { candidateId: candidate.id, castAt };
  }

  /** Shows or hides the count on the public page. */
  async setResultsPublic(voteId: number, resultsPublic: boolean, actor: Actor): Promise<VoteStaff> {
    const at = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const row = await this.voteRow(trx, voteId);
      const before = await this.staffOf(trx, row);
      const updated = await trx.updateTable('topic_votes').set({ results_public: resultsPublic ? 1 : 0 }).where('id', '=', voteId).returningAll().executeTakeFirstOrThrow();
      const after = await this.staffOf(trx, updated);
      await recordAudit(trx, { actor, action: resultsPublic ? 'vote.results.show' : 'vote.results.hide', entity: 'topic_vote', entityId: voteId, before, after, at });
      return after;
    });
  }

  /** Closes the vote: no more ballots. 409 when it is already closed by the admin. */
  async close(voteId: number, actor: Actor): Promise<VoteStaff> {
    const at = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const row = await this.voteRow(trx, voteId);
      if (row.status === 'closed') throw new DomainError('conflict', 'vote', 'vote_closed');
      const before = await this.staffOf(trx, row);
      const updated = await trx.updateTable('topic_votes').set({ status: 'closed', closed_at: at }).where('id', '=', voteId).returningAll().executeTakeFirstOrThrow();
      const after = await this.staffOf(trx, updated);
      await recordAudit(trx, { actor, action: 'vote.close', entity: 'topic_vote', entityId: voteId, before, after, at });
      return after;
    });
  }

  /**
   * Picks the topic: closes the vote if it is still open and sets the interview's topic to the candidate,
   * audited on the interview with the topic before and after. Any candidate may be picked (the count
   * advises, the 电子政务中心 decides); once picked, the topic is edited on the interview itself.
   */
  async pick(voteId: number, candidateId: number, actor: Actor): Promise<VoteStaff> {
    const at = new Date().toISOString();
    const { after, interviewId } = await this.db.transaction().execute(async (trx) => {
      const row = await this.voteRow(trx, voteId);
      if (row.picked_candidate_id !== null) throw new DomainError('conflict', 'vote', 'vote_picked');
      const candidate = await trx.selectFrom('topic_vote_candidates').selectAll().where('id', '=', candidateId).where('vote_id', '=', voteId).executeTakeFirst();
      if (!candidate) throw new DomainError('validation', 'candidateId', 'vote_candidate_unknown');
      const interview = await trx.selectFrom('interviews').select(['id', 'topic']).where('id', '=', row.interview_id).executeTakeFirstOrThrow();
      const before = await this.staffOf(trx, row);
      const updated = await trx
        .updateTable('topic_votes')
        .set({ status: 'closed', closed_at: row.closed_at ?? at, picked_candidate_id: candidate.id })
        .where('id', '=', voteId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.updateTable('interviews').set({ topic: candidate.topic, updated_at: at }).where('id', '=', row.interview_id).execute();
      const out = await this.staffOf(trx, updated);
      await recordAudit(trx, {
        actor,
        action: 'vote.pick',
        entity: 'interview',
        entityId: row.interview_id,
        before: { topic: interview.topic, vote: before },
        after: { topic: candidate.topic, vote: out },
        at,
      });
      return { after: out, interviewId: row.interview_id };
    });
    this.bus.emit('interview:changed', await this.interviews.getById(interviewId));
    return after;
  }
}
