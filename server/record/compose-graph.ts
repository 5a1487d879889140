/**
 * The plan as one ffmpeg run (pure): one concat input per source run, laid on program time with -itsoffset;
 * a black 1280×720 canvas the people are overlaid on, each only while on air and while their media exists;
 * the lower thirds drawn on top; the sound of whoever is in the program mixed. One pass keeps audio and video
 * on one clock: nothing is cut and glued back, so no per-piece rounding can add up to an offset.
 */
import { PROGRAM_FPS, PROGRAM_HEIGHT, PROGRAM_WIDTH, INSET_OUTER, lowerThird, onAirStrip, tileRect, type Rect, type TileKind } from './compose-layout.js';
import { intersect, mergeWindows, type ComposePlan, type SourceRun, type Window } from './compose-plan.js';

/** What compose-run.ts needs: the files to write into the work folder (relative names), then ffmpeg's arguments. */
export interface FfmpegJob {
  files: Array<{ name: string; content: string }>;
  /** Arguments after `ffmpeg`, run with the work folder as the current directory. */
  args: string[];
}

/** Encoding of the program: the one feed the editor, the publication and a later HLS tier use. */
export const ENCODE = {
  preset: 'veryfast',
  crf: '23',
  maxrate: '3000k',
  bufsize: '6000k',
  audioBitrate: '128k',
} as const;

const FONT = 'Noto Sans CJK SC';
const SAMPLE_RATE = 48000;
// Colours of viewer/src/styles.css: --brand-dark at 90 %, --live, and the 职务's darker band.
const BAR = '0x083A6E@0.9';
const RULE = '0xB8141A';
const BAND = '0x000000@0.45';
// OnAirStrip.svelte: rgb(8 58 110 / 92%), the label on --live, who asked in #e6e9ed.
const STRIP = '0x083A6E@0.92';
const ASKER = '0xE6E9ED';

const sec = (ms: number) => (ms / 1000).toFixed(3);

/** A timeline expression true inside the windows (t in seconds); `0` when there are none. */
export function enableExpr(windows: readonly Window[]): string {
  if (windows.length === 0) return '0';
  return windows.map((w) => `between(t,${sec(w.startMs)},${sec(w.endMs - 1)})`).join('+');
}

/** ffconcat quoting: a path in single quotes, a quote written as '\''. */
function quotePath(p: string): string {
  return `'${p.replace(/'/g, "'\\''")}'`;
}

/** The concat list of a run: each piece at its program position, a hole (≤ 2 s) as a longer duration. */
export function concatList(run: SourceRun): string {
  const lines = ['ffconcat version 1.0'];
  run.pieces.forEach((p, i) => {
    const next = run.pieces[i + 1];
    const duration = next ? next.programMs - p.programMs : p.lenMs;
    if (duration <= 0) return;
    lines.push(`file ${quotePath(p.path)}`);
    if (p.inMs > 0) lines.push(`inpoint ${(p.fileStartS + p.inMs / 1000).toFixed(3)}`);
    // Else the rest of the file (recorded during the pause) would follow, on top of the next piece.
    if (p.cutEnd) lines.push(`outpoint ${(p.fileStartS + (p.inMs + p.lenMs) / 1000).toFixed(3)}`);
    lines.push(`duration ${sec(duration)}`);
  });
  return `${lines.join('\n')}\n`;
}

interface Placement {
  kind: TileKind;
  windows: Window[];
}

/** Where each participant is on screen, by tile kind, and whose sound is on when. */
function placements(plan: ComposePlan) {
  const video = new Map<string, Map<TileKind, Window[]>>();
  const audio = new Map<string, Window[]>();
  const thirds = new Map<string, { kind: TileKind; name: string; title: string; windows: Window[] }>();
  const inset: Window[] = [];
  for (const scene of plan.scenes) {
    const w = { startMs: scene.startMs, endMs: scene.endMs };
    for (const { slot, kind } of scene.tiles) {
      const kinds = video.get(slot.participantId) ?? new Map<TileKind, Window[]>();
      kinds.set(kind, [...(kinds.get(kind) ?? []), w]);
      video.set(slot.participantId, kinds);
      const key = JSON.stringify([kind, slot.name, slot.title]);
      const third = thirds.get(key) ?? { kind, name: slot.name, title: slot.title, windows: [] };
      third.windows.push(w);
      thirds.set(key, third);
      if (kind === 'inset') inset.push(w);
    }
    for (const id of scene.audio) audio.set(id, [...(audio.get(id) ?? []), w]);
  }
  return { video, audio, thirds: [...thirds.values()], inset: mergeWindows(inset) };
}

