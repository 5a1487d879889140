/**
 * From a capture to a plan of the program (pure): which wall-clock stretches make the program and where they
 * land (ProgramSpan[]), who is on screen and heard when (scenes), and how each participant's raw segments
 * are laid on program time (runs). compose-graph.ts turns the plan into one ffmpeg invocation.
 */
import type { Layout } from '../../shared/media.js';
import type { ProgramSpan } from '../../shared/schemas/record.js';
import type { CaptureManifest, CaptureSegment } from '../recording/manifest.js';
import { tilesOf, type OnAirSlot, type TileKind } from './compose-layout.js';

/** A stretch of program time, ms: [startMs, endMs). */
export interface Window {
  startMs: number;
  endMs: number;
}

/** A segment whose length is known (read from the file when the capture could not say: cut by a crash). */
export type KnownSegment = CaptureSegment & { durationMs: number; /** The file's first timestamp, s (0 for A's files). */ fileStartS?: number };

/** What was on air from startMs to endMs (program time). */
export interface Scene extends Window {
  layout: Layout;
  tiles: Array<{ slot: OnAirSlot; kind: TileKind }>;
  /** Whose sound the viewers heard: everyone in the program's slots, on screen or not. */
  audio: string[];
}

/** A piece of one segment placed on program time. */
export interface Piece {
  path: string;
  /** Offset into the file, ms from its first timestamp (non-zero only where a recording span began mid-segment). */
  inMs: number;
  fileStartS: number;
  lenMs: number;
  programMs: number;
  /** The piece stops before the file does (a pause of the recording began mid-segment). */
  cutEnd: boolean;
}

/**
 * Consecutive segments of one participant with the same streams and no long hole between them: one ffmpeg
 * input (a concat list), starting at `programStartMs`.
 */
export interface SourceRun {
  participantId: string;
  hasAudio: boolean;
  hasVideo: boolean;
  programStartMs: number;
  pieces: Piece[];
  /** Where it has media (program time): outside these the tile is black, as the viewer's tile without a picture. */
  coverage: Window[];
}

/** A question on air, wall clock ms (offAirMs null: until the end): its public wording and who asked. */
export interface OnAirQuestion {
  onAirMs: number;
  offAirMs: number | null;
  content: string;
  askedBy: string;
}

/** The strip of a question on air, on program time. */
export interface QuestionWindow extends Window {
  content: string;
  askedBy: string;
}

export interface ComposePlan {
  durationMs: number;
  spans: ProgramSpan[];
  scenes: Scene[];
  runs: SourceRun[];
  /** The question being answered, as the viewer's strip showed it over the picture. */
  questions: QuestionWindow[];
}

/**
 * A hole longer than this inside one participant's recording starts a new input: ffmpeg's resampler fills a
 * hole with silence in memory, so it must stay short (a 20-minute absence would be ~700 MB).
 */
export const MAX_HOLE_MS = 2000;
/** Holes shorter than this in a participant's media are not worth a black flash (a frame or two of jitter). */
const COVERAGE_SLACK_MS = 100;

/** Plans the program of a capture whose segments' lengths are all known. */
export function planProgram(manifest: CaptureManifest, segments: readonly KnownSegment[], onAir: readonly OnAirQuestion[] = []): ComposePlan {
  const spans = programSpans(manifest.spans, mediaEndOf(segments));
  const last = spans.at(-1);
  const durationMs = last ? last.programStartMs + (last.wallEndMs - last.wallStartMs) : 0;
  return { durationMs, spans, scenes: scenesOf(manifest.timeline, spans), runs: runsOf(segments, spans), questions: questionWindows(onAir, spans) };
}

