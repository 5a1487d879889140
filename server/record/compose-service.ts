/**
 * The composed program of each interview (record_programs): made automatically once the capture of an ended
 * interview is complete, or again on an editor's request; one composition at a time, at low priority, and
 * redone after a restart that interrupted one.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ProgramSpan, type RecordProgramStaff } from '../../shared/schemas/record.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import type { InterviewService } from '../interviews/service.js';
import type { CaptureManifest } from '../recording/manifest.js';
import { listAirings } from './airings.js';
import { NETIZEN_LABEL } from './transcript.js';
import type { OnAirQuestion } from './compose-plan.js';
import { composeProgram, NothingToCompose } from './compose-run.js';

/**
 * What composing needs of the capture (server/recording's RecordingService provides it): the manifest, whether
 * a capture is still running, and a call once the capture of an ENDED interview is complete.
 */
export interface CaptureSource {
  /** The capture of an interview; null when nothing was recorded. */
  manifest(interviewId: number): Promise<CaptureManifest | null>;
  /** True while the interview's capture is still running or being closed. */
  isCapturing(interviewId: number): boolean;
  /** Subscribes to "the capture of this ended interview is complete"; returns the unsubscribe. */
  onCaptureComplete(listener: (interviewId: number) => void): () => void;
}

/** The bus event the recording service sends once an ended interview's capture is complete. */
interface CompletionBus {
  on(event: 'recording:complete', listener: (p: { interviewId: number }) => void): unknown;
  off(event: 'recording:complete', listener: (p: { interviewId: number }) => void): unknown;
}

/**
 * The capture side as server/recording offers it: `RecordingService.manifest()`, its running recorders
 * (`capturesOf`), and `recording:complete` on the domain bus.
 */
export function captureSourceOf(
  recording: { manifest(interviewId: number): Promise<CaptureManifest | null>; capturesOf(interviewId: number): readonly unknown[] },
  bus: CompletionBus,
): CaptureSource {
  return {
    manifest: (id) => recording.manifest(id),
    isCapturing: (id) => recording.capturesOf(id).length > 0,
    onCaptureComplete(listener) {
      const forward = (p: { interviewId: number }) => listener(p.interviewId);
      bus.on('recording:complete', forward);
      return () => void bus.off('recording:complete', forward);
    },
  };
}

/** Until the capture is attached (useCaptures): nothing was recorded. */
const NO_CAPTURE: CaptureSource = {
  manifest: async () => null,
  isCapturing: () => false,
  onCaptureComplete: () => () => undefined,
};

/** The staff URL of the program, with its composition time so a re-composed file is never served from a cache. */
export function programUrl(interviewId: number, composedAt: string): string {
  return `/api/studio/interviews/${interviewId}/record/program.mp4?v=${Date.parse(composedAt)}`;
}

