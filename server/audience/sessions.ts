import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/** Connects and disconnects are written at most this often, in one transaction: 5,000 viewers joining in a
 * second are one commit, not 5,000 (bench/RESULTS.md, yearReport). */
const FLUSH_INTERVAL_MS = 1000;
/** Open sessions get their heartbeat this often: a crash loses at most this much of their watch time. */
const HEARTBEAT_INTERVAL_MS = 30_000;
/** Rows per INSERT statement (SQLite allows 32,766 bound values; 5 columns each). */
const INSERT_CHUNK = 500;
/** Sessions per UPDATE of their ends (3 bound values each). */
const UPDATE_CHUNK = 300;

interface Pending {
  key: string;
  interviewId: number;
  socketId: string;
  startedAt: string;
  endedAt: string | null;
  closedBy: string | null;
  written: boolean;
}

/**
 * 观看记录: one append-only row per live viewer connection on /viewer, the statistics' source for peak and
 * total viewers and watch time. The socket handlers only call `opened`/`closed` (no database work on the
 * socket's path); a timer writes what happened since the last flush in one transaction.
 */
export class ViewerSessionLog {
  /** Sessions whose start or end is not on disk yet, by session key. */
  private readonly pending = new Map<string, Pending>();
  private flushTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** After `close`: the shutdown closed every open session, later disconnects change nothing. */
  private stopped = false;

  constructor(
    private readonly db: Db,
    private onError: (err: unknown) => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Closes the sessions a crash left open, at their last heartbeat (the best the disk knows of when they
   * ended). Run once at start, before any viewer connects.
   */
  async recover(): Promise<number> {
    const r = await this.db
      .updateTable('viewer_sessions')
      .set((eb) => ({ ended_at: eb.ref('last_seen_at'), closed_by: 'boot' }))
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Where failed writes are reported (the app's logger, once it exists). */
  reportErrorsTo(onError: (err: unknown) => void): void {
    this.onError = onError;
  }

  /** A viewer connected: returns the session's key, to hand to `closed` when it disconnects. */
  opened(interviewId: number, socketId: string): string {
    const key = randomUUID();
    if (this.stopped) return key;
    this.pending.set(key, { key, interviewId, socketId, startedAt: this.now().toISOString(), endedAt: null, closedBy: null, written: false });
    this.start();
    return key;
  }

  /** The viewer's connection ended. */
  closed(key: string, closedBy: 'disconnect' | 'shutdown' = 'disconnect'): void {
    if (this.stopped) return;
    const at = this.now().toISOString();
    const p = this.pending.get(key);
    if (p) {
      p.endedAt = at;
      p.closedBy = closedBy;
    } else {
      this.pending.set(key, { key, interviewId: 0, socketId: '', startedAt: '', endedAt: at, closedBy, written: true });
    }
    this.start();
  }

  /** Writes what is pending now (tests and shutdown call it; the timer does otherwise). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch((err: unknown) => this.onError(err));
    return this.flushing;
  }

  /** Flushes, then closes every session still open as ended by the shutdown, and stops the timers. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.flushTimer = this.heartbeatTimer = null;
    await this.flush();
    const at = this.now().toISOString();
    await this.db.updateTable('viewer_sessions').set({ ended_at: at, last_seen_at: at, closed_by: 'shutdown' }).where('ended_at', 'is', null).execute();
  }

  private start(): void {
    if (this.flushTimer) return;
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
    this.heartbeatTimer = setInterval(() => this.heartbeat().catch((err: unknown) => this.onError(err)), HEARTBEAT_INTERVAL_MS);
    this.heartbeatTimer.unref();
  }

  /** Moves every open session's heartbeat to now: one statement, whatever the audience. */
  async heartbeat(): Promise<void> {
    await this.flush();
    await this.db.updateTable('viewer_sessions').set({ last_seen_at: this.now().toISOString() }).where('ended_at', 'is', null).execute();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.writeBatch(batch);
    } catch (err) {
      if (!isConstraint(err)) {
        this.putBack(batch);
        throw err;
      }
      // One row the database refuses (its interview is gone) must not hold back everyone else's: write them
      // one by one, drop the refused ones (reported), keep any that failed for another reason.
      const failed: Pending[] = [];
      for (const p of batch) {
        try {
          await this.writeBatch([p]);
        } catch (one) {
          if (isConstraint(one)) this.onError(one);
          else failed.push(p);
        }
      }
      this.putBack(failed);
    }
  }

  private async writeBatch(batch: readonly Pending[]): Promise<void> {
    const inserts = batch.filter((p) => !p.written);
    const ends = batch.filter((p) => p.written && p.endedAt);
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
        const rows = inserts.slice(i, i + INSERT_CHUNK).map((p) => ({
          session_key: p.key,
          interview_id: p.interviewId,
          socket_id: p.socketId,
          started_at: p.startedAt,
          last_seen_at: p.endedAt ?? p.startedAt,
          ended_at: p.endedAt,
          closed_by: p.closedBy,
        }));
        await trx.insertInto('viewer_sessions').values(rows).execute();
      }
      // One UPDATE … FROM (VALUES …) per chunk: an UPDATE per session held the write lock 0.6 s for 5,000
      // ends, against 0.05 s this way (bench/RESULTS.md, year-report).
      for (let i = 0; i < ends.length; i += UPDATE_CHUNK) {
        const values = sql.join(ends.slice(i, i + UPDATE_CHUNK).map((p) => sql`(${p.key}, ${p.endedAt}, ${p.closedBy})`));
        await sql`UPDATE viewer_sessions SET ended_at = v.column2, last_seen_at = v.column2, closed_by = v.column3
          FROM (VALUES ${values}) AS v WHERE viewer_sessions.session_key = v.column1 AND viewer_sessions.ended_at IS NULL`.execute(trx);
      }
    });
  }

  /**
   * Puts unwritten entries back for the next flush (a busy database, a full disk that clears). A session that
   * ended meanwhile has a newer entry holding only its end: it is folded into the unwritten start.
   */
  private putBack(entries: readonly Pending[]): void {
    for (const p of entries) {
      const newer = this.pending.get(p.key);
      if (newer && !p.written) Object.assign(p, { endedAt: newer.endedAt, closedBy: newer.closedBy });
      if (!newer || !p.written) this.pending.set(p.key, p);
    }
  }
}

/** A row the database refuses for what it is (a foreign key, a trigger), not for the moment. */
function isConstraint(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_CONSTRAINT');
}
