import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, MEDIA_ARGS, signInToStudio as signIn } from '../helpers/browser.js';
import { ADMIN_PASSWORD, startServer, staffClients, type TestServer } from '../helpers/server.js';

// A broadcast's whole life as its crew and a netizen see it: going live (confirmed), the viewer before
// and during the program, a host who closes their tab, the end reaching the remote guest, and an admin
// who reopens an interview ended by mistake. One browser, one page per person.
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

/** A person's own browser context; `slowCamera` makes the camera take 1.5 s to open, as a real one can. */
async function person(opts: { slowCamera?: boolean } = {}): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  if (opts.slowCamera) {
    await ctx.addInitScript(() => {
      const devices = navigator.mediaDevices;
      if (!devices) return;
      const open = devices.getUserMedia.bind(devices);
      devices.getUserMedia = (c) => new Promise((r) => setTimeout(r, 1500)).then(() => open(c));
    });
  }
  return ctx.newPage();
}

/** Presses 开启摄像头和麦克风 and, while the camera is still opening, the join button at once. */
async function joinWhileCameraStarts(page: Page, joinLabel: string): Promise<void> {
  await page.locator('[data-testid=media-status][data-phase=connected]').waitFor({ timeout: T });
  await page.getByRole('button', { name: '开启摄像头和麦克风' }).click();
  await page.getByRole('button', { name: joinLabel, exact: true }).click();
  // The button says what it is waiting for, then acts by itself.
  await page.getByTestId('join-stage').filter({ hasText: '正在开启设备' }).waitFor({ timeout: 5000 });
}

/** Elements on screen whose own text says 直播中 (a screen-reader-only label does not count). */
const liveBadges = (page: Page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll('body *')].filter(
        (el) =>
          [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes('直播中')) &&
          el.getClientRects().length > 0 &&
          !el.closest('.sr-only'),
      ).length,
  );

const status = async (id: number) => (await staff.admin.get(`/api/studio/interviews/${id}`)).body.status as string;