/** Each on-air stretch of a question cut to the recorded spans and laid on program time. */
export function questionWindows(onAir: readonly OnAirQuestion[], spans: readonly ProgramSpan[]): QuestionWindow[] {
  const out: QuestionWindow[] = [];
  for (const q of onAir) {
    for (const span of spans) {
      const from = Math.max(q.onAirMs, span.wallStartMs);
      const to = Math.min(q.offAirMs ?? Infinity, span.wallEndMs);
      if (to - from < 1) continue;
      const startMs = Math.round(span.programStartMs + (from - span.wallStartMs));
      out.push({ startMs, endMs: Math.round(startMs + (to - from)), content: q.content, askedBy: q.askedBy });
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

/**
 * Where the recorded media ends (wall ms): the latest end over the participants, each ending where all of its
 * tracks still have media. A crash cuts a person's sound and picture files at slightly different points (each
 * keeps its last complete 1 s cluster): past the earlier one the program would show a black tile under the
 * sound. Tracks that end further apart than a hole (a camera switched off earlier) do not hold the other back.
 */
export function mediaEndOf(segments: readonly KnownSegment[]): number {
  const ends = new Map<string, Map<string, number>>();
  for (const s of segments) {
    const tracks = ends.get(s.participantId) ?? new Map<string, number>();
    const track = `${s.hasAudio}/${s.hasVideo}`;
    tracks.set(track, Math.max(tracks.get(track) ?? -Infinity, s.wallStartMs + s.durationMs));
    ends.set(s.participantId, tracks);
  }
  let end = -Infinity;
  for (const tracks of ends.values()) {
    const own = [...tracks.values()];
    const latest = Math.max(...own);
    const together = own.filter((e) => latest - e <= MAX_HOLE_MS);
    end = Math.max(end, Math.min(...together));
  }
  return end;
}

/**
 * The recorded stretches back to back on program time (the director's pauses cut out), merged where they
 * overlap and ended at the last media written: after a crash, the span may run on past what was saved.
 */
export function programSpans(recorded: CaptureManifest['spans'], mediaEndMs: number): ProgramSpan[] {
  const sorted = recorded
    .map((s) => ({ start: Math.round(s.startMs), end: Math.round(Math.min(s.endMs, mediaEndMs)) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const s of sorted) {
    const prev = merged.at(-1);
    if (prev && s.start <= prev.end) prev.end = Math.max(prev.end, s.end);
    else merged.push({ ...s });
  }
  let at = 0;
  return merged.map((s) => {
    const span = { wallStartMs: s.start, wallEndMs: s.end, programStartMs: at };
    at += s.end - s.start;
    return span;
  });
}

/** What was on air, span by span, on program time; the state at a span's start is the last change before it. */
export function scenesOf(timeline: CaptureManifest['timeline'], spans: readonly ProgramSpan[]): Scene[] {
  const changes = [...timeline].sort((a, b) => a.atMs - b.atMs);
  const scenes: Scene[] = [];
  for (const span of spans) {
    let current = changes.filter((c) => c.atMs <= span.wallStartMs).at(-1);
    let from = span.wallStartMs;
    const inside = changes.filter((c) => c.atMs > span.wallStartMs && c.atMs < span.wallEndMs);
    for (const next of [...inside, null]) {
      const to = next ? next.atMs : span.wallEndMs;
      // No change yet at this point, or empty slots: nothing on air (the viewer's "about to start" card; black here).
      const slots = current?.slots ?? [];
      const layout = current?.layout ?? 'single';
      if (to > from) {
        pushScene(scenes, {
          startMs: span.programStartMs + (from - span.wallStartMs),
          endMs: span.programStartMs + (to - span.wallStartMs),
          layout,
          tiles: tilesOf(layout, slots),
          audio: slots.map((s) => s.participantId),
        });
      }
      if (next) current = next;
      from = to;
    }
  }
  return scenes;
}

function sameScene(a: Scene, b: Scene): boolean {
  const key = (s: Scene) => JSON.stringify([s.tiles.map((t) => [t.slot.participantId, t.slot.name, t.slot.title, t.kind]), [...s.audio].sort()]);
  return key(a) === key(b);
}

function pushScene(scenes: Scene[], scene: Scene): void {
  const prev = scenes.at(-1);
  if (prev && prev.endMs === scene.startMs && sameScene(prev, scene)) prev.endMs = scene.endMs;
  else scenes.push(scene);
}

/** Each segment cut to the program spans and laid on program time, grouped into runs (one ffmpeg input each). */
export function runsOf(segments: readonly KnownSegment[], spans: readonly ProgramSpan[]): SourceRun[] {
  const byParticipant = new Map<string, KnownSegment[]>();
  // A person's sound and picture are recorded as separate tracks (server/recording/clock.ts), each its own run.
  const key = (s: KnownSegment) => JSON.stringify([s.participantId, s.hasAudio, s.hasVideo]);
  for (const s of segments) byParticipant.set(key(s), [...(byParticipant.get(key(s)) ?? []), s]);
  const runs: SourceRun[] = [];
  for (const own of byParticipant.values()) {
    const participantId = own[0]!.participantId;
    let run: SourceRun | null = null;
    for (const seg of [...own].sort((a, b) => a.wallStartMs - b.wallStartMs)) {
      if (!seg.hasAudio && !seg.hasVideo) continue;
      for (const piece of piecesOf(seg, spans)) {
        const end = run ? runEnd(run) : 0;
        const fits = run && run.hasAudio === seg.hasAudio && run.hasVideo === seg.hasVideo && piece.programMs - end <= MAX_HOLE_MS && piece.programMs >= end - MAX_HOLE_MS;
        if (!run || !fits) {
          run = { participantId, hasAudio: seg.hasAudio, hasVideo: seg.hasVideo, programStartMs: piece.programMs, pieces: [], coverage: [] };
          runs.push(run);
        }
        run.pieces.push(piece);
      }
    }
  }
  for (const run of runs) run.coverage = coverageOf(run.pieces);
  return runs;
}

function runEnd(run: SourceRun): number {
  const last = run.pieces.at(-1);
  return last ? last.programMs + last.lenMs : run.programStartMs;
}

function piecesOf(seg: KnownSegment, spans: readonly ProgramSpan[]): Piece[] {
  const start = seg.wallStartMs;
  const end = seg.wallStartMs + seg.durationMs;
  const pieces: Piece[] = [];
  for (const span of spans) {
    const from = Math.max(start, span.wallStartMs);
    const to = Math.min(end, span.wallEndMs);
    if (to - from < 1) continue;
    pieces.push({
      path: seg.path,
      inMs: Math.round(from - start),
      fileStartS: seg.fileStartS ?? 0,
      lenMs: Math.round(to - from),
      programMs: Math.round(span.programStartMs + (from - span.wallStartMs)),
      cutEnd: to < end,
    });
  }
  return pieces;
}

function coverageOf(pieces: readonly Piece[]): Window[] {
  const out: Window[] = [];
  for (const p of pieces) {
    const prev = out.at(-1);
    if (prev && p.programMs <= prev.endMs + COVERAGE_SLACK_MS) prev.endMs = Math.max(prev.endMs, p.programMs + p.lenMs);
    else out.push({ startMs: p.programMs, endMs: p.programMs + p.lenMs });
  }
  return out;
}

/** The parts of `a` inside any window of `b` (both sorted, non-overlapping). */
export function intersect(a: readonly Window[], b: readonly Window[]): Window[] {
  const out: Window[] = [];
  for (const x of a) {
    for (const y of b) {
      const startMs = Math.max(x.startMs, y.startMs);
      const endMs = Math.min(x.endMs, y.endMs);
      if (endMs > startMs) out.push({ startMs, endMs });
    }
  }
  return mergeWindows(out);
}

/** Sorted, with touching or overlapping windows joined. */
export function mergeWindows(windows: readonly Window[]): Window[] {
  const out: Window[] = [];
  for (const w of [...windows].sort((a, b) => a.startMs - b.startMs)) {
    const prev = out.at(-1);
    if (prev && w.startMs <= prev.endMs) prev.endMs = Math.max(prev.endMs, w.endMs);
    else out.push({ ...w });
  }
  return out;
}
