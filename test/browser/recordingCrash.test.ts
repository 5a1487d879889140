import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { RecordingStatus } from '../../shared/schemas/recording.js';
import { openDatabase } from '../../server/db/index.js';
import { captureManifest } from '../../server/recording/manifest.js';
import { launchChromium, MEDIA_ARGS, signInToStudio } from '../helpers/browser.js';
import { byTrack, freePort, probe, recordedCover, spawnServer as spawnOwn } from '../helpers/recording.js';
import { staffClients, tempDataDir } from '../helpers/server.js';

const T = 30_000;
const running: ChildProcess[] = [];
let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
const contexts: BrowserContext[] = [];

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  for (const p of running) p.kill('SIGKILL');
});

/** A server process of this test, killed at the end whatever happens. */
const spawnServer = (dataDir: string, port: number): Promise<ChildProcess> => spawnOwn(dataDir, port, (p) => running.push(p));

/** The ffmpeg processes writing into this data folder (found by their command line). */
function recorderPids(dataDir: string): number[] {
  const pids: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (cmd.startsWith('ffmpeg') && cmd.includes(dataDir)) pids.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('recording through a server crash', () => {
  it('keeps the segments written before kill -9, leaves no ffmpeg behind, and records again after the restart', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await spawnServer(dataDir, port);
    const staff = await staffClients(url);
    chromium = await launchChromium(MEDIA_ARGS);
    const ctx = await chromium.browser.newContext({ baseURL: url, locale: 'zh-CN' });
    contexts.push(ctx);
    const host = await ctx.newPage();
    await signInToStudio(host, 'host1', 'host-password-1');
    await host.goto('/studio/#/interviews/1/stage');
    await host.locator('[data-testid=media-status][data-phase=connected]').waitFor({ timeout: T });
    await host.getByRole('button', { name: '开启摄像头和麦克风' }).click();
    await host.getByLabel('摄像头', { exact: true }).waitFor({ timeout: T });
    await host.getByRole('button', { name: '上台', exact: true }).click();
    await host.locator('[data-testid=stage-standing][data-standing=stage]').waitFor({ timeout: T });
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
    const status = async () => (await staff.director.get('/api/studio/interviews/1/recording')).body as RecordingStatus;
    await expect.poll(async () => (await status()).participants[0]?.kinds.length, { timeout: T }).toBe(2);

    // Long enough for at least one closed segment, then kill -9: no graceful close of anything.
    await sleep(11_000);
    // Away from a cut (every wall-clock 10 s), so the open segment has closed 1 s clusters to keep.
    while (Date.now() % 10_000 < 4000 || Date.now() % 10_000 > 7000) await sleep(100);
    const recorders = recorderPids(dataDir);
    // One ffmpeg per track: the host's sound and picture.
    expect(recorders.length).toBe(2);
    first.kill('SIGKILL');
    const crashedAt = Date.now();
    // The kernel kills ffmpeg with its parent (no orphan keeps writing or holding the ports).
    await expect.poll(() => recorderPids(dataDir).length, { timeout: 5000 }).toBe(0);

    // Restart on the same port and data: the host's page reconnects, and recording picks up by itself.
    await spawnServer(dataDir, port);
    const restartedAt = Date.now();
    await expect.poll(async () => (await status().catch(() => null))?.participants?.[0]?.kinds.length, { timeout: 45_000 }).toBe(2);
    expect((await status()).recording).toBe(true);
    await sleep(6000);
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'ended' })).status).toBe(200);
    await expect.poll(async () => (await status()).stoppedReason, { timeout: T }).toBe('ended');

    const database = await openDatabase(dataDir, 'NORMAL');
    try {
      await expect
        .poll(async () => (await database.db.selectFrom('recordings').select('completed_at').executeTakeFirst())?.completed_at ?? null, { timeout: T })
        .not.toBeNull();
      const m = await captureManifest(database.db, path.join(dataDir, 'recordings'), 1);
      expect(m.spans).toHaveLength(2);
      // The crash closed the first span at the last media written, within a second or so of the kill.
      expect(Math.abs(m.spans[0]!.endMs - crashedAt)).toBeLessThan(2000);
      const before = m.segments.filter((s) => s.wallStartMs < crashedAt);
      const after = m.segments.filter((s) => s.wallStartMs >= restartedAt - 1000);
      expect(before.length).toBeGreaterThanOrEqual(1);
      // Everything written before the crash is intact: each file reads, with its track.
      for (const s of before) expect((await probe(s.path)).streams, s.path).toEqual([s.hasVideo ? 'video' : 'audio']);
      for (const track of Object.values(byTrack(before))) {
        // Only each track's open segment was cut, and it reads too.
        expect(track.filter((s) => s.durationMs === null)).toHaveLength(1);
        expect(track.slice(0, -1).every((s) => s.durationMs !== null), 'every closed segment knows its length').toBe(true);
        const cover = await recordedCover(track);
        expect(crashedAt - cover.endMs, 'at most ~1 s lost').toBeLessThan(1500);
        expect(cover.gapsMs).toBeLessThan(100);
      }
      // And the recording went on after the restart, sound and picture.
      for (const track of Object.values(byTrack(after))) {
        expect(track.length).toBeGreaterThanOrEqual(1);
        for (const s of track) expect((await probe(s.path)).streams).toEqual([s.hasVideo ? 'video' : 'audio']);
        expect((await recordedCover(track)).endMs - (await recordedCover(track)).startMs).toBeGreaterThan(3000);
      }
    } finally {
      await database.close();
    }
  }, 180_000);
});
