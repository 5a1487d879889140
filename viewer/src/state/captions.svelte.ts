import { PRIMARY_CAPTION_TRACK, type CaptionTrackPublic, type CuePublic } from '../lib/contract.js';
import { CAPTION_SIZES, loadCaptionPrefs, saveCaptionPrefs, type CaptionPrefs } from '../lib/storage.js';

export type CaptionSize = (typeof CAPTION_SIZES)[number];

/** What the player's subtitle controls work on: the live captions and the replay both offer it. */
export interface SubtitleChoice {
  readonly on: boolean;
  readonly size: CaptionSize;
  readonly track: string;
  readonly tracks: ReadonlyArray<{ lang: string; label: string }>;
  setOn(on: boolean): void;
  setSize(size: CaptionSize): void;
  setTrack(track: string): void;
}

/** How long a final line stays over the picture when nothing follows it: long enough to read two lines. */
export const CAPTION_LINGER_MS = 8000;

/**
 * The live captions (字幕) of one interview as a viewer follows them: every cue by id (so a partial is
 * replaced by its final and a correction by its new text, never doubled), the tracks, and the viewer's own
 * choices (on/off, size, track), which this browser remembers. Fed by the `/viewer` socket (the last cues
 * at once on join, then live) and by GET …/captions for the whole transcript.
 */
export class Captions {
  #cues = $state.raw<ReadonlyMap<number, CuePublic>>(new Map());
  #tracks = $state.raw<CaptionTrackPublic[]>([]);
  #prefs = $state<CaptionPrefs>(loadCaptionPrefs());
  /** When the line over the picture last changed (ms since epoch), for letting a final fade. */
  #changedAt = $state(0);
  #announcement = $state('');
  // A withdrawn cue must not come back with a GET answer read before the withdrawal.
  #removed = new Set<number>();

  get on() {
    return this.#prefs.on;
  }
  get size(): CaptionSize {
    return this.#prefs.size;
  }
  get changedAt() {
    return this.#changedAt;
  }
  /** The last final line of the chosen track, for the polite live region (finals only: partials would chatter). */
  get announcement() {
    return this.#announcement;
  }

  /** Tracks to choose from: the server's list, plus any track a cue came on before the list arrived. */
  readonly tracks: CaptionTrackPublic[] = $derived.by(() => {
    const known = new Map(this.#tracks.map((t) => [t.lang, t]));
    for (const c of this.#cues.values()) {
      if (!known.has(c.track)) known.set(c.track, { lang: c.track, label: c.track, primary: c.track === PRIMARY_CAPTION_TRACK });
    }
    return [...known.values()].sort((a, b) => Number(b.primary) - Number(a.primary));
  });

  /** The chosen track if the interview has it, else its primary one. */
  readonly track: string = $derived.by(() => {
    const wanted = this.#prefs.track;
    if (wanted && this.tracks.some((t) => t.lang === wanted)) return wanted;
    return this.tracks.find((t) => t.primary)?.lang ?? PRIMARY_CAPTION_TRACK;
  });

  /** The chosen track's cues in order: the transcript's lines (finals) and the line being typed, if any. */
  readonly #onTrack: CuePublic[] = $derived(
    [...this.#cues.values()].filter((c) => c.track === this.track).sort((a, b) => a.seq - b.seq || a.id - b.id),
  );

  /** The transcript: final lines only, oldest first. */
  readonly transcript: CuePublic[] = $derived(this.#onTrack.filter((c) => c.final));

  /**
   * What the subtitles show: the line being typed, after the final before it (two lines, as broadcast
   * subtitles roll); a lone final line fades out after CAPTION_LINGER_MS.
   */
  readonly lines: CuePublic[] = $derived(this.#onTrack.slice(-2));

  /** A cue arrived (partial, final or correction): it replaces any earlier copy of the same id. */
  upsert(cue: CuePublic): void {
    if (this.#removed.has(cue.id)) return;
    const before = this.#cues.get(cue.id);
    const next = new Map(this.#cues);
    next.set(cue.id, cue);
    this.#cues = next;
    if (cue.track !== this.track) return;
    this.#changedAt = Date.now();
    // A new final line is announced once; a correction is not news read out again.
    if (cue.final && !before?.final) this.#announcement = cue.text;
  }

  remove(id: number): void {
    this.#removed.add(id);
    if (!this.#cues.has(id)) return;
    const next = new Map(this.#cues);
    next.delete(id);
    this.#cues = next;
    this.#changedAt = Date.now();
  }

  /** The whole transcript of a track from HTTP: merged in, so lines heard live meanwhile are kept. */
  loaded(cues: readonly CuePublic[]): void {
    const next = new Map(this.#cues);
    for (const c of cues) if (!this.#removed.has(c.id) && !next.has(c.id)) next.set(c.id, c);
    this.#cues = next;
  }

  /** Whether the server's track list names this track (a cue on another means a track was added since). */
  listsTrack(lang: string): boolean {
    return this.#tracks.some((t) => t.lang === lang);
  }

  setTracks(tracks: CaptionTrackPublic[]): void {
    this.#tracks = tracks;
  }

  setOn(on: boolean): void {
    this.#save({ ...this.#prefs, on });
  }

  setSize(size: CaptionSize): void {
    this.#save({ ...this.#prefs, size });
  }

  setTrack(track: string): void {
    this.#save({ ...this.#prefs, track });
    this.#changedAt = Date.now();
  }

  #save(prefs: CaptionPrefs): void {
    this.#prefs = prefs;
    saveCaptionPrefs(prefs);
  }
}
