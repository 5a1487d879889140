import type { RecordProgramStaff } from '../../../../shared/schemas/record.js';
import type { RecordCue, RecordCuePatch, RecordPeaks, RecordSubtitleTrack, RecordSubtitleTrackInfo, RecordTrim } from '../../../../shared/schemas/record-subtitles.js';
import { ApiError } from '../../lib/api.js';
import { reportError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.svelte.js';
import { toasts } from '../../lib/toasts.svelte.js';
import { recordService } from '../../lib/services/record.js';

/**
 * The state of the 录像与字幕 page: the program, its in/out points, the chosen track's cues, which cue is
 * selected and where the playhead is. Every change goes to the server, which answers the whole track, so
 * what the page shows is always what is stored.
 */
/**
 * A refused edit says what is wrong with it (the field's sentence: "the out point must be after the in
 * point", "line 6: …") rather than the generic "some fields are invalid".
 */
function refused(err: unknown): void {
  const field = err instanceof ApiError ? err.body.fields?.[0] : undefined;
  if (field) toasts.error(t('record.refused'), field.message);
  else reportError(err);
}

export class RecordEditor {
  #program = $state<RecordProgramStaff | null>(null);
  #programError = $state<ApiError | null>(null);
  #trim = $state<RecordTrim | null>(null);
  #peaks = $state<RecordPeaks | null>(null);
  #tracks = $state<RecordSubtitleTrackInfo[]>([]);
  #track = $state<RecordSubtitleTrack | null>(null);
  #busy = $state(false);
  /** Where the video is, in program ms (the page follows the video element). */
  playheadMs = $state(0);
  selectedId = $state<number | null>(null);

  constructor(readonly interviewId: number) {}

  get program() {
    return this.#program;
  }
  get programError() {
    return this.#programError;
  }
  get trim() {
    return this.#trim;
  }
  get peaks() {
    return this.#peaks;
  }
  get tracks() {
    return this.#tracks;
  }
  get track() {
    return this.#track;
  }
  get busy() {
    return this.#busy;
  }
  get cues(): RecordCue[] {
    return this.#track?.cues ?? [];
  }
  get selected(): RecordCue | null {
    return this.cues.find((c) => c.id === this.selectedId) ?? null;
  }
  /** The cue under the playhead, shown over the video. */
  get current(): RecordCue | null {
    return this.cues.find((c) => c.startMs <= this.playheadMs && this.playheadMs < c.endMs) ?? null;
  }

  /** Loads the program; once it is ready, the trim, the tracks, the first track and the waveform. */
  async load(): Promise<void> {
    try {
      this.#program = await recordService.program(this.interviewId);
      this.#programError = null;
    } catch (err) {
      this.#program = null;
      this.#programError = err instanceof ApiError ? err : null;
      if (!(err instanceof ApiError)) reportError(err);
      return;
    }
    if (this.#program.durationMs === null || this.#program.video === null) return;
    const [trim, tracks] = await Promise.all([recordService.trim(this.interviewId), recordService.tracks(this.interviewId)]).catch((err: unknown) => {
      reportError(err);
      return [null, []] as const;
    });
    this.#trim = trim;
    this.#tracks = [...tracks];
    const lang = this.#track?.track ?? tracks[0]?.track;
    if (lang) await this.chooseTrack(lang);
    recordService.peaks(this.interviewId).then((p) => (this.#peaks = p), reportError);
  }

  async chooseTrack(lang: string): Promise<void> {
    if (lang !== this.#track?.track) this.selectedId = null;
    await this.run(() => recordService.track(this.interviewId, lang));
  }

  /** Re-composes the program (B's route); the page then shows it composing. */
  async compose(): Promise<void> {
    try {
      this.#program = await recordService.compose(this.interviewId);
    } catch (err) {
      reportError(err);
    }
  }

  /** Sets the in or the out point at `ms`, keeping the other; false when refused (the toast says why). */
  async setPoint(which: 'in' | 'out', ms: number): Promise<boolean> {
    const t = this.#trim;
    if (!t) return false;
    const body = which === 'in' ? { inMs: Math.round(ms), outMs: t.outMs } : { inMs: t.inMs, outMs: Math.round(ms) };
    try {
      this.#trim = await recordService.setTrim(this.interviewId, body);
      return true;
    } catch (err) {
      refused(err);
      return false;
    }
  }

  update(cue: RecordCue, patch: RecordCuePatch): Promise<boolean> {
    return this.run(() => recordService.update(this.interviewId, this.lang, cue.id, patch));
  }
  /** Splits before character `at`; the second part starts at the playhead when it is inside the cue. */
  split(cue: RecordCue, at: number): Promise<boolean> {
    const atMs = this.playheadMs > cue.startMs && this.playheadMs < cue.endMs ? Math.round(this.playheadMs) : undefined;
    return this.run(() => recordService.split(this.interviewId, this.lang, cue.id, { at, ...(atMs !== undefined && { atMs }) }));
  }
  merge(cue: RecordCue): Promise<boolean> {
    return this.run(() => recordService.merge(this.interviewId, this.lang, cue.id));
  }
  remove(cue: RecordCue): Promise<boolean> {
    return this.run(() => recordService.remove(this.interviewId, this.lang, cue.id));
  }
  shift(deltaMs: number): Promise<boolean> {
    return this.run(() => recordService.shift(this.interviewId, this.lang, deltaMs));
  }
  /** A new cue at the playhead, as long as a short line. */
  addAtPlayhead(text: string): Promise<boolean> {
    const startMs = Math.round(this.playheadMs);
    const endMs = Math.min(startMs + 2000, this.#trim?.durationMs ?? startMs + 2000);
    return this.run(() => recordService.add(this.interviewId, this.lang, { startMs, endMs, text, speaker: null }));
  }
  importFile(content: string, format: 'vtt' | 'srt'): Promise<boolean> {
    return this.run(() => recordService.importFile(this.interviewId, this.lang, { content, format, timeline: 'trimmed' }));
  }
  regenerate(): Promise<boolean> {
    return this.run(() => recordService.regenerate(this.interviewId, this.lang));
  }

  private get lang(): string {
    return this.#track?.track ?? 'zh-CN';
  }

  /**
   * Runs one call that answers the track. The selection stays on the cue, or on the one now at its place in
   * the list (ids change when the live-derived cues are first stored, and when cues are split or merged).
   */
  private async run(call: () => Promise<RecordSubtitleTrack>): Promise<boolean> {
    this.#busy = true;
    const index = this.cues.findIndex((c) => c.id === this.selectedId);
    try {
      const track = await call();
      this.#track = track;
      const info = this.#tracks.find((x) => x.track === track.track);
      if (info) Object.assign(info, { edited: track.edited, cues: track.cues.length });
      if (!track.cues.some((c) => c.id === this.selectedId)) this.selectedId = index >= 0 ? (track.cues[Math.min(index, track.cues.length - 1)]?.id ?? null) : null;
      return true;
    } catch (err) {
      refused(err);
      return false;
    } finally {
      this.#busy = false;
    }
  }
}
