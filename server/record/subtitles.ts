import type { RecordCue, RecordSubtitleTrack, RecordSubtitleTrackInfo, RecordTrim } from '../../shared/schemas/record-subtitles.js';
import { toSrt, toWebVtt, type SubtitleCue } from '../captions/formats.js';
import { cueStore } from '../captions/store.js';
import type { CaptionTracks } from '../captions/tracks.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import { RecordSubtitleEditor } from './subtitles-edit.js';
import { liveToProgram } from './subtitles-live.js';
import { programTimeline, RecordTrims } from './trim.js';

export interface ExportOptions {
  /** true: on the published video (the in point is 0, cues outside the in/out points left out or cut). */
  trimmed: boolean;
}

/**
 * The replay's subtitles (回放字幕) per caption track: read, edited (`edit`), exported, with the record's in
 * and out points (`trims`). Publishing calls `subtitleTracks`, `exportVtt`, `exportSrt` and `trim`.
 */
export class RecordSubtitles {
  readonly trims: RecordTrims;
  readonly edit: RecordSubtitleEditor;

  constructor(
    private readonly db: Db,
    private readonly tracks: CaptionTracks,
  ) {
    this.trims = new RecordTrims(db);
    this.edit = new RecordSubtitleEditor(db, this);
  }

  /** The in and out points, in program time. */
  trim(interviewId: number): Promise<RecordTrim> {
    return this.trims.get(interviewId);
  }

  /** Every caption track of the interview with how many replay cues it has. */
  async subtitleTracks(interviewId: number): Promise<RecordSubtitleTrackInfo[]> {
    const out: RecordSubtitleTrackInfo[] = [];
    for (const t of await this.tracks.list(interviewId)) {
      const { edited, cues } = await this.cues(interviewId, t.lang);
      out.push({ track: t.lang, label: t.label, edited, cues: cues.length });
    }
    return out;
  }

  /** One track's replay cues in program time, for the editor. */
  async track(interviewId: number, track: string): Promise<RecordSubtitleTrack> {
    const label = await this.labelOf(interviewId, track);
    return { track, label, ...(await this.cues(interviewId, track)) };
  }

  /** The track's replay cues as WebVTT (the speaker as a voice span). */
  async exportVtt(interviewId: number, track: string, opts: ExportOptions): Promise<string> {
    return toWebVtt(await this.fileCues(interviewId, track, opts), { minDurationMs: 0 });
  }

  /** The track's replay cues as SRT (the speaker leading the text). */
  async exportSrt(interviewId: number, track: string, opts: ExportOptions): Promise<string> {
    return toSrt(await this.fileCues(interviewId, track, opts), { minDurationMs: 0 });
  }

  /** The stored cues of an edited track, else the live captions mapped onto the program. */
  async cues(interviewId: number, track: string): Promise<{ edited: boolean; cues: RecordCue[] }> {
    const stored = await this.db
      .selectFrom('record_subtitle_tracks')
      .select('track')
      .where('interview_id', '=', interviewId)
      .where('track', '=', track)
      .executeTakeFirst();
    if (stored) return { edited: true, cues: await this.storedCues(this.db, interviewId, track) };
    return { edited: false, cues: (await this.fromLive(interviewId, track)).map((c, i) => ({ id: -(i + 1), ...c })) };
  }

  /** Stored cues in order (start, then the order they were written). */
  async storedCues(db: Db, interviewId: number, track: string): Promise<RecordCue[]> {
    const rows = await db
      .selectFrom('record_cues')
      .select(['id', 'start_ms', 'end_ms', 'speaker', 'text'])
      .where('interview_id', '=', interviewId)
      .where('track', '=', track)
      .orderBy('start_ms')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, startMs: r.start_ms, endMs: r.end_ms, speaker: r.speaker, text: r.text }));
  }

  /** The live final cues (withdrawn ones left out, corrections in) on the program's timeline. */
  async fromLive(interviewId: number, track: string): Promise<Array<Omit<RecordCue, 'id'>>> {
    const program = await programTimeline(this.db, interviewId);
    const rows = await cueStore.finals(this.db, interviewId, track);
    const live = rows.map((r) => {
      const began = Date.parse(r.at);
      // end_ms is on the broadcast clock like start_ms, so their difference is how long the line was typed.
      return { beganWallMs: began, sentWallMs: began + ((r.end_ms ?? r.start_ms) - r.start_ms), speaker: r.speaker_name, text: r.text };
    });
    return liveToProgram(live, program.spans, program.durationMs);
  }

  /** Throws not_found unless the interview has this caption track. */
  async labelOf(interviewId: number, track: string): Promise<string> {
    const t = (await this.tracks.list(interviewId)).find((x) => x.lang === track);
    if (!t) throw new DomainError('not_found', 'track');
    return t.label;
  }

  private async fileCues(interviewId: number, track: string, { trimmed }: ExportOptions): Promise<SubtitleCue[]> {
    await this.labelOf(interviewId, track);
    const { cues } = await this.cues(interviewId, track);
    const { inMs, outMs } = trimmed ? await this.trim(interviewId) : { inMs: 0, outMs: Infinity };
    return cues
      .filter((c) => c.endMs > inMs && c.startMs < outMs)
      .map((c, i) => ({
        seq: i + 1,
        track,
        speaker: c.speaker === null ? null : { name: c.speaker, title: '' },
        text: c.text,
        startMs: Math.max(c.startMs, inMs) - inMs,
        endMs: Math.min(c.endMs, outMs) - inMs,
      }));
  }
}
