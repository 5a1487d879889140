import { ProgramSpan } from '../../shared/schemas/record.js';
import type { RecordTrim, RecordTrimSet } from '../../shared/schemas/record-subtitles.js';
import { recordAudit, type Actor } from '../audit/log.js';
import { timestamp } from '../captions/formats.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';

/** What editing the record needs of the composed program: its length, its file and its wall-clock spans. */
export interface ProgramTimeline {
  durationMs: number;
  /** Relative to RECORDING_DIR. */
  path: string;
  spans: ProgramSpan[];
}

/** A time as the messages show it (00:01:05.000). */
export const clock = (ms: number) => timestamp(ms, '.');

/**
 * The program as last composed, or 409 while there is none: a row being composed for the first time, or
 * one that failed, has no length to edit against. (A re-composition keeps the previous figures until done.)
 */
export async function programTimeline(db: Db, interviewId: number): Promise<ProgramTimeline> {
  const row = await db.selectFrom('record_programs').select(['duration_ms', 'path', 'spans']).where('interview_id', '=', interviewId).executeTakeFirst();
  if (!row || row.duration_ms === null || row.path === null) throw new DomainError('conflict', 'program', 'program_not_ready');
  return { durationMs: row.duration_ms, path: row.path, spans: ProgramSpan.array().parse(JSON.parse(row.spans)) };
}

/** The record's in and out points (剪掉开场前和结束后的等待), in program time. */
export class RecordTrims {
  constructor(private readonly db: Db) {}

  /** The in and out points; the whole program when none were set (or the program got shorter since). */
  async get(interviewId: number): Promise<RecordTrim> {
    const { durationMs } = await programTimeline(this.db, interviewId);
    const row = await this.db.selectFrom('record_trims').select(['in_ms', 'out_ms']).where('interview_id', '=', interviewId).executeTakeFirst();
    const outMs = Math.min(row?.out_ms ?? durationMs, durationMs);
    const inMs = row && row.in_ms < outMs ? row.in_ms : 0;
    return { inMs, outMs, durationMs };
  }

  /** Sets both points: 400 when the out point is not after the in point or either lies beyond the program. Audited. */
  async set(interviewId: number, input: RecordTrimSet, actor: Actor): Promise<RecordTrim> {
    const { durationMs } = await programTimeline(this.db, interviewId);
    const outMs = input.outMs ?? durationMs;
    if (input.inMs > durationMs) throw new DomainError('validation', 'inMs', 'trim_outside', { max: clock(durationMs) });
    if (outMs > durationMs) throw new DomainError('validation', 'outMs', 'trim_outside', { max: clock(durationMs) });
    if (outMs <= input.inMs) throw new DomainError('validation', 'outMs', 'trim_order');
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('record_trims').select(['in_ms', 'out_ms']).where('interview_id', '=', interviewId).executeTakeFirst();
      const values = { in_ms: input.inMs, out_ms: input.outMs, updated_at: now, updated_by: actor.id };
      await trx
        .insertInto('record_trims')
        .values({ interview_id: interviewId, ...values })
        .onConflict((oc) => oc.column('interview_id').doUpdateSet(values))
        .execute();
      await recordAudit(trx, {
        actor,
        action: 'record.trim',
        entity: 'interview',
        entityId: interviewId,
        before: before ? { inMs: before.in_ms, outMs: before.out_ms } : null,
        after: { inMs: input.inMs, outMs: input.outMs },
        at: now,
      });
    });
    return { inMs: input.inMs, outMs, durationMs };
  }
}
