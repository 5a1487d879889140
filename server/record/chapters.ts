import { wallToProgramClamped, type Chapter, type ProgramSpan } from '../../shared/schemas/record.js';
import type { Airing } from './airings.js';

/**
 * The chapters of a program: one per question put on air, at its first airing mapped to program time, named by
 * its public (masked) wording. A question aired while the recording was paused starts where the recording
 * resumed; one aired after the program ended, or whose wording is not public, has no chapter.
 */
export function chaptersOf(airings: readonly Airing[], spans: readonly ProgramSpan[], publicWording: ReadonlyMap<number, string>): Chapter[] {
  const seen = new Set<number>();
  const out: Chapter[] = [];
  for (const a of airings) {
    if (seen.has(a.questionId)) continue;
    const title = publicWording.get(a.questionId);
    const startMs = wallToProgramClamped(spans, a.onAirMs);
    if (title === undefined || startMs === null) continue;
    seen.add(a.questionId);
    out.push({ startMs, title, questionId: a.questionId });
  }
  return out.sort((x, y) => x.startMs - y.startMs);
}

/**
 * Moves program-time chapters onto the published video that starts at `cutStartMs` and lasts `durationMs`: one
 * before the cut starts at 0 (the question was put before the in point but is answered in the video), one
 * after the end is dropped.
 */
export function shiftChapters(chapters: readonly Chapter[], cutStartMs: number, durationMs: number): Chapter[] {
  return chapters
    .map((c) => ({ ...c, startMs: Math.max(0, c.startMs - cutStartMs) }))
    .filter((c) => c.startMs < durationMs);
}
