import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CaptureSegment } from '../../server/recording/manifest.js';

const run = promisify(execFile);

/**
 * What ffprobe finds in a media file: its stream kinds, and its length measured from the packets (first
 * timestamp to the end of the last packet), which also works for a file cut by a crash (no duration header).
 */
export async function probe(file: string): Promise<{ streams: string[]; durationMs: number; startMs: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type:packet=pts_time,duration_time', '-of', 'json', file], {
    maxBuffer: 64 * 2 ** 20,
  });
  const j = JSON.parse(stdout) as { streams: Array<{ codec_type: string }>; packets: Array<{ pts_time?: string; duration_time?: string }> };
  let start = Infinity;
  let end = -Infinity;
  for (const p of j.packets) {
    const t = Number(p.pts_time);
    if (!Number.isFinite(t)) continue;
    start = Math.min(start, t);
    end = Math.max(end, t + (Number(p.duration_time) || 0));
  }
  return { streams: j.streams.map((s) => s.codec_type), durationMs: Math.round((end - start) * 1000), startMs: Math.round(start * 1000) };
}

/** The wall-clock stretch some segments cover, and the sum of the holes between them. */
export async function recordedCover(segments: CaptureSegment[]): Promise<{ startMs: number; endMs: number; gapsMs: number }> {
  const spans = await Promise.all(
    segments.map(async (s) => ({ start: s.wallStartMs, end: s.wallStartMs + (s.durationMs ?? (await probe(s.path)).durationMs) })),
  );
  spans.sort((a, b) => a.start - b.start);
  let gaps = 0;
  for (let i = 1; i < spans.length; i++) gaps += Math.max(0, spans[i]!.start - spans[i - 1]!.end);
  return { startMs: spans[0]!.start, endMs: Math.max(...spans.map((s) => s.end)), gapsMs: gaps };
}
