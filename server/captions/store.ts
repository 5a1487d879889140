import { sql } from 'kysely';
import type { CueSource, Speaker } from '../../shared/schemas/caption.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import { speakerColumns, type CueRow, type CueState } from './mapping.js';

/** Who writes a line: a staff account at the desk, or an ingest token (an outside captioner). */
export type Writer = { kind: 'user'; userId: number; name: string } | { kind: 'token'; tokenId: number; name: string };

/** What a new row needs: the line's text so far, and where it sits on the broadcast clock. */
export interface NewLine {
  interviewId: number;
  track: string;
  writer: Writer;
  text: string;
  speaker: Speaker | null;
  state: 'open' | 'final';
  /** Wall clock when the line began. */
  at: Date;
  /** The broadcast clock's zero (ms since the epoch). */
  clockZero: number;
  /** When it was sent, for a final written at once (ingest, a line sent without partials). */
  sentAt?: Date;
}

const onClock = (t: Date, zero: number) => Math.max(0, t.getTime() - zero);

/** The SQL of caption lines; callers own the transaction and announce after it commits. */
export const cueStore = {
  /** Writes a line's row; its seq (the next in the track) is fixed here, once. */
  async insert(db: Db, l: NewLine): Promise<CueRow> {
    const last = await db
      .selectFrom('caption_cues')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('interview_id', '=', l.interviewId)
      .where('track', '=', l.track)
      .executeTakeFirst();
    const startMs = onClock(l.at, l.clockZero);
    return db
      .insertInto('caption_cues')
      .values({
        interview_id: l.interviewId,
        track: l.track,
        seq: Number(last?.seq ?? 0) + 1,
        ...speakerColumns(l.speaker),
        text: l.text,
        state: l.state,
        start_ms: startMs,
        end_ms: l.state === 'final' ? Math.max(startMs, onClock(l.sentAt ?? l.at, l.clockZero)) : null,
        at: l.at.toISOString(),
        source: (l.writer.kind === 'user' ? 'desk' : 'ingest') satisfies CueSource,
        author_user_id: l.writer.kind === 'user' ? l.writer.userId : null,
        author_token_id: l.writer.kind === 'token' ? l.writer.tokenId : null,
        author_name: l.writer.name,
        updated_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** An open line becomes final with its last text; end_ms is when it was sent. */
  async finalize(db: Db, id: number, text: string, speaker: Speaker | null, sentAt: Date, clockZero: number): Promise<CueRow> {
    const row = await db
      .updateTable('caption_cues')
      .set({ ...speakerColumns(speaker), text, state: 'final', end_ms: sql<number>`max(start_ms, ${onClock(sentAt, clockZero)})`, updated_at: sentAt.toISOString() })
      .where('id', '=', id)
      .where('state', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'id');
    return row;
  },

  /** Moves a row to another state (withdrawn, abandoned). */
  async setState(db: Db, id: number, state: CueState): Promise<void> {
    await db.updateTable('caption_cues').set({ state, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
  },

  async get(db: Db, id: number): Promise<CueRow | undefined> {
    return db.selectFrom('caption_cues').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Every final cue of a track, in order. */
  async finals(db: Db, interviewId: number, track: string): Promise<CueRow[]> {
    return db.selectFrom('caption_cues').selectAll().where('interview_id', '=', interviewId).where('track', '=', track).where('state', '=', 'final').orderBy('seq').execute();
  },

  /** The last `perTrack` final cues of each track, in track then seq order. */
  async recentFinals(db: Db, interviewId: number, perTrack: number): Promise<CueRow[]> {
    const { rows } = await sql<CueRow>`
      SELECT * FROM (
        SELECT c.*, ROW_NUMBER() OVER (PARTITION BY track ORDER BY seq DESC) AS rn
        FROM caption_cues c WHERE interview_id = ${interviewId} AND state = 'final'
      ) WHERE rn <= ${perTrack} ORDER BY track, seq`.execute(db);
    return rows.map(({ rn: _rn, ...r }: CueRow & { rn?: number }) => r);
  },

  /** Lines left open by a process that stopped: their text beyond the first partial was in its memory. */
  async abandonOpen(db: Db): Promise<number> {
    const r = await db.updateTable('caption_cues').set({ state: 'abandoned', updated_at: new Date().toISOString() }).where('state', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