export class ProgramComposer {
  private captures: CaptureSource = NO_CAPTURE;
  private unsubscribe: () => void = () => undefined;
  private readonly queue: number[] = [];
  private running: { interviewId: number; abort: AbortController } | null = null;
  private pumping: Promise<void> = Promise.resolve();
  /** Automatic starts still checking the interview and the capture. */
  private readonly starting = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly interviews: InterviewService,
    /** RECORDING_DIR: the program is `<interviewId>/program.mp4` under it. */
    private readonly dir: string,
    /** Where a failed composition is reported besides its row (the server's logger). */
    private readonly warn: (info: Record<string, unknown>, msg: string) => void = () => undefined,
  ) {}

  /**
   * Attaches the capture: from now on a completed capture of an ended interview is composed by itself, and the
   * compositions a stop interrupted are redone (they need the capture's manifest, hence here and not earlier).
   */
  async useCaptures(source: CaptureSource): Promise<void> {
    this.unsubscribe();
    this.captures = source;
    this.unsubscribe = source.onCaptureComplete((id) => {
      const started = this.auto(id).finally(() => this.starting.delete(started));
      this.starting.add(started);
    });
    await this.recover();
  }

  /** Redoes the compositions a stop interrupted (rows still 'composing'). */
  private async recover(): Promise<void> {
    const rows = await this.db.selectFrom('record_programs').select('interview_id').where('state', '=', 'composing').execute();
    for (const r of rows) this.enqueue(r.interview_id);
  }

  /** The program as the studio sees it; 404 before any composition. */
  async status(interviewId: number): Promise<RecordProgramStaff> {
    await this.interviews.getById(interviewId);
    const row = await this.db.selectFrom('record_programs').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'record');
    const ready = row.state === 'ready' && row.composed_at !== null;
    return {
      state: row.state as RecordProgramStaff['state'],
      durationMs: ready ? row.duration_ms : null,
      bytes: ready ? row.bytes : null,
      video: ready ? programUrl(interviewId, row.composed_at!) : null,
      error: row.error,
      composedAt: row.composed_at,
    };
  }

  /** The ready program's file (absolute), for range serving; 404 otherwise. */
  async programFile(interviewId: number): Promise<{ root: string; file: string }> {
    const row = await this.db.selectFrom('record_programs').select(['state', 'path']).where('interview_id', '=', interviewId).executeTakeFirst();
    if (!row || row.state !== 'ready' || !row.path) throw new DomainError('not_found', 'record');
    return { root: this.dir, file: row.path };
  }

  /** Program spans of the ready program (wall clock → program time), for subtitles and chapters. */
  async spans(interviewId: number): Promise<ProgramSpan[]> {
    const row = await this.db.selectFrom('record_programs').select(['state', 'spans']).where('interview_id', '=', interviewId).executeTakeFirst();
    if (!row || row.state !== 'ready') throw new DomainError('not_found', 'record');
    return ProgramSpan.array().parse(JSON.parse(row.spans));
  }

  /**
   * An editor's request to (re)compose: 409 while the interview is live or its capture still runs, when nothing
   * was recorded, or while a composition of it is queued or running.
   */
  async request(interviewId: number): Promise<RecordProgramStaff> {
    const interview = await this.interviews.getById(interviewId);
    if (interview.status === 'live') throw new DomainError('conflict', undefined, 'record_live');
    if (this.captures.isCapturing(interviewId)) throw new DomainError('conflict', undefined, 'record_capturing');
    if (this.isQueued(interviewId)) throw new DomainError('conflict', undefined, 'record_composing');
    const manifest = await this.captures.manifest(interviewId);
    if (!manifest || manifest.segments.length === 0) throw new DomainError('conflict', undefined, 'record_no_capture');
    await this.markComposing(interviewId);
    this.enqueue(interviewId);
    return this.status(interviewId);
  }

  /** Resolves once nothing is queued or running (tests, and a clean stop). */
  async idle(): Promise<void> {
    while (this.starting.size > 0 || this.running || this.queue.length > 0) await Promise.all([...this.starting, this.pumping]);
  }

  /** Stops: kills a running ffmpeg (its row stays 'composing', so the next start redoes it). */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.queue.length = 0;
    this.running?.abort.abort();
  }

  private isQueued(interviewId: number): boolean {
    return this.running?.interviewId === interviewId || this.queue.includes(interviewId);
  }

  private async auto(interviewId: number): Promise<void> {
    if (this.closed || this.isQueued(interviewId)) return;
    try {
      const interview = await this.interviews.getById(interviewId);
      if (interview.status !== 'ended') return;
      const manifest = await this.captures.manifest(interviewId);
      if (!manifest || manifest.segments.length === 0) return;
      await this.markComposing(interviewId);
      this.enqueue(interviewId);
    } catch (err) {
      this.warn({ err, interviewId }, 'could not start composing the program');
    }
  }

  private async markComposing(interviewId: number): Promise<void> {
    const now = new Date().toISOString();
    await this.db
      .insertInto('record_programs')
      .values({ interview_id: interviewId, state: 'composing', started_at: now, path: null, error: null })
      .onConflict((oc) => oc.column('interview_id').doUpdateSet({ state: 'composing', started_at: now, error: null }))
      .execute();
  }

  private enqueue(interviewId: number): void {
    if (this.closed || this.isQueued(interviewId)) return;
    this.queue.push(interviewId);
    if (!this.running) this.pumping = this.pump();
  }

  private async pump(): Promise<void> {
    for (let id = this.queue.shift(); id !== undefined && !this.closed; id = this.queue.shift()) {
      const abort = new AbortController();
      this.running = { interviewId: id, abort };
      try {
        await this.compose(id, abort.signal);
      } catch (err) {
        // Stopped by close(): the row stays 'composing' and recover() redoes it at the next start.
        if (!abort.signal.aborted) await this.fail(id, err);
      } finally {
        this.running = null;
      }
    }
  }

  private async compose(interviewId: number, signal: AbortSignal): Promise<void> {
    const manifest = await this.captures.manifest(interviewId);
    if (!manifest || manifest.segments.length === 0) throw new NothingToCompose();
    const folder = path.join(this.dir, String(interviewId));
    await fs.mkdir(folder, { recursive: true });
    const onAir = await onAirQuestions(this.db, interviewId);
    const result = await composeProgram(manifest, path.join(folder, 'program.mp4'), { workDir: path.join(folder, 'compose-work'), signal, onAir });
    await this.db
      .updateTable('record_programs')
      .set({
        state: 'ready',
        path: path.join(String(interviewId), 'program.mp4'),
        duration_ms: result.durationMs,
        bytes: result.bytes,
        spans: JSON.stringify(result.spans),
        error: null,
        composed_at: new Date().toISOString(),
      })
      .where('interview_id', '=', interviewId)
      .execute();
  }

  private async fail(interviewId: number, err: unknown): Promise<void> {
    const message = err instanceof NothingToCompose ? 'nothing recorded' : err instanceof Error ? err.message : String(err);
    this.warn({ err, interviewId }, 'composing the program failed');
    await this.db
      .updateTable('record_programs')
      .set({ state: 'failed', error: message.slice(0, 1000) })
      .where('interview_id', '=', interviewId)
      .execute();
  }
}

/**
 * The questions put on air, with the strip's text as viewers saw it: the public (masked, reviewed) wording and
 * the asker's display name (网友 when they gave none). Chinese: the program is the portal's, in its language.
 */
async function onAirQuestions(db: Db, interviewId: number): Promise<OnAirQuestion[]> {
  const airings = await listAirings(db, interviewId);
  if (airings.length === 0) return [];
  const rows = await db
    .selectFrom('questions')
    .select(['id', 'public_content', 'nickname'])
    .where('id', 'in', [...new Set(airings.map((a) => a.questionId))])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return airings.flatMap((a) => {
    const q = byId.get(a.questionId);
    return q ? [{ onAirMs: a.onAirMs, offAirMs: a.offAirMs, content: q.public_content, askedBy: `提问：${q.nickname || NETIZEN_LABEL}` }] : [];
  });
}
