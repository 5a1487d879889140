import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, MEDIA_ARGS } from '../helpers/browser.js';
import { startServer, staffClients, type TestServer } from '../helpers/server.js';

/**
 * The end of the broadcast reaches a remote guest's page wherever they stand — in the green room, only
 * trying their camera, or with the connection down at that moment — and every camera and microphone
 * track the page opened is released (the browser's camera light goes off).
 */
const T = 30_000;
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({ MEDIA_WORKERS: '1' });
  staff = await staffClients(server.url);
  chromium = await launchChromium(MEDIA_ARGS);
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await server?.close();
});

/** A guest's own browser on their invitation link; every track getUserMedia gives the page is kept to check. */
async function guest(name: string): Promise<{ page: Page; ctx: BrowserContext }> {
  const invite = await staff.director.post('/api/studio/interviews/1/invites', { guestName: name });
  expect(invite.status).toBe(201);
  const ctx = await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  await ctx.addInitScript(() => {
    const w = window as unknown as { __tracks: MediaStreamTrack[] };
    w.__tracks = [];
    const devices = navigator.mediaDevices;
    const open = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (c) => {
      const stream = await open(c);
      w.__tracks.push(...stream.getTracks());
      return stream;
    };
  });
  const page = await ctx.newPage();
  await page.goto(new URL(invite.body.url, server.url).pathname);
  await page.locator('[data-testid=media-status][data-phase=connected]').waitFor({ timeout: T });
  await page.getByRole('button', { name: '开启摄像头和麦克风' }).click();
  await expect.poll(() => openTracks(page), { timeout: T }).toEqual(expect.arrayContaining(['video:live', 'audio:live']));
  return { page, ctx };
}

const openTracks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.map((t) => `${t.kind}:${t.readyState}`));

async function thankedAndReleased(page: Page): Promise<void> {
  await page.getByTestId('guest-thanks').getByText('感谢您参加本次访谈').waitFor({ timeout: T });
  await expect.poll(() => openTracks(page), { timeout: T }).toEqual(expect.not.arrayContaining(['video:live']));
  expect((await openTracks(page)).every((t) => t.endsWith(':ended'))).toBe(true);
}

describe('the end of the broadcast on a remote guest’s page', () => {
  it('reaches a guest in the green room, one only trying the camera, and one whose connection was down', async () => {
    const waiting = await guest('候场嘉宾');
    await waiting.page.getByRole('button', { name: '进入候场室', exact: true }).click();
    await waiting.page.locator('[data-testid=stage-standing][data-standing=green_room]').waitFor({ timeout: T });
    const trying = await guest('试设备嘉宾');
    const dropped = await guest('断网嘉宾');
    await dropped.page.getByRole('button', { name: '进入候场室', exact: true }).click();
    await dropped.page.locator('[data-testid=stage-standing][data-standing=green_room]').waitFor({ timeout: T });

    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
    // The third guest's network goes away; the broadcast ends meanwhile; the network comes back.
    await dropped.ctx.setOffline(true);
    await dropped.page.locator('[data-testid=media-status]:not([data-phase=connected])').waitFor({ timeout: T });
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'ended' })).status).toBe(200);

    await thankedAndReleased(waiting.page);
    await thankedAndReleased(trying.page);
    await dropped.ctx.setOffline(false);
    await thankedAndReleased(dropped.page);
  }, 120_000);

  it('reaches a guest whose connection was down for longer than the server keeps a dropped connection', async () => {
    // Reopened by an admin the same day, for a second part with a new guest.
    expect((await staff.admin.post('/api/studio/interviews/1/reopen', { reason: '第二场' })).status).toBe(200);
    const away = await guest('离线嘉宾');
    await away.page.getByRole('button', { name: '进入候场室', exact: true }).click();
    await away.page.locator('[data-testid=stage-standing][data-standing=green_room]').waitFor({ timeout: T });
    await away.ctx.setOffline(true);
    await away.page.locator('[data-testid=media-status]:not([data-phase=connected])').waitFor({ timeout: T });
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'ended' })).status).toBe(200);
    // Socket.IO replays missed events to a connection back within 2 minutes (connectionStateRecovery);
    // forgetting its sessions stands for a guest away longer (a laptop asleep): the reconnection is then
    // a new handshake, which the ended interview's link no longer passes.
    (server.app.io.of('/media').adapter as unknown as { sessions: Map<string, unknown> }).sessions.clear();
    await away.ctx.setOffline(false);
    await thankedAndReleased(away.page);
  }, 120_000);
});
