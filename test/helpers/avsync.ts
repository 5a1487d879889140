import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A stretch of a media file to look at, in seconds of its own timeline. */
export interface Window {
  fromS: number;
  toS: number;
}

/** A path for lavfi's movie/amovie source: test files live in temp folders, so refuse rather than escape twice. */
function lavfiPath(file: string): string {
  if (/[':\\,;[\]=]/.test(file)) throw new Error(`a path lavfi would misread: ${file}`);
  return file;
}

async function frames(graph: string, tag: string): Promise<Array<{ t: number; v: number }>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-f', 'lavfi', '-i', graph, '-show_entries', `frame=pts_time:frame_tags=${tag}`, '-of', 'csv=p=0'], {
    maxBuffer: 256 * 1024 * 1024,
    timeout: 600_000,
  });
  return stdout
    .trim()
    .split('\n')
    .map((l) => l.split(',').map(Number))
    .filter((p) => p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]))
    .map(([t, v]) => ({ t: t!, v: v! }));
}

/** Rising edges of a signal: the times where it crosses `threshold` from below. */
function onsets(samples: Array<{ t: number; v: number }>, threshold: number, w: Window): number[] {
  const out: number[] = [];
  let above = true; // no edge at the very start of the window: we may be mid-flash
  for (const s of samples) {
    if (s.t < w.fromS || s.t > w.toS) continue;
    const now = s.v > threshold;
    if (now && !above) out.push(s.t);
    above = now;
  }
  return out;
}

/** When the picture flashes white (mean luma of the middle of the frame rises past half). */
export async function flashTimes(file: string, w: Window): Promise<number[]> {
  const graph = `movie=${lavfiPath(file)}:sp=${Math.max(0, w.fromS - 1)},crop=iw/2:ih/2,signalstats`;
  return onsets(await frames(graph, 'lavfi.signalstats.YAVG'), 128, w);
}

/** When the sound beeps (the peak of 5 ms blocks rises past −20 dBFS). */
export async function beepTimes(file: string, w: Window): Promise<number[]> {
  const graph = `amovie=${lavfiPath(file)}:sp=${Math.max(0, w.fromS - 1)},asetnsamples=n=240:p=0,astats=metadata=1:reset=1:measure_perchannel=none`;
  return onsets(await frames(graph, 'lavfi.astats.Overall.Peak_level'), -20, w);
}

/**
 * Audio minus video, ms, for each flash paired with the nearest beep (within half a second): positive when
 * the sound comes late. The resolution is a video frame (33 ms at 30 fps) plus 5 ms.
 */
export async function avOffsets(file: string, w: Window): Promise<{ offsetsMs: number[]; flashes: number; beeps: number }> {
  const [flashes, beeps] = await Promise.all([flashTimes(file, w), beepTimes(file, w)]);
  const offsetsMs: number[] = [];
  for (const f of flashes) {
    const nearest = beeps.reduce<number | null>((best, b) => (best === null || Math.abs(b - f) < Math.abs(best - f) ? b : best), null);
    if (nearest !== null && Math.abs(nearest - f) < 0.5) offsetsMs.push(Math.round((nearest - f) * 1000));
  }
  return { offsetsMs, flashes: flashes.length, beeps: beeps.length };
}

/** Mean colour of a region of the frame shown at `atS` (x, y, w, h in the picture's pixels). */
export async function colourAt(file: string, atS: number, region: { x: number; y: number; w: number; h: number }): Promise<{ r: number; g: number; b: number }> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-ss', atS.toFixed(3), '-i', file, '-frames:v', '1', '-vf', `crop=${region.w}:${region.h}:${region.x}:${region.y},scale=1:1:flags=area,format=rgb24`, '-f', 'rawvideo', 'pipe:1'],
    { encoding: 'buffer', timeout: 60_000 },
  );
  return { r: stdout[0] ?? 0, g: stdout[1] ?? 0, b: stdout[2] ?? 0 };
}

/** The loudest tone's strength at `hz` against another in a stretch of the sound (Goertzel on decoded PCM). */
export async function toneLevel(file: string, w: Window, hz: number): Promise<number> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-ss', w.fromS.toFixed(3), '-t', (w.toS - w.fromS).toFixed(3), '-i', file, '-map', '0:a', '-ac', '1', '-ar', '48000', '-f', 's16le', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  const n = Math.floor(stdout.length / 2);
  const k = (2 * Math.PI * hz) / 48000;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s = stdout.readInt16LE(i * 2) / 32768 + 2 * Math.cos(k) * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const power = s1 * s1 + s2 * s2 - 2 * Math.cos(k) * s1 * s2;
  return n > 0 ? Math.sqrt(power) / n : 0;
}
