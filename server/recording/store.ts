import fs from 'node:fs';
import path from 'node:path';
import type { Layout } from '../../shared/media.js';
import type { RecordingStopReason } from '../../shared/schemas/recording.js';
import type { Db } from '../db/index.js';
import { probeSegment, readRunInfo, readSegmentList, runWallMs } from './ffmpeg.js';

/**
 * The capture's storage: settings and state per interview, the recorded spans, the segments and the on-air
 * timeline. Folder layout under RECORDING_DIR: `<interviewId>/raw/<participant>/<runStartMs>/<00000>.mkv`,
 * one run per ffmpeg process (a restart or a republish starts a new run), with `run.json` and `list.csv`.
 */
export class RecordingStore {
  constructor(
    private readonly db: Db,
    readonly root: string,
  ) {}

  interviewDir(interviewId: number): string {
    return path.join(this.root, String(interviewId));
  }

  /** A participant id (`u:3`, `g:7`) as a folder name. */
  runDir(interviewId: number, participantId: string, startedMs: number): string {
    return path.join(this.interviewDir(interviewId), 'raw', participantId.replace(/[^A-Za-z0-9_-]/g, '-'), String(startedMs));
  }

  async settings(interviewId: number): Promise<{ whenLive: boolean; active: boolean; stoppedReason: RecordingStopReason | null; completedAt: string | null }> {
    const row = await this.db.selectFrom('recordings').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
    return {
      whenLive: row ? row.when_live === 1 : true,
      active: row?.active === 1,
      stoppedReason: (row?.stopped_reason as RecordingStopReason | null | undefined) ?? null,
      completedAt: row?.completed_at ?? null,
    };
  }

  async save(interviewId: number, patch: { whenLive?: boolean; active?: boolean; stoppedReason?: RecordingStopReason | null; completedAt?: string | null }): Promise<void> {
    const now = new Date().toISOString();
    const set = {
      ...(patch.whenLive !== undefined && { when_live: patch.whenLive ? 1 : 0 }),
      ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
      ...(patch.stoppedReason !== undefined && { stopped_reason: patch.stoppedReason }),
      ...(patch.completedAt !== undefined && { completed_at: patch.completedAt }),
      updated_at: now,
    };
    await this.db
      .insertInto('recordings')
      .values({ interview_id: interviewId, ...set })
      .onConflict((oc) => oc.column('interview_id').doUpdateSet(set))
      .execute();
  }

  /** Interviews whose recording was on when the process last stopped, or whose capture is not yet complete. */
  async unfinished(): Promise<Array<{ interviewId: number; active: boolean }>> {
    const rows = await this.db.selectFrom('recordings').select(['interview_id', 'active', 'completed_at']).execute();
    return rows.filter((r) => r.active === 1 || r.completed_at === null).map((r) => ({ interviewId: r.interview_id, active: r.active === 1 }));
  }

  async openSpan(interviewId: number, startMs: number): Promise<void> {
    await this.closeSpan(interviewId, startMs);
    await this.db.insertInto('recording_spans').values({ interview_id: interviewId, start_ms: startMs, end_ms: null }).execute();
  }

  async closeSpan(interviewId: number, endMs: number): Promise<void> {
    await this.db.updateTable('recording_spans').set({ end_ms: endMs }).where('interview_id', '=', interviewId).where('end_ms', 'is', null).execute();
  }

  async spans(interviewId: number): Promise<Array<{ startMs: number; endMs: number | null }>> {
    const rows = await this.db.selectFrom('recording_spans').select(['start_ms', 'end_ms']).where('interview_id', '=', interviewId).orderBy('start_ms').execute();
    return rows.map((r) => ({ startMs: r.start_ms, endMs: r.end_ms }));
  }

  /** The end of the last media written (wall ms), to close a span a crash left open. */
  async lastMediaEnd(interviewId: number): Promise<number | null> {
    const rows = await this.db.selectFrom('recording_segments').select(['wall_start_ms', 'duration_ms', 'path']).where('interview_id', '=', interviewId).execute();
    let end: number | null = null;
    for (const r of rows) {
      // A segment cut by a crash has no duration: its file's time on disk is the best bound.
      const e = r.duration_ms !== null ? r.wall_start_ms + r.duration_ms : Math.round(mtimeMs(path.join(this.root, r.path)) ?? r.wall_start_ms);
      end = Math.max(end ?? e, e);
    }
    return end;
  }

