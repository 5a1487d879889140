import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { launchChromium, MEDIA_ARGS, signInToStudio as signIn, startPortal } from '../helpers/browser.js';
import { startServer, staffClients, type TestServer } from '../helpers/server.js';

const T = 30_000;
let server: TestServer;
let portal: Awaited<ReturnType<typeof startPortal>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({ MEDIA_WORKERS: '1' });
  await staffClients(server.url); // host1 / director1 with <role>-password-1
  portal = await startPortal(server.url, 'demo');
  chromium = await launchChromium(MEDIA_ARGS);
  browser = chromium.browser;
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await portal?.close();
  await server?.close();
});

async function person(): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  return ctx.newPage();
}

/** Starts camera and microphone on a stage or guest page and presses its join button. */
async function goOnStage(page: Page, joinButton: string): Promise<void> {
  await page.locator('[data-testid=media-status][data-phase=connected]').waitFor({ timeout: T });
  await page.getByRole('button', { name: '开启摄像头和麦克风' }).click();
  await page.getByLabel('摄像头', { exact: true }).waitFor({ timeout: T });
  await page.getByRole('button', { name: joinButton, exact: true }).click();
}

type PlayerStats = { videoFramesDecoded: number; audioBytesReceived: number; consumerIds: string[]; transportId: string | null };
const playerStats = (frame: Frame): Promise<PlayerStats> =>
  frame.evaluate(() => (window as unknown as { __fangtanPlayer: { stats(): Promise<PlayerStats> } }).__fangtanPlayer.stats());

/** Waits until the viewer's decoded video frames and received audio bytes both grow. */
async function mediaFlows(frame: Frame): Promise<PlayerStats> {
  const before = await playerStats(frame);
  let after = before;
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 300));
    after = await playerStats(frame);
    if (after.videoFramesDecoded > before.videoFramesDecoded + 5 && after.audioBytesReceived > before.audioBytesReceived) break;
  }
  expect(after.videoFramesDecoded, 'video frames decoded keep growing').toBeGreaterThan(before.videoFramesDecoded + 5);
  expect(after.audioBytesReceived, 'audio bytes keep growing').toBeGreaterThan(before.audioBytesReceived);
  return after;
}

describe('a live broadcast from the studio to the embedded viewer', () => {
  it('puts the host and a remote guest on air, takes the guest off, and the viewer follows and survives a dropped transport', async () => {
    // Host on stage.
    const host = await person();
    await signIn(host, 'host1', 'host-password-1');
    await host.goto('/studio/#/interviews/1/stage');
    await goOnStage(host, '上台');
    await host.locator('[data-testid=stage-standing][data-standing=stage]').waitFor({ timeout: T });

    // Director invites a guest, who joins the green room through the link, without an account.
    const director = await person();
    await signIn(director, 'director1', 'director-password-1');
    await director.goto('/studio/#/interviews/1/director');
    await director.getByLabel('嘉宾姓名').fill('张局长');
    await director.getByRole('button', { name: '生成邀请链接' }).click();
    const link = await director.getByTestId('invite-link').inputValue({ timeout: T });
    expect(link).toMatch(/\/g\/[\w-]{20,}$/);
    const guest = await person();
    await guest.goto(link);
    await guest.getByTestId('guest-greeting').filter({ hasText: '张局长' }).waitFor({ timeout: T });
    await goOnStage(guest, '进入候场室');
    await guest.locator('[data-testid=stage-standing][data-standing=green_room]').waitFor({ timeout: T });

    // Director admits the guest, puts both on air side by side, starts the broadcast.
    await director.getByRole('button', { name: '请张局长上台' }).click();
    await guest.locator('[data-testid=stage-standing][data-standing=stage]').waitFor({ timeout: T });
    await director.getByRole('checkbox', { name: /切入节目$/ }).first().check();
    await director.getByRole('checkbox', { name: '张局长切入节目' }).check();
    await director.getByRole('radio', { name: '左右并排' }).check();
    await director.getByRole('button', { name: '应用到节目' }).click();
    await director.locator('[data-testid=program-preview][data-slots="2"]').waitFor({ timeout: T });
    await director.getByRole('button', { name: '开始直播' }).click();
    await director.getByRole('button', { name: '确认开始直播' }).click();
    await guest.locator('[data-testid=stage-standing][data-standing=on_air]').waitFor({ timeout: T });

    // A netizen watches in the portal page: both pictures, with sound.
    const netizen = await person();
    await netizen.goto(portal.url);
    const frameEl = await netizen.locator('iframe[title="在线访谈"]').elementHandle({ timeout: T });
    const frame = (await frameEl!.contentFrame())!;
    await frame.locator('[data-testid=player][data-state=playing]').waitFor({ timeout: T });
    await expect.poll(() => frame.locator('[data-testid=player] video[data-participant-id]').count(), { timeout: T }).toBe(2);
    const first = await mediaFlows(frame);
    expect(first.consumerIds).toHaveLength(4); // audio + video of two people
    // Playing: the status layer says nothing, so it does not dim the picture and its lower thirds.
    expect(await frame.locator('[data-testid=player] p.status').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
    expect(await frame.getByTestId('lower-third').filter({ hasText: '张局长' }).count()).toBe(1);

    // The director takes the guest off air: the viewer drops to one picture and stops receiving the guest.
    await director.getByRole('checkbox', { name: '张局长切入节目' }).uncheck();
    await director.getByRole('radio', { name: '单人' }).check();
    await director.getByRole('button', { name: '应用到节目' }).click();
    await expect.poll(() => frame.locator('[data-testid=player] video[data-participant-id]').count(), { timeout: T }).toBe(1);
    const guestId = await frame.locator('[data-testid=player] video[data-participant-id^="g:"]').count();
    expect(guestId).toBe(0);
    await expect.poll(async () => (await playerStats(frame)).consumerIds.length, { timeout: T }).toBe(2);
    await mediaFlows(frame);

    // The server drops the viewer's transport: the player notices, rebuilds on a new one, and plays again.
    const oldTransport = (await playerStats(frame)).transportId;
    const room = (await server.app.media.rooms.peek(1))!;
    const viewers = [...(room as unknown as { peers: Map<string, { kind: string; transports: Map<string, { close(): void }> }> }).peers.values()].filter(
      (p) => p.kind === 'viewer',
    );
    expect(viewers).toHaveLength(1);
    for (const t of viewers[0]!.transports.values()) t.close();
    await expect.poll(async () => (await playerStats(frame)).transportId, { timeout: T }).not.toBe(oldTransport);
    await frame.locator('[data-testid=player][data-state=playing]').waitFor({ timeout: T });
    await mediaFlows(frame);
  }, 180_000);
});
