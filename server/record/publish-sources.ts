import { wallToProgramClamped } from '../../shared/schemas/record.js';
import type { SubtitleTrackPreview } from '../../shared/schemas/recordPublish.js';
import type { CaptionTracks } from '../captions/tracks.js';
import type { Db } from '../db/index.js';
import { liveCues, programSpans } from './live-record.js';

/**
 * What publishing needs from the subtitle editor: the in and out points, and each track's replay subtitles in
 * program time.
 *
 * STAND-IN until the subtitle editor lands (helper C's `trim(interviewId)` and `subtitleTracks(interviewId)` in
 * server/record/subtitles*.ts, trim*.ts): there are no in/out points yet ("none": the whole program), and the
 * subtitles are the live cues mapped to program time as they are. At merge, replace `liveSubtitleSources` by a
 * `PublishSources` over C's functions; publish.ts does the shift to the measured cut start itself (a stream
 * copy starts at the key frame before the in point, not at the in point), so it wants cues in program time.
 */
export interface PublishSources {
  trim(interviewId: number): Promise<{ inMs: number; outMs: number | null }>;
  subtitleTracks(interviewId: number): Promise<SubtitleTrackPreview[]>;
}

/** A cue stays up at least this long when it ran into the next one (reading time). */
const MIN_CUE_MS = 1500;

/** The stand-in: no trim, and every caption track's final live cues mapped onto the program. */
export function liveSubtitleSources(db: Db, tracks: CaptionTracks): PublishSources {
  return {
    trim: async () => ({ inMs: 0, outMs: null }),
    async subtitleTracks(interviewId) {
      const spans = await programSpans(db, interviewId);
      const out: SubtitleTrackPreview[] = [];
      for (const t of await tracks.list(interviewId)) {
        const mapped = (await liveCues(db, interviewId, t.lang)).flatMap((c) => {
          const startMs = wallToProgramClamped(spans, c.wallStartMs);
          if (startMs === null) return [];
          const endMs = Math.max(startMs + MIN_CUE_MS, wallToProgramClamped(spans, c.wallEndMs) ?? startMs);
          return [{ startMs, endMs, text: c.text, speaker: c.speaker }];
        });
        // A cue ends where the next begins, so two are never on screen at once.
        for (const [i, c] of mapped.entries()) {
          const next = mapped[i + 1];
          if (next && c.endMs > next.startMs) c.endMs = Math.max(c.startMs + 1, next.startMs);
        }
        out.push({ track: t.lang, label: t.label, cues: mapped });
      }
      return out;
    },
  };
}
