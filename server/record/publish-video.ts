import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** A program is a few hundred MB at most; copying its packets takes seconds, this only stops a hung ffmpeg. */
const FFMPEG_TIMEOUT_MS = 10 * 60_000;
/** The program's GOP is at most 1 s (compose), so the key frame before the in point is found within this. */
const KEYFRAME_LOOKBACK_S = 5;

/** The duration of a media file in ms, from ffprobe. */
export async function probeDurationMs(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { timeout: 60_000 });
  const s = Number(stdout.trim());
  if (!Number.isFinite(s)) throw new Error(`ffprobe: no duration for ${file}`);
  return Math.round(s * 1000);
}

/** The last video key frame at or before `atMs`, read with ffprobe: its time in seconds as ffprobe prints it, and in ms. */
export async function keyframeAtOrBefore(file: string, atMs: number): Promise<{ seconds: string; ms: number }> {
  const at = atMs / 1000;
  const from = Math.max(0, at - KEYFRAME_LOOKBACK_S);
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-read_intervals', `${from}%${at + 0.05}`, '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file],
    { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
  );
  let best = { seconds: '0', ms: 0, t: -1 };
  for (const line of stdout.split('\n')) {
    const [pts, flags] = line.trim().split(',');
    const t = Number(pts);
    if (pts && flags?.includes('K') && Number.isFinite(t) && t <= at + 0.0005 && t > best.t) best = { seconds: pts, ms: Math.round(t * 1000), t };
  }
  return { seconds: best.seconds, ms: best.ms };
}

/**
 * Cuts the program to [inMs, outMs) into `dest` without re-encoding. A stream copy can only start on a key
 * frame, so the cut starts at the key frame before the in point: that start is measured and returned, and
 * the subtitles, chapters and transcript are shifted by it rather than by the in point. Uncut, the file is
 * copied as it is.
 */
export async function cutProgram(src: string, dest: string, inMs: number, outMs: number | null): Promise<{ cutStartMs: number; durationMs: number }> {
  if (inMs <= 0 && outMs === null) {
    await fs.copyFile(src, dest);
    return { cutStartMs: 0, durationMs: await probeDurationMs(dest) };
  }
  const key = inMs > 0 ? await keyframeAtOrBefore(src, inMs) : { seconds: '0', ms: 0 };
  const cutStartMs = key.ms;
  // A stream copy starts at the key frame at or before -ss; aiming a millisecond past the key frame (less than a
  // frame) makes sure a rounding of its time does not land just before it and take the previous one.
  const args = ['-v', 'error', '-nostdin', '-y', ...(key.ms > 0 ? ['-ss', (Number(key.seconds) + 0.001).toFixed(6)] : []), '-i', src];
  if (outMs !== null) args.push('-t', String((outMs - cutStartMs) / 1000));
  args.push('-map', '0', '-c', 'copy', '-avoid_negative_ts', 'make_zero', '-movflags', '+faststart', dest);
  await run('ffmpeg', args, { timeout: FFMPEG_TIMEOUT_MS });
  return { cutStartMs, durationMs: await probeDurationMs(dest) };
}

/**
 * A still for the replay's poster: the program opens on black until the first camera's key frame arrives
 * (and then often on the waiting before anyone speaks), so the player would show a black box before play.
 * Taken a tenth of the way in (2 s at least, a minute at most), scaled to 1280 px wide.
 */
export async function posterFrame(video: string, dest: string, durationMs: number): Promise<void> {
  const atMs = Math.min(Math.max(2000, durationMs / 10), 60_000, Math.max(0, durationMs - 500));
  await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-ss', (atMs / 1000).toFixed(3), '-i', video, '-frames:v', '1', '-vf', 'scale=1280:-2', '-q:v', '3', dest], {
    timeout: 60_000,
  });
}
