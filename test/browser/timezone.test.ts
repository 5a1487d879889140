import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, followNav } from '../helpers/browser.js';
import { ADMIN_PASSWORD, Client, startServer, type TestServer } from '../helpers/server.js';

/**
 * The office sits in Beijing; a colleague's laptop (or a server-room desktop) is set to UTC. The same
 * interview must read 10:00 北京时间 on every screen, and an entered 10:00 must mean 10:00 in Beijing.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let admin: Client;

beforeAll(async () => {
  server = await startServer();
  // TZ reaches the browser process itself; each context also sets timezoneId, as a desktop would.
  chromium = await launchChromium([], { TZ: 'UTC' });
  admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function studioPage(browser: Browser, timezoneId: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: server.url, locale: 'zh-CN', timezoneId })).newPage();
  await page.goto('/studio/');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '访谈列表' }).waitFor();
  return page;
}

const storedStart = (slug: string) =>
  (server.database.sqlite.prepare('SELECT scheduled_start AS s, scheduled_end AS e FROM interviews WHERE slug = ?').get(slug) as { s: string; e: string });

describe('times on the site’s clock, whatever the device’s zone', () => {
  it('takes 10:00 typed on a UTC desktop as 10:00 Beijing time, and shows it so in the studio, the viewer and the audit log', async () => {
    const page = await studioPage(chromium.browser, 'UTC');
    // The browser really runs on UTC: a naive datetime-local would store 10:00Z, i.e. 18:00 in Beijing.
    expect(await page.evaluate(() => [Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(2026, 4, 8).getTimezoneOffset()])).toEqual(['UTC', 0]);

    await page.getByRole('link', { name: '新建访谈' }).first().click();
    await page.getByLabel('访谈标题').fill('时区核对访谈');
    await page.getByLabel('单位', { exact: true }).selectOption({ label: '区住房和城乡建设局' });
    await page.getByLabel('网址标识').fill('tz-check');
    await page.getByLabel('计划开始时间').fill('2026-05-08T10:00');
    await page.getByLabel('计划结束时间').fill('2026-05-08T11:30');
    await page.getByRole('button', { name: '创建访谈' }).click();
    await page.getByRole('heading', { level: 1, name: /访谈设置/ }).waitFor();

    expect(storedStart('tz-check')).toEqual({ s: '2026-05-08T10:00:00+08:00', e: '2026-05-08T11:30:00+08:00' });
    // Back in the form, the stored time reads as typed.
    expect(await page.getByLabel('计划开始时间').inputValue()).toBe('2026-05-08T10:00');
    // The field says which clock it takes.
    expect(await page.locator('#iv-start-hint').textContent({ timeout: 5000 })).toContain('北京时间');

    await page.getByRole('link', { name: '访谈列表' }).click();
    const row = page.getByRole('row').filter({ hasText: '时区核对访谈' });
    await row.waitFor();
    const listed = (await row.textContent()) ?? '';
    expect(listed).toContain('10:00');
    expect(listed).toContain('11:30');
    expect(listed).toContain('北京时间');
    expect(listed).not.toContain('02:00');

    await followNav(page, '操作日志');
    await page.getByRole('columnheader', { name: /时间.*北京时间/ }).waitFor();
    const created = page.locator('tbody[data-testid=audit-entry][data-action="interview.create"]').filter({ hasText: '时区核对访谈' });
    await created.getByRole('button', { name: /详情/ }).click();
    const detail = (await created.locator('tr.detail').textContent()) ?? '';
    expect(detail).toMatch(/2026-05-08 10:00(:00)? 北京时间/);
    expect(detail).not.toContain('02:00');

    expect((await admin.patch('/api/studio/interviews/' + (await admin.get('/api/studio/interviews')).body.find((i: any) => i.slug === 'tz-check').id, { status: 'scheduled' })).status).toBe(200);
    const viewer = await (await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN', timezoneId: 'UTC' })).newPage();
    await viewer.goto('/v/tz-check');
    await viewer.getByRole('heading', { name: '时区核对访谈' }).waitFor();
    const shown = (await viewer.locator('main').textContent()) ?? '';
    expect(shown).toMatch(/10:00–11:30（北京时间）/);
    expect(shown).not.toContain('02:00');
    await viewer.context().close();
    await page.context().close();
  });

  it('reads the same stored time back as 10:00 on a desktop in New York, in English too', async () => {
    const page = await studioPage(chromium.browser, 'America/New_York');
    await page.getByRole('button', { name: 'Switch the interface to English' }).click();
    const row = page.getByRole('row').filter({ hasText: '时区核对访谈' });
    await row.waitFor();
    const listed = (await row.textContent()) ?? '';
    expect(listed).toContain('10:00');
    expect(listed).toContain('Beijing time (UTC+8)');
    expect(listed).not.toContain('22:00');
    await row.getByRole('link', { name: 'Settings' }).click();
    const start = page.getByLabel('Scheduled start');
    await start.waitFor();
    expect(await start.inputValue()).toBe('2026-05-08T10:00');
    expect(await page.locator('#iv-start-hint').textContent({ timeout: 5000 })).toContain('Beijing time');
    await page.context().close();
  });

  it('follows the zone the site is configured for, not Beijing time by habit', async () => {
    const berlin = await startServer({ SITE_TIMEZONE: 'Europe/Berlin' });
    try {
      const staff = new Client(berlin.url);
      await staff.login('admin', ADMIN_PASSWORD);
      const created = await staff.post('/api/studio/interviews', {
        slug: 'berlin-talk',
        title: '柏林时间访谈',
        unit: '驻外办事处',
        scheduledStart: '2026-07-15T09:00:00+02:00',
        scheduledEnd: '2026-07-15T10:00:00+02:00',
      });
      expect((await staff.patch(`/api/studio/interviews/${created.body.id}`, { status: 'scheduled' })).status).toBe(200);
      // A desktop in Beijing reads the Berlin site's 09:00 as 09:00, labelled with the site's zone.
      const context = await chromium.browser.newContext({ baseURL: berlin.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const viewer = await context.newPage();
      await viewer.goto('/v/berlin-talk');
      await viewer.getByRole('heading', { name: '柏林时间访谈' }).waitFor();
      await viewer.getByText(/09:00–10:00（.*Europe\/Berlin）/).waitFor();
      expect(await viewer.locator('main').textContent()).not.toContain('15:00');
      await context.close();
    } finally {
      await berlin.close();
    }
  });
});
