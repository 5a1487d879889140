import type {
  RecordCue,
  RecordCueAdd,
  RecordCuePatch,
  RecordCueSplit,
  RecordShift,
  RecordSubtitleImport,
  RecordSubtitleTrack,
} from '../../shared/schemas/record-subtitles.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import { parseSubtitleFile } from './subtitle-files.js';
import type { RecordSubtitles } from './subtitles.js';
import { clock, programTimeline } from './trim.js';

/** What an edit sees: the track's stored cues (in order) and the program's length. */
interface EditContext {
  trx: Db;
  cues: RecordCue[];
  durationMs: number;
  /** A cue by id; a live-derived id (negative, as the editor was shown it) names the cue stored from it. */
  cue(id: number): RecordCue;
}

/** Joins two parts of a sentence: Chinese runs on without a space, other scripts take one. */
function join(a: string, b: string): string {
  const cjk = /[\u3000-\u9fff\uff00-\uffef]/;
  return cjk.test(a.slice(-1)) || cjk.test(b[0] ?? '') ? a + b : `${a} ${b}`;
}

function checkTimes(startMs: number, endMs: number, durationMs: number, field = 'endMs'): void {
  if (endMs <= startMs) throw new DomainError('validation', field, 'cue_order');
  if (endMs > durationMs) throw new DomainError('validation', field, 'cue_outside', { max: clock(durationMs) });
}

/**
 * Editing a track's replay subtitles. The first change stores the track's live-derived cues, and every change
 * runs in one transaction, so an edit never lands on cues another editor has just replaced.
 */
export class RecordSubtitleEditor {
  constructor(
    private readonly db: Db,
    private readonly subs: RecordSubtitles,
  ) {}

  /** Changes a cue's text, speaker, start or end; 400 when it would end before it starts or after the program. */
  update(interviewId: number, track: string, id: number, patch: RecordCuePatch, actor: Actor): Promise<RecordSubtitleTrack> {
    return this.change(interviewId, track, actor, async (x) => {
      const c = x.cue(id);
      const startMs = patch.startMs ?? c.startMs;
      const endMs = patch.endMs ?? c.endMs;
      checkTimes(startMs, endMs, x.durationMs, patch.endMs === undefined ? 'startMs' : 'endMs');
      const speaker = patch.speaker === undefined ? c.speaker : patch.speaker || null;
      await x.trx.updateTable('record_cues').set({ start_ms: startMs, end_ms: endMs, text: patch.text ?? c.text, speaker }).where('id', '=', c.id).execute();
    });
  }

  /** Splits a cue before character `at`: the second part starts at `atMs`, or in proportion to the text. */
  split(interviewId: number, track: string, id: number, input: RecordCueSplit, actor: Actor): Promise<RecordSubtitleTrack> {
    return this.change(interviewId, track, actor, async (x) => {
      const c = x.cue(id);
      const chars = [...c.text];
      const first = chars.slice(0, input.at).join('').trim();
      const second = chars.slice(input.at).join('').trim();
      if (!first || !second) throw new DomainError('validation', 'at', 'split_at');
      const atMs = input.atMs ?? Math.round(c.startMs + ((c.endMs - c.startMs) * input.at) / chars.length);
      if (atMs <= c.startMs || atMs >= c.endMs) throw new DomainError('validation', 'atMs', 'split_time');
      await x.trx.updateTable('record_cues').set({ text: first, end_ms: atMs }).where('id', '=', c.id).execute();
      await x.trx.insertInto('record_cues').values({ interview_id: interviewId, track, start_ms: atMs, end_ms: c.endMs, speaker: c.speaker, text: second }).execute();
    });
  }

  /** Merges a cue with the one after it: its start, the later end, both texts. */
  mergeNext(interviewId: number, track: string, id: number, actor: Actor): Promise<RecordSubtitleTrack> {
    return this.change(interviewId, track, actor, async (x) => {
      const c = x.cue(id);
      const next = x.cues[x.cues.indexOf(c) + 1];
      if (!next) throw new DomainError('validation', 'id', 'merge_last');
      await x.trx.updateTable('record_cues').set({ text: join(c.text, next.text), end_ms: Math.max(c.endMs, next.endMs) }).where('id', '=', c.id).execute();
      await x.trx.deleteFrom('record_cues').where('id', '=', next.id).execute();
    });
  }

  /** Adds a cue (e.g. at the playhead, for a line the live captions missed). */
  add(interviewId: number, track: string, input: RecordCueAdd, actor: Actor): Promise<RecordSubtitleTrack> {
    return this.change(interviewId, track, actor, async (x) => {
      checkTimes(input.startMs, input.endMs, x.durationMs);
      await x.trx.insertInto('record_cues').values({ interview_id: interviewId, track, start_ms: input.startMs, end_ms: input.endMs, speaker: input.speaker || null, text: input.text }).execute();
    });
  }

  /** Deletes a cue from the replay (the live caption stays in the live record). */
  remove(interviewId: number, track: string, id: number, actor: Actor): Promise<RecordSubtitleTrack> {
    return this.change(interviewId, track, actor, async (x) => {
      await x.trx.deleteFrom('record_cues').where('id', '=', x.cue(id).id).execute();
    });
  }

