import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { wallToProgram } from '../../shared/schemas/record.js';
import { composeProgram } from '../../server/record/compose-run.js';
import type { CaptureManifest } from '../../server/recording/manifest.js';
import { avOffsets, colourAt, flashTimes, toneLevel } from '../helpers/avsync.js';
import { fakeSegments } from '../helpers/capture.js';

// Real ffmpeg on small, short inputs: a program of ~10 s each. At nice 0 (the server's is 10): the machine is
// shared, and a starved ffmpeg would only make the test slow, not wrong.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangtan-compose-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-12-02T02:00:00.000Z');
const HOST = { participantId: 'host', name: '张明', title: '主持人' };
const GUEST = { participantId: 'guest', name: '李华', title: '区住建局局长' };
const centre = { x: 560, y: 300, w: 160, h: 120 };
const probe = async (file: string, args: string[]) => (await promisify(execFile)('ffprobe', ['-v', 'error', ...args, '-of', 'csv=p=0', file])).stdout.trim();
const isRed = (c: { r: number; g: number; b: number }) => c.r > 180 && c.g < 60 && c.b < 60;
const isBlue = (c: { r: number; g: number; b: number }) => c.b > 180 && c.r < 60 && c.g < 60;

describe('composing the program from the raw capture', () => {
  it('follows the on-air switches and layouts: the right colour on screen and the right voices at each time', async () => {
    const out = path.join(dir, 'switch');
    // The host (red, 440 Hz) from the start; the guest (blue, 660 Hz) joins 0.3 s later, as a second ffmpeg would.
    const host = await fakeSegments({ dir: out, participantId: 'host', wallStartMs: T0, seconds: 9, segmentSeconds: 4, source: { kind: 'colour', colour: 'red', toneHz: 440 } });
    const guest = await fakeSegments({ dir: out, participantId: 'guest', wallStartMs: T0 + 300, seconds: 9, segmentSeconds: 4, source: { kind: 'colour', colour: 'blue', toneHz: 660 } });
    const manifest: CaptureManifest = {
      interviewId: 1,
      spans: [{ startMs: T0, endMs: T0 + 9000 }],
      segments: [...host, ...guest],
      timeline: [
        { atMs: T0, layout: 'single', slots: [HOST] },
        { atMs: T0 + 3000, layout: 'side_by_side', slots: [HOST, GUEST] },
        { atMs: T0 + 6000, layout: 'single', slots: [GUEST] },
      ],
    };
    const file = path.join(out, 'program.mp4');
    // A question on air from 1 s to 2.5 s: the viewer's strip across the top of the picture.
    const onAir = [{ onAirMs: T0 + 1000, offAirMs: T0 + 2500, content: '小区停车难怎么解决？', askedBy: '提问：网友' }];
    const result = await composeProgram(manifest, file, { workDir: path.join(out, 'work'), nice: 0, onAir });
    expect(Math.abs(result.durationMs - 9000)).toBeLessThan(100);
    expect(result.spans).toEqual([{ wallStartMs: T0, wallEndMs: T0 + 9000, programStartMs: 0 }]);
    // The format the editor, the publication and a later HLS tier rely on: H.264 High 720p30, AAC 48 kHz stereo,
    // a key frame at least every second.
    expect(await probe(file, ['-select_streams', 'v', '-show_entries', 'stream=codec_name,profile,width,height,r_frame_rate'])).toBe('h264,High,1280,720,30/1');
    expect(await probe(file, ['-select_streams', 'a', '-show_entries', 'stream=codec_name,sample_rate,channels'])).toBe('aac,48000,2');
    const keys = (await probe(file, ['-select_streams', 'v', '-show_entries', 'packet=pts_time,flags'])).split('\n').filter((l) => l.includes('K')).map((l) => Number(l.split(',')[0]));
    expect(Math.max(...keys.slice(1).map((k, i) => k - keys[i]!))).toBeLessThanOrEqual(1.001);

    // 0–3 s the host alone fills the picture, 3–6 s side by side (host left), 6–9 s the guest alone.
    expect(isRed(await colourAt(file, 1.5, centre))).toBe(true);
    expect(isRed(await colourAt(file, 4.5, { x: 200, y: 300, w: 100, h: 100 }))).toBe(true);
    expect(isBlue(await colourAt(file, 4.5, { x: 900, y: 300, w: 100, h: 100 }))).toBe(true);
    // Side by side keeps each 16:9 picture whole: black above and below, as the viewer's tiles.
    const above = await colourAt(file, 4.5, { x: 900, y: 20, w: 100, h: 100 });
    expect(above.r + above.g + above.b).toBeLessThan(40);
    expect(isBlue(await colourAt(file, 7.5, centre))).toBe(true);

    // The on-air strip: the brand's dark blue over the top of the red picture while the question is on air
    // (right of its wording, left of who asked), the bare picture before and after.
    const strip = { x: 600, y: 8, w: 200, h: 20 };
    const during = await colourAt(file, 1.8, strip);
    expect(during.b > during.r && during.r < 60 && during.b > 70, `strip while on air: ${JSON.stringify(during)}`).toBe(true);
    expect(isRed(await colourAt(file, 0.5, strip))).toBe(true);
    expect(isRed(await colourAt(file, 2.8, strip))).toBe(true);

    // The host alone is heard first; both while both are on air; then the guest alone.
    const level = (from: number, hz: number) => toneLevel(file, { fromS: from, toS: from + 1 }, hz);
    expect(await level(1, 440)).toBeGreaterThan(0.02);
    expect(await level(1, 660)).toBeLessThan(0.002);
    expect(await level(4, 440)).toBeGreaterThan(0.02);
    expect(await level(4, 660)).toBeGreaterThan(0.02);
    expect(await level(7, 440)).toBeLessThan(0.002);
    expect(await level(7, 660)).toBeGreaterThan(0.02);

    // The lower third (name on the brand-blue bar) is drawn at the bottom left, as in the viewer.
    // (Over the red picture: the bar's padding left of the name, between the red rule and the text.)
    const bar = await colourAt(file, 1.5, { x: 14, y: 660, w: 6, h: 20 });
    expect(bar.b).toBeGreaterThan(bar.r + 30);
    const third = await colourAt(file, 7.5, { x: 14, y: 660, w: 6, h: 20 });
    expect(third.b - third.r).toBeLessThan(150); // blended over blue: still the bar, not the bare picture
  }, 300_000);

  it('keeps sound and picture within 80 ms across a pause of the recording and a segment cut short by a crash', async () => {
    const out = path.join(dir, 'sync');
    // A camera whose first media arrives 1.234 s into the recording; 4 s segments; the last one cut by a kill -9.
    const start = T0 + 1234;
    const segments = await fakeSegments({ dir: out, participantId: 'host', wallStartMs: start, seconds: 13, segmentSeconds: 4, source: { kind: 'flash' }, crashLast: true });
    expect(segments.at(-1)?.durationMs).toBeNull();
    // The director paused the recording from 6 s to 8 s of the broadcast.
    const manifest: CaptureManifest = {
      interviewId: 1,
      spans: [{ startMs: T0, endMs: T0 + 6000 }, { startMs: T0 + 8000, endMs: T0 + 16_000 }],
      segments,
      timeline: [{ atMs: T0 - 5000, layout: 'single', slots: [HOST] }],
    };
    const file = path.join(out, 'program.mp4');
    const result = await composeProgram(manifest, file, { workDir: path.join(out, 'work'), nice: 0 });

    // The pause is cut out; the program ends where the crash cut the last segment (12 s + part of the last 1.234 s).
    expect(result.spans[0]).toEqual({ wallStartMs: T0, wallEndMs: T0 + 6000, programStartMs: 0 });
    expect(result.spans[1]).toMatchObject({ wallStartMs: T0 + 8000, programStartMs: 6000 });
    expect(result.durationMs).toBeGreaterThan(12_000);
    expect(result.durationMs).toBeLessThan(14_300);

    // Every flash is where the wall clock says, through the cut; and each beep is with its flash.
    const flashes = await flashTimes(file, { fromS: 0, toS: result.durationMs / 1000 });
    const expected = [1, 2, 3, 4, 7, 8, 9, 10, 11, 12].map((k) => wallToProgram(result.spans, start + k * 1000)! / 1000);
    for (const want of expected.filter((t) => t < result.durationMs / 1000 - 0.2)) {
      expect(flashes.some((f) => Math.abs(f - want) < 0.05), `a flash near ${want.toFixed(3)} s in ${flashes.join(', ')}`).toBe(true);
    }
    const sync = await avOffsets(file, { fromS: 0, toS: result.durationMs / 1000 });
    expect(sync.offsetsMs.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...sync.offsetsMs.map(Math.abs)), `offsets ${sync.offsetsMs.join(', ')} ms`).toBeLessThanOrEqual(80);
  }, 300_000);
});
