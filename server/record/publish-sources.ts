import type { SubtitleTrackPreview } from '../../shared/schemas/recordPublish.js';
import { DomainError } from '../http/errors.js';
import type { RecordSubtitles } from './subtitles.js';

/**
 * What publishing needs from the subtitle editor: the in and out points, and each track's replay subtitles in
 * program time. publish.ts shifts them to the measured cut start itself (a stream copy starts at the key frame
 * before the in point, not at the in point), so it wants them untrimmed.
 */
export interface PublishSources {
  trim(interviewId: number): Promise<{ inMs: number; outMs: number | null }>;
  subtitleTracks(interviewId: number): Promise<SubtitleTrackPreview[]>;
}

/** Whether the program is simply not composed yet (the editor's 409), which the publish preview shows as such. */
const notReady = (e: unknown) => e instanceof DomainError && e.code === 'conflict' && e.detail === 'program_not_ready';

/** The subtitle editor's in/out points and tracks (edited, or still the live captions) for publishing. */
export function recordSubtitleSources(subtitles: RecordSubtitles): PublishSources {
  return {
    async trim(interviewId) {
      try {
        const { inMs, outMs } = await subtitles.trim(interviewId);
        return { inMs, outMs };
      } catch (e) {
        if (notReady(e)) return { inMs: 0, outMs: null };
        throw e;
      }
    },
    async subtitleTracks(interviewId) {
      try {
        const out: SubtitleTrackPreview[] = [];
        for (const t of await subtitles.subtitleTracks(interviewId)) {
          const { cues } = await subtitles.cues(interviewId, t.track);
          out.push({
            track: t.track,
            label: t.label,
            cues: cues.map((c) => ({ startMs: c.startMs, endMs: c.endMs, text: c.text, speaker: c.speaker ? { name: c.speaker, title: '' } : null })),
          });
        }
        return out;
      } catch (e) {
        if (notReady(e)) return [];
        throw e;
      }
    },
  };
}
