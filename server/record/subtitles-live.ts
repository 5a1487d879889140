import { wallToProgram, wallToProgramClamped, type ProgramSpan } from '../../shared/schemas/record.js';

/**
 * The live captions become the replay's subtitles: each final cue placed on the program's timeline. Pure, so
 * the mapping is tested on its own.
 */

/** A live cue as the mapping needs it: when the line began and was sent (wall clock), who, and the text. */
export interface LiveCue {
  beganWallMs: number;
  sentWallMs: number;
  speaker: string | null;
  text: string;
}

export interface ProgramCue {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

/**
 * How long a subtitle stays up when the next one is far: about four Chinese characters a second (the pace of
 * broadcast subtitles), at least 1.5 s, at most 7 s, so a line before a long silence does not linger.
 */
const READ_MS_PER_CHAR = 250;
const READ_MIN_MS = 1500;
const READ_MAX_MS = 7000;
/** A line followed at once by the next still shows for this long (the two overlap a little). */
const MIN_VISIBLE_MS = 500;

export function readingTimeMs(text: string): number {
  return Math.min(READ_MAX_MS, Math.max(READ_MIN_MS, [...text].length * READ_MS_PER_CHAR));
}

/**
 * Where a live cue starts on the program: when its line began, or, for a line begun while the recording
 * was paused but sent after it resumed, the moment it resumed. A line wholly in a pause is not in the record.
 */
function startOf(spans: readonly ProgramSpan[], c: LiveCue): number | null {
  const exact = wallToProgram(spans, c.beganWallMs);
  if (exact !== null) return exact;
  return wallToProgram(spans, c.sentWallMs) !== null ? wallToProgramClamped(spans, c.beganWallMs) : null;
}

/** Maps live cues (in the track's order) onto the program: end = the next cue's start or a reading time, clipped. */
export function liveToProgram(cues: readonly LiveCue[], spans: readonly ProgramSpan[], durationMs: number): ProgramCue[] {
  const placed = cues
    .map((c) => ({ c, startMs: startOf(spans, c) }))
    .filter((p): p is { c: LiveCue; startMs: number } => p.startMs !== null && p.startMs < durationMs)
    .sort((a, b) => a.startMs - b.startMs);
  const out: ProgramCue[] = [];
  placed.forEach(({ c, startMs }, i) => {
    const next = placed[i + 1]?.startMs ?? Infinity;
    let endMs = Math.min(next, startMs + readingTimeMs(c.text));
    if (endMs - startMs < MIN_VISIBLE_MS) endMs = startMs + MIN_VISIBLE_MS;
    endMs = Math.min(endMs, durationMs);
    if (endMs > startMs) out.push({ startMs, endMs, speaker: c.speaker, text: c.text });
  });
  return out;
}
