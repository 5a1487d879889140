import { fetchRecord, fetchTranscript } from '../lib/api.js';
import type { RecordPublic, TranscriptBlock } from '../lib/contract.js';
import { currentIndex } from '../lib/replay.js';
import { loadCaptionPrefs, saveCaptionPrefs, type CaptionPrefs } from '../lib/storage.js';
import type { CaptionSize } from './captions.svelte.js';

/**
 * The replay (视频回放) of a published record as one viewer watches it: the record and its transcript,
 * where the video is, and the viewer's subtitle choices — the same ones the live player remembers (on or
 * off, size, track), so a viewer who chose English live gets English subtitles on the replay too.
 */
export class Replay {
  #load = $state<'loading' | 'ready' | 'failed'>('loading');
  #record = $state.raw<RecordPublic | null>(null);
  #blocks = $state.raw<TranscriptBlock[]>([]);
  #prefs = $state<CaptionPrefs>(loadCaptionPrefs());
  #video: HTMLVideoElement | null = null;
  /** Where the video is, in ms on the published video (from its timeupdate and seeked events). */
  positionMs = $state(0);
  playing = $state(false);

  get load() {
    return this.#load;
  }
  get record() {
    return this.#record;
  }
  get blocks() {
    return this.#blocks;
  }
  get on() {
    return this.#prefs.on;
  }
  get size(): CaptionSize {
    return this.#prefs.size;
  }

  /** The subtitle tracks to choose from, as the player's controls list them. */
  readonly tracks: Array<{ lang: string; label: string }> = $derived(this.#record?.subtitles.map((s) => ({ lang: s.track, label: s.label })) ?? []);

  /** The chosen track if the record has it, else its first (the primary, 简体中文). */
  readonly track: string = $derived.by(() => {
    const wanted = this.#prefs.track;
    if (wanted && this.tracks.some((t) => t.lang === wanted)) return wanted;
    return this.tracks[0]?.lang ?? '';
  });

  readonly currentBlock: number = $derived(currentIndex(this.#blocks, this.positionMs));
  readonly currentChapter: number = $derived(currentIndex(this.#record?.chapters ?? [], this.positionMs));

  /** Reads the record, then its transcript; a transcript that cannot be read leaves the video playable. */
  async start(slug: string): Promise<void> {
    this.#load = 'loading';
    try {
      const record = await fetchRecord(slug);
      this.#record = record;
      this.#load = 'ready';
      this.#blocks = (await fetchTranscript(record.transcript.json)).blocks;
    } catch (err) {
      if (!this.#record) this.#load = 'failed';
      else console.warn('fangtan: the transcript could not be loaded', err);
    }
  }

  /** The player's video element, for seeking from the chapters and the transcript; returns a detach. */
  attach(video: HTMLVideoElement): () => void {
    this.#video = video;
    return () => {
      if (this.#video === video) this.#video = null;
    };
  }

  /** Moves playback to `ms` and plays from there: a reader who picks a line wants to hear it. */
  seek(ms: number): void {
    const video = this.#video;
    if (!video) return;
    video.currentTime = ms / 1000;
    this.positionMs = ms;
    // A refused play() (no user gesture on some browsers) leaves the video paused at the right place.
    video.play()?.catch(() => undefined);
  }

  setOn(on: boolean): void {
    this.#save({ ...this.#prefs, on });
  }

  setSize(size: CaptionSize): void {
    this.#save({ ...this.#prefs, size });
  }

  setTrack(track: string): void {
    this.#save({ ...this.#prefs, track });
  }

  #save(prefs: CaptionPrefs): void {
    this.#prefs = prefs;
    saveCaptionPrefs(prefs);
  }
}
