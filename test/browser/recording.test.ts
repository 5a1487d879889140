import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RecordingStatus } from '../../shared/schemas/recording.js';
import { launchChromium, MEDIA_ARGS, screenshotIfAsked, signInToStudio } from '../helpers/browser.js';
import { byTrack, probe, recordedCover } from '../helpers/recording.js';
import { startServer, staffClients, type Client, type TestServer } from '../helpers/server.js';

const T = 30_000;
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({ MEDIA_WORKERS: '1' });
  staff = await staffClients(server.url);
  chromium = await launchChromium(MEDIA_ARGS);
  browser = chromium.browser;
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await server?.close();
});

async function hostOnStage(): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  await signInToStudio(page, 'host1', 'host-password-1');
  await page.goto('/studio/#/interviews/1/stage');
  await page.locator('[data-testid=media-status][data-phase=connected]').waitFor({ timeout: T });
  await page.getByRole('button', { name: '开启摄像头和麦克风' }).click();
  await page.getByLabel('摄像头', { exact: true }).waitFor({ timeout: T });
  await page.getByRole('button', { name: '上台', exact: true }).click();
  await page.locator('[data-testid=stage-standing][data-standing=stage]').waitFor({ timeout: T });
  return page;
}

const status = async (c: Client): Promise<RecordingStatus> => (await c.get('/api/studio/interviews/1/recording')).body as RecordingStatus;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('recording a broadcast from a real browser camera', () => {
  it('records the host while live, in segments with sound and picture, resumes after ffmpeg dies and after the media worker dies, and says when the capture is complete', async () => {
    await hostOnStage();
    // Recording is on by default: going live starts it, and the host on stage is being recorded.
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
    await expect.poll(async () => (await status(staff.director)).participants[0]?.kinds.length, { timeout: T }).toBe(2);
    const on = await status(staff.director);
    expect(on).toMatchObject({ recording: true, whenLive: true, health: 'ok', stoppedReason: null });
    expect(on.participants[0]!.kinds.sort()).toEqual(['audio', 'video']);

    // The director's page shows it: recording, healthy, who, and the time counting.
    const ctx = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
    contexts.push(ctx);
    const director = await ctx.newPage();
    await signInToStudio(director, 'director1', 'director-password-1');
    await director.goto('/studio/#/interviews/1/director');
    const panel = director.getByTestId('recording-panel');
    await director.locator('[data-testid=recording-panel][data-recording=true][data-health=ok]').waitFor({ timeout: T });
    await expect.poll(() => panel.getByRole('status').innerText()).toContain('正在录制');
    expect(await panel.innerText()).toContain('host');
    const t1 = await panel.getByTestId('recording-elapsed').innerText();
    await sleep(2000);
    expect(await panel.getByTestId('recording-elapsed').innerText()).not.toBe(t1);
    await screenshotIfAsked(director, 'recording-panel');

    // About 10 s, then the director stops it on the page: what was recorded covers the span, within a second.
    await sleep(8000);
    await panel.getByRole('button', { name: '停止录制' }).click();
    await director.locator('[data-testid=recording-panel][data-recording=false]').waitFor({ timeout: T });
    expect(await panel.getByRole('status').innerText()).toContain('未在录制');
    const stopped = await status(staff.director);
    expect(stopped).toMatchObject({ recording: false, stoppedReason: 'operator', health: 'idle' });
    expect(stopped.bytes).toBeGreaterThan(50_000);
    const first = await server.app.recording.manifest(1);
    expect(first.spans).toHaveLength(1);
    expect(first.segments.length).toBeGreaterThanOrEqual(1);
    // Sound and picture are separate tracks, each in its own files on its own clock.
    for (const s of first.segments) {
      const p = await probe(s.path);
      expect(p.streams, s.path).toEqual([s.hasVideo ? 'video' : 'audio']);
      expect(s.durationMs, 'a cleanly stopped segment knows its length').not.toBeNull();
      // Matroska keeps no duration for a picture track's last frame, so the container's length and the packets' span
      // differ by up to one frame interval: 33 ms at the fake camera's 30 fps, exactly 50 ms seen once in CI when a
      // loaded machine delivered frames late. More than ~3 frames would mean a segment listed with the wrong length.
      expect(Math.abs(p.durationMs - s.durationMs!), 'listed length = file length').toBeLessThan(100);
    }
    const span = first.spans[0]!;
    for (const [kind, track] of Object.entries(byTrack(first.segments))) {
      expect(track.length, kind).toBeGreaterThanOrEqual(1);
      const cover = await recordedCover(track);
      // ffmpeg starts, listens, and gets its first packet (the picture: a key frame) soon after the start: 1.3–1.5 s
      // measured, up to 3 s while the machine ran five other test suites (two ffmpegs start at once now).
      expect(cover.startMs - span.startMs, kind).toBeGreaterThanOrEqual(0);
      expect(cover.startMs - span.startMs, kind).toBeLessThan(4000);
      expect(Math.abs(cover.endMs - span.endMs)).toBeLessThan(1000);
      expect(cover.gapsMs, 'consecutive segments abut').toBeLessThan(100);
    }

    // Started again; ffmpeg is killed: a new one takes over and the status says so meanwhile.
    await panel.getByRole('button', { name: '开始录制' }).click();
    await director.locator('[data-testid=recording-panel][data-recording=true]').waitFor({ timeout: T });
    await expect.poll(() => server.app.recording.capturesOf(1)[0]?.pid ?? null, { timeout: T }).not.toBeNull();
    await sleep(3000);
    // Away from a cut (every wall-clock 10 s): the open segment then has a few closed 1 s clusters to keep.
    while (Date.now() % 10_000 < 4000 || Date.now() % 10_000 > 7000) await sleep(100);
    const pid = server.app.recording.capturesOf(1)[0]!.pid!;
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    await expect.poll(async () => (await status(staff.director)).problems, { timeout: T }).toContain('capture_restarting');
    // The page says so too, pushed within a few seconds.
    await panel.getByRole('alert').filter({ hasText: '录制进程中断，正在自动恢复' }).waitFor({ timeout: T });
    await expect.poll(() => server.app.recording.capturesOf(1)[0]?.pid, { timeout: T }).not.toBe(pid);
    await sleep(6000);

    // The media worker dies: the room is rebuilt, the host's page republishes, and recording follows.
    const before = server.app.recording.capturesOf(1)[0]!;
    const [worker] = await server.app.media.pool.usage();
    process.kill(worker!.pid, 'SIGKILL');
    await expect
      .poll(() => server.app.recording.capturesOf(1).find((c) => c !== before && c.kinds.length === 2 && c.pid)?.pid ?? null, { timeout: 45_000 })
      .not.toBeNull();
    const rebuiltAt = Date.now();
    await sleep(7000);

    // The broadcast ends: the capture is complete, and the composer is told.
    const complete = new Promise<number>((resolve) => server.domain.bus.once('recording:complete', (p) => resolve(p.interviewId)));
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'ended' })).status).toBe(200);
    expect(await complete).toBe(1);
    const done = await server.app.recording.manifest(1);
    expect(done.spans).toHaveLength(2);
    const later = done.segments.filter((s) => s.wallStartMs >= done.spans[1]!.startMs);
    // The segment the picture's ffmpeg was writing when killed: no length known, but readable. (The sound's
    // ffmpeg went on.)
    const cut = later.filter((s) => s.durationMs === null);
    expect(cut).toHaveLength(1);
    const cutProbe = await probe(cut[0]!.path);
    expect(cutProbe.streams).toEqual(['video']);
    // Clusters are 1 s: the crash lost at most about the last second.
    const cutEnd = cut[0]!.wallStartMs + cutProbe.durationMs;
    expect(killedAt - cutEnd).toBeLessThan(1500);
    expect(killedAt - cutEnd).toBeGreaterThan(-100);
    // And after the restart, recording went on until the end.
    const after = later.filter((s) => s.wallStartMs > cut[0]!.wallStartMs);
    expect(after.length).toBeGreaterThanOrEqual(1);
    // Recorded again after the worker was replaced, until the end.
    expect(after.some((s) => s.wallStartMs >= rebuiltAt - 3000)).toBe(true);
    const tail = await recordedCover(after.filter((s) => s.wallStartMs >= rebuiltAt - 3000));
    expect(Math.abs(tail.endMs - done.spans[1]!.endMs)).toBeLessThan(1500);
    expect(tail.endMs - tail.startMs).toBeGreaterThan(3000);
    expect(done.timeline.length).toBeGreaterThanOrEqual(1);
    expect((await status(staff.director)).stoppedReason).toBe('ended');
  }, 120_000);
});