  /** Moves every cue by `deltaMs`; 400 (with how far it can go) when one would leave the program. Audited. */
  shift(interviewId: number, track: string, input: RecordShift, actor: Actor): Promise<RecordSubtitleTrack> {
    return this.change(interviewId, track, actor, async (x) => {
      if (x.cues.length === 0) return;
      const min = -Math.min(...x.cues.map((c) => c.startMs));
      const max = x.durationMs - Math.max(...x.cues.map((c) => c.endMs));
      if (input.deltaMs < min || input.deltaMs > max) throw new DomainError('validation', 'deltaMs', 'shift_outside', { min, max });
      await x.trx
        .updateTable('record_cues')
        .set((eb) => ({ start_ms: eb('start_ms', '+', input.deltaMs), end_ms: eb('end_ms', '+', input.deltaMs) }))
        .where('interview_id', '=', interviewId)
        .where('track', '=', track)
        .execute();
      await recordAudit(x.trx, { actor, action: 'record.subtitles.shift', entity: 'interview', entityId: interviewId, after: { track, deltaMs: input.deltaMs } });
    });
  }

  /**
   * Replaces the track's cues with a WebVTT or SRT file: 400 with the line number for a malformed cue or one
   * outside the recording, and then nothing changes. Audited.
   */
  async importFile(interviewId: number, track: string, input: RecordSubtitleImport, actor: Actor): Promise<RecordSubtitleTrack> {
    const parsed = parseSubtitleFile(input.content, input.format);
    const offset = input.timeline === 'trimmed' ? (await this.subs.trim(interviewId)).inMs : 0;
    return this.change(interviewId, track, actor, async (x) => {
      for (const c of parsed) {
        if (c.endMs + offset > x.durationMs) throw new DomainError('validation', 'content', 'sub_outside', { line: c.line, max: clock(x.durationMs - offset) });
      }
      await x.trx.deleteFrom('record_cues').where('interview_id', '=', interviewId).where('track', '=', track).execute();
      await x.trx
        .insertInto('record_cues')
        .values(parsed.map((c) => ({ interview_id: interviewId, track, start_ms: c.startMs + offset, end_ms: c.endMs + offset, speaker: c.speaker, text: c.text })))
        .execute();
      await recordAudit(x.trx, { actor, action: 'record.subtitles.import', entity: 'interview', entityId: interviewId, after: { track, cues: parsed.length, timeline: input.timeline } });
    });
  }

  /** Throws away the track's edits: its cues are the live captions again. Audited. */
  async regenerate(interviewId: number, track: string, actor: Actor): Promise<RecordSubtitleTrack> {
    await this.subs.labelOf(interviewId, track);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('record_cues').where('interview_id', '=', interviewId).where('track', '=', track).execute();
      await trx.deleteFrom('record_subtitle_tracks').where('interview_id', '=', interviewId).where('track', '=', track).execute();
      await recordAudit(trx, { actor, action: 'record.subtitles.regenerate', entity: 'interview', entityId: interviewId, after: { track } });
    });
    return this.subs.track(interviewId, track);
  }

  /**
   * Runs one change on the stored track (storing the live-derived cues first), then answers the track. `fn`
   * must use only `x.trx`: the database has one connection, and a query outside the transaction would wait
   * for it forever.
   */
  private async change(interviewId: number, track: string, actor: Actor, fn: (x: EditContext) => Promise<void>): Promise<RecordSubtitleTrack> {
    await this.subs.labelOf(interviewId, track);
    const { durationMs } = await programTimeline(this.db, interviewId);
    // Read before the transaction: the mapping reads other tables, and the ids it gave the editor
    // (-1, -2, … in order) must name the same cues as they are stored.
    const live = await this.subs.fromLive(interviewId, track);
    await this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const stored = await trx.selectFrom('record_subtitle_tracks').select('track').where('interview_id', '=', interviewId).where('track', '=', track).executeTakeFirst();
      const fromLive = new Map<number, number>();
      if (!stored) {
        await trx.insertInto('record_subtitle_tracks').values({ interview_id: interviewId, track, edited_at: now, edited_by: actor.id }).execute();
        for (const [i, c] of live.entries()) {
          const row = await trx
            .insertInto('record_cues')
            .values({ interview_id: interviewId, track, start_ms: c.startMs, end_ms: c.endMs, speaker: c.speaker, text: c.text })
            .returning('id')
            .executeTakeFirstOrThrow();
          fromLive.set(-(i + 1), row.id);
        }
      } else {
        await trx.updateTable('record_subtitle_tracks').set({ edited_at: now, edited_by: actor.id }).where('interview_id', '=', interviewId).where('track', '=', track).execute();
      }
      const cues = await this.subs.storedCues(trx, interviewId, track);
      const cue = (id: number) => {
        const found = cues.find((c) => c.id === (id < 0 ? fromLive.get(id) : id));
        if (!found) throw new DomainError('not_found', 'cue');
        return found;
      };
      await fn({ trx, cues, durationMs, cue });
    });
    return this.subs.track(interviewId, track);
  }
}