function drawbox(r: Rect, color: string, enable: string): string {
  return `drawbox=x=${r.x}:y=${r.y}:w=${r.w}:h=${r.h}:color=${color}:t=fill:enable='${enable}'`;
}

/** Builds the ffmpeg run that writes `output` (a path relative to the work folder, or absolute). */
export function buildCompose(plan: ComposePlan, output: string): FfmpegJob {
  const files: FfmpegJob['files'] = [];
  const inputs: Array<{ list: string; offsetMs: number }> = [];
  const graph: string[] = [];
  const { video, audio, thirds, inset } = placements(plan);
  const total = sec(plan.durationMs);

  graph.push(`color=c=black:s=${PROGRAM_WIDTH}x${PROGRAM_HEIGHT}:r=${PROGRAM_FPS}:d=${total},format=yuv420p[c0]`);
  let canvas = 'c0';
  let n = 0;
  const next = () => `c${++n}`;
  const mixes: string[] = [];
  const layers: Array<{ order: number; input: number; kind: TileKind; windows: Window[] }> = [];

  plan.runs.forEach((run) => {
    const kinds = run.hasVideo ? video.get(run.participantId) : undefined;
    const shown: Placement[] = kinds ? [...kinds].map(([kind, w]) => ({ kind, windows: intersect(mergeWindows(w), run.coverage) })).filter((p) => p.windows.length > 0) : [];
    const heard = run.hasAudio ? mergeWindows(audio.get(run.participantId) ?? []) : [];
    if (shown.length === 0 && heard.length === 0) return;
    const index = inputs.length;
    const list = `run-${index}.ffconcat`;
    files.push({ name: list, content: concatList(run) });
    inputs.push({ list, offsetMs: run.programStartMs });
    for (const p of shown) layers.push({ order: p.kind === 'inset' ? 1 : 0, input: index, kind: p.kind, windows: p.windows });
    if (heard.length > 0) {
      const label = `a${index}`;
      const start = Math.round((run.programStartMs * SAMPLE_RATE) / 1000);
      // The resampler puts each sample where its timestamp says from the run's start (holes over 20 ms filled,
      // overlaps dropped: the error stays under 20 ms and never adds up); silence before it comes from a source
      // in small frames, because amix ignores timestamps. (async above 1 garbles the sound at segment joins in
      // ffmpeg 5.1: measured.)
      graph.push(`[${index}:a]aresample=${SAMPLE_RATE}:async=1:min_hard_comp=0.02:first_pts=${start},aformat=sample_fmts=fltp:channel_layouts=stereo[r${label}]`);
      if (start > 0) {
        graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=end_sample=${start},aformat=sample_fmts=fltp:channel_layouts=stereo[p${label}]`);
        graph.push(`[p${label}][r${label}]concat=n=2:v=0:a=1[q${label}]`);
      } else graph.push(`[r${label}]anull[q${label}]`);
      // From here on a sample's place is its time: renumber (concat adds the preroll to timestamps that had it already).
      graph.push(`[q${label}]asetpts=N/SR/TB,volume=0:enable='not(${enableExpr(heard)})'[${label}]`);
      mixes.push(label);
    }
  });

  // Pictures: the big tiles first, then the inset's frame and picture over them.
  const byInput = new Map<number, typeof layers>();
  for (const l of layers) byInput.set(l.input, [...(byInput.get(l.input) ?? []), l]);
  const sources = new Map<(typeof layers)[number], string>();
  for (const [input, own] of byInput) {
    const labels = own.map((_, i) => `v${input}_${i}`);
    graph.push(own.length > 1 ? `[${input}:v]split=${own.length}${labels.map((l) => `[${l}]`).join('')}` : `[${input}:v]null[${labels[0]}]`);
    own.forEach((l, i) => {
      const r = tileRect(l.kind);
      graph.push(`[${labels[i]}]scale=w=${r.w}:h=${r.h}:force_original_aspect_ratio=decrease:force_divisible_by=2,setsar=1[s${labels[i]}]`);
      sources.set(l, `s${labels[i]}`);
    });
  }
  const overlay = (l: (typeof layers)[number]) => {
    const r = tileRect(l.kind);
    const out = next();
    graph.push(`[${canvas}][${sources.get(l)}]overlay=x='${r.x}+(${r.w}-w)/2':y='${r.y}+(${r.h}-h)/2':eof_action=pass:enable='${enableExpr(l.windows)}'[${out}]`);
    canvas = out;
  };
  layers.filter((l) => l.order === 0).forEach(overlay);
  if (inset.length > 0) {
    const out = next();
    const inner = tileRect('inset');
    graph.push(`[${canvas}]${drawbox(INSET_OUTER, 'white', enableExpr(inset))},${drawbox(inner, 'black', enableExpr(inset))}[${out}]`);
    canvas = out;
  }
  layers.filter((l) => l.order === 1).forEach(overlay);

  // Lower thirds: the same boxes and text the viewer's figcaption draws, while the person is on screen.
  thirds.forEach((t, i) => {
    const lt = lowerThird(t.kind, t.name, t.title);
    const on = enableExpr(mergeWindows(t.windows));
    const steps = [drawbox(lt.bar, BAR, on)];
    if (lt.titleBand) steps.push(drawbox(lt.titleBand, BAND, on));
    steps.push(drawbox(lt.rule, RULE, on));
    files.push({ name: `name-${i}.txt`, content: lt.name.text });
    // Regular weight with a 1 px outline of its own colour: drawtext's fontconfig lookup ignores the style.
    steps.push(`drawtext=font=${FONT}:textfile=name-${i}.txt:expansion=none:fontsize=${lt.name.size}:fontcolor=white:borderw=${lt.name.size >= 18 ? 1 : 0}:bordercolor=white:x=${lt.name.x}:y=${lt.name.y}:enable='${on}'`);
    if (lt.title) {
      files.push({ name: `title-${i}.txt`, content: lt.title.text });
      steps.push(`drawtext=font=${FONT}:textfile=title-${i}.txt:expansion=none:fontsize=${lt.title.size}:fontcolor=white:x=${lt.title.x}:y=${lt.title.y}:enable='${on}'`);
    }
    const out = next();
    graph.push(`[${canvas}]${steps.join(',')}[${out}]`);
    canvas = out;
  });
  // The question being answered: the viewer's strip across the top, while it is on air.
  plan.questions.forEach((q, i) => {
    const strip = onAirStrip(q.content, q.askedBy);
    const on = enableExpr([q]);
    const text = (name: string, content: string, size: number, color: string, x: number, y: number) => {
      files.push({ name, content });
      return `drawtext=font=${FONT}:textfile=${name}:expansion=none:fontsize=${size}:fontcolor=${color}:x=${x}:y=${y}:enable='${on}'`;
    };
    const steps = [drawbox(strip.bar, STRIP, on), drawbox(strip.label.box, RULE, on), text(`q-${i}-label.txt`, strip.label.text, strip.size, 'white', strip.label.x, strip.label.y)];
    strip.lines.forEach((l, j) => steps.push(text(`q-${i}-${j}.txt`, l.text, strip.size, 'white', l.x, l.y)));
    steps.push(text(`q-${i}-asker.txt`, strip.asker.text, strip.askerSize, ASKER, strip.asker.x, strip.asker.y));
    const out = next();
    graph.push(`[${canvas}]${steps.join(',')}[${out}]`);
    canvas = out;
  });
  graph.push(`[${canvas}]null[vout]`);

  if (mixes.length === 0) graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=end=${total}[aout]`);
  else {
    const mixed = mixes.length > 1 ? `${mixes.map((m) => `[${m}]`).join('')}amix=inputs=${mixes.length}:duration=longest:dropout_transition=0:normalize=0` : `[${mixes[0]}]anull`;
    // Padded to the end: the last person may stop before the program does.
    graph.push(`${mixed},asetpts=N/SR/TB,apad,atrim=end=${total}[aout]`);
  }
  files.push({ name: 'graph.txt', content: graph.join(';\n') });

  // Each run starts where it belongs on program time: its first timestamp is moved to programStartMs.
  const inputArgs = inputs.flatMap((i) => ['-f', 'concat', '-safe', '0', '-itsoffset', sec(i.offsetMs), '-i', i.list]);
  const args = [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1', '-y',
    ...inputArgs,
    '-filter_complex_script', 'graph.txt',
    '-map', '[vout]', '-map', '[aout]',
    '-c:v', 'libx264', '-preset', ENCODE.preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-crf', ENCODE.crf,
    '-maxrate', ENCODE.maxrate, '-bufsize', ENCODE.bufsize,
    // A key frame every second at most, so an editor's seek and a later HLS cut land within a second.
    '-g', String(PROGRAM_FPS), '-keyint_min', String(PROGRAM_FPS), '-r', String(PROGRAM_FPS),
    '-c:a', 'aac', '-b:a', ENCODE.audioBitrate, '-ar', String(SAMPLE_RATE), '-ac', '2',
    '-t', total, '-movflags', '+faststart', '-f', 'mp4', output,
  ];
  return { files, args };
}