describe('the life of a broadcast', () => {
  it('confirms going live, shows viewers one badge and an about-to-start card, and ends for the guest too', async () => {
    // The host presses 上台 while the camera is still starting: it waits for the camera, then goes on.
    const host = await person({ slowCamera: true });
    await signIn(host, 'host1', 'host-password-1');
    await host.goto('/studio/#/interviews/1/stage');
    await joinWhileCameraStarts(host, '上台');
    await host.locator('[data-testid=stage-standing][data-standing=stage]').waitFor({ timeout: 15_000 });

    // The director invites a guest; the guest does the same with 进入候场室.
    const director = await person();
    await signIn(director, 'director1', 'director-password-1');
    await director.goto('/studio/#/interviews/1/director');
    await director.getByLabel('嘉宾姓名').fill('张局长');
    await director.getByRole('button', { name: '生成邀请链接' }).click();
    const link = await director.getByTestId('invite-link').inputValue({ timeout: T });
    const guest = await person({ slowCamera: true });
    await guest.goto(link);
    await joinWhileCameraStarts(guest, '进入候场室');
    await guest.locator('[data-testid=stage-standing][data-standing=green_room]').waitFor({ timeout: 15_000 });

    const netizen = await person();
    await netizen.goto('/v/demo');
    await netizen.locator('[data-testid=player][data-state=idle]').waitFor({ timeout: T });

    // 开始直播 asks first; cancelling changes nothing and gives the keyboard back to the button.
    await director.getByRole('button', { name: '开始直播', exact: true }).click();
    await director.getByRole('alert').filter({ hasText: '确认开始直播？' }).waitFor({ timeout: T });
    expect(await director.evaluate(() => document.activeElement?.textContent?.trim())).toBe('确认开始直播');
    expect(await status(1)).toBe('scheduled');
    await director.getByRole('button', { name: '取消' }).click();
    expect(await director.evaluate(() => document.activeElement?.textContent?.trim())).toBe('开始直播');
    expect(await status(1)).toBe('scheduled');
    await director.getByRole('button', { name: '开始直播', exact: true }).click();
    await director.getByRole('button', { name: '确认开始直播' }).click();
    await director.locator('[data-testid=broadcast-controls][data-status=live]').waitFor({ timeout: T });
    expect(await status(1)).toBe('live');

    // Live, nobody on air yet: an about-to-start card, not a black box, and one live badge.
    await netizen.locator('[data-testid=player][data-state=waiting]').waitFor({ timeout: T });
    const screen = netizen.getByTestId('player-screen');
    await screen.getByText('直播即将开始').waitFor({ timeout: T });
    expect(await screen.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('gradient');
    expect(await liveBadges(netizen)).toBe(1);

    // On air: the picture plays, still one badge.
    await director.getByRole('button', { name: '请张局长上台' }).click();
    await guest.locator('[data-testid=stage-standing][data-standing=stage]').waitFor({ timeout: T });
    await director.getByRole('checkbox', { name: /切入节目$/ }).first().check();
    await director.getByRole('checkbox', { name: '张局长切入节目' }).check();
    await director.getByRole('radio', { name: '左右并排' }).check();
    await director.getByRole('button', { name: '应用到节目' }).click();
    await netizen.locator('[data-testid=player][data-state=playing]').waitFor({ timeout: T });
    expect(await liveBadges(netizen)).toBe(1);

    // The director reads each connection in words, not as mediasoup's "completed/connected".
    const hostCard = director.locator('[data-testid=participant-card][data-participant^="u:"]');
    await hostCard.locator('[data-testid=connection-state][data-kind=connected]').waitFor({ timeout: T });
    expect(await hostCard.getByTestId('connection-state').textContent()).toBe('已连接');

    // The host closes the tab: the director sees them as gone, not 台上 / 直播中.
    await host.close();
    await hostCard.locator('[data-testid=participant-state][data-state=left]').waitFor({ timeout: T });
    const badges = await hostCard.locator('.badges').textContent();
    expect(badges).toContain('已离开');
    expect(badges).not.toMatch(/台上|直播中/);

    // The end reaches the guest: camera and microphone stop, they are thanked, the link no longer opens.
    const tracks = await guest.evaluate(() => {
      const all = [...document.querySelectorAll('video')].flatMap((v) => (v.srcObject instanceof MediaStream ? v.srcObject.getTracks() : []));
      (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks = all;
      return all.map((t) => `${t.kind}:${t.readyState}`);
    });
    expect(tracks).toEqual(expect.arrayContaining(['video:live', 'audio:live']));
    await director.getByRole('button', { name: '结束直播', exact: true }).click();
    await director.getByRole('button', { name: '确认结束直播' }).click();
    await guest.getByTestId('guest-thanks').getByText('感谢您参加本次访谈').waitFor({ timeout: T });
    expect(await guest.getByTestId('stage-standing').count()).toBe(0);
    const after = await guest.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.map((t) => t.readyState));
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.every((s) => s === 'ended')).toBe(true);
    await netizen.locator('[data-testid=player][data-state=ended]').waitFor({ timeout: T });
    // The director's page does not rebuild into a new room; nobody is listed any more.
    await director.locator('[data-testid=media-status][data-phase=ended]').waitFor({ timeout: T });
    expect(await director.getByTestId('participant-card').count()).toBe(0);
    await guest.reload();
    await guest.locator('[data-testid=guest-thanks][data-when=later]').getByText('本场访谈已结束').waitFor({ timeout: T });
    expect(await guest.getByRole('button', { name: '进入候场室' }).count()).toBe(0);
  }, 180_000);

  it('asks before going live on the admin page, and lets the admin reopen an interview ended by mistake', async () => {
    const created = await staff.admin.post('/api/studio/interviews', {
      slug: 'reopen-ui',
      title: '误结束后重新开播',
      unit: '区政府办',
      scheduledStart: '2026-05-08T06:30:00.000Z',
      scheduledEnd: '2026-05-08T07:30:00.000Z',
    });
    const id = created.body.id as number;
    await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' });
    const admin = await person();
    await signIn(admin, 'admin', ADMIN_PASSWORD);
    await admin.goto(`/studio/#/interviews/${id}/settings`);

    await admin.getByRole('button', { name: '开始直播', exact: true }).click();
    await admin.getByRole('alert').filter({ hasText: '确认开始直播？' }).waitFor({ timeout: T });
    expect(await status(id)).toBe('scheduled');
    await admin.keyboard.press('Escape');
    await admin.getByRole('button', { name: '开始直播', exact: true }).waitFor({ timeout: T });
    expect(await status(id)).toBe('scheduled');
    await admin.getByRole('button', { name: '开始直播', exact: true }).click();
    await admin.getByRole('button', { name: '确认开始直播' }).click();
    await expect.poll(() => status(id), { timeout: T }).toBe('live');

    await admin.getByRole('button', { name: '结束访谈' }).click();
    await admin.getByRole('button', { name: '确认结束' }).click();
    await expect.poll(() => status(id), { timeout: T }).toBe('ended');
    await admin.getByRole('button', { name: '重新开播' }).click();
    await admin.getByRole('button', { name: '确认重新开播' }).click();
    await admin.getByText('请填写重新开播的原因').waitFor({ timeout: T });
    await admin.getByLabel('原因（记入操作日志）').fill('主持人误点结束');
    await admin.getByRole('button', { name: '确认重新开播' }).click();
    await expect.poll(() => status(id), { timeout: T }).toBe('live');
  }, 60_000);
});