  async addProgramChange(interviewId: number, atMs: number, layout: Layout, slots: Array<{ participantId: string; name: string; title: string }>): Promise<void> {
    await this.db.insertInto('recording_timeline').values({ interview_id: interviewId, at_ms: atMs, layout, slots: JSON.stringify(slots) }).execute();
  }

  async timeline(interviewId: number): Promise<Array<{ atMs: number; layout: Layout; slots: Array<{ participantId: string; name: string; title: string }> }>> {
    const rows = await this.db.selectFrom('recording_timeline').selectAll().where('interview_id', '=', interviewId).orderBy('at_ms').orderBy('id').execute();
    return rows.map((r) => ({ atMs: r.at_ms, layout: r.layout as Layout, slots: JSON.parse(r.slots) as Array<{ participantId: string; name: string; title: string }> }));
  }

  async segments(interviewId: number) {
    return this.db.selectFrom('recording_segments').selectAll().where('interview_id', '=', interviewId).orderBy('wall_start_ms').execute();
  }

  async bytes(interviewId: number): Promise<number> {
    let total = 0;
    for (const f of walk(path.join(this.interviewDir(interviewId), 'raw'))) if (f.endsWith('.mkv')) total += fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0;
    return total;
  }

  /** Every run folder of an interview on disk. */
  runDirs(interviewId: number): string[] {
    const raw = path.join(this.interviewDir(interviewId), 'raw');
    const out: string[] = [];
    for (const p of safeList(raw)) for (const r of safeList(path.join(raw, p))) out.push(path.join(raw, p, r));
    return out;
  }

  /**
   * Lists the closed segments of one run folder that are not in the database yet (probing each once). `open`:
   * ffmpeg still writes there, so its newest file is left for later. A segment not in ffmpeg's list of a run
   * that is no longer open was cut by a crash: it is added with a null duration.
   */
  async ingestRun(interviewId: number, dir: string, open: boolean): Promise<number> {
    const info = readRunInfo(dir);
    if (!info || runWallMs(info, 0) === null) return 0;
    const list = readSegmentList(dir);
    const files = safeList(dir).filter((f) => /^\d{5}\.mkv$/.test(f)).sort();
    if (open) files.pop();
    const known = new Set(
      (await this.db.selectFrom('recording_segments').select('path').where('interview_id', '=', interviewId).execute()).map((r) => r.path),
    );
    let added = 0;
    for (const [i, name] of files.entries()) {
      const abs = path.join(dir, name);
      const rel = path.relative(this.root, abs);
      if (known.has(rel)) continue;
      const listed = list.get(name);
      const probe = await probeSegment(abs);
      // Nothing readable (a header without a frame, cut at once): nothing to compose from it.
      if (!probe) continue;
      // ffmpeg's own timeline: a segment's start is where the previous one ended (0 for the first).
      const segStartSec = listed?.start ?? (i === 0 ? 0 : (list.get(files[i - 1]!)?.end ?? null));
      if (segStartSec === null) continue;
      const wall = runWallMs(info, segStartSec + probe.startSec);
      if (wall === null) continue;
      const wallStartMs = Math.round(wall);
      await this.db
        .insertInto('recording_segments')
        .values({
          interview_id: interviewId,
          participant_id: info.participantId,
          path: rel,
          wall_start_ms: wallStartMs,
          duration_ms: listed && probe.durationSec !== null ? Math.round(probe.durationSec * 1000) : null,
          has_audio: probe.hasAudio ? 1 : 0,
          has_video: probe.hasVideo ? 1 : 0,
          bytes: fs.statSync(abs).size,
        })
        .onConflict((oc) => oc.column('path').doNothing())
        .execute();
      added++;
    }
    return added;
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function* walk(dir: string): Generator<string> {
  for (const e of safeList(dir)) {
    const p = path.join(dir, e);
    if (fs.statSync(p, { throwIfNoEntry: false })?.isDirectory()) yield* walk(p);
    else yield p;
  }
}

function mtimeMs(file: string): number | null {
  return fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? null;
}
