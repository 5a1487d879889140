import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, openStudioAs, screenshotIfAsked } from '../helpers/browser.js';
import { ADMIN_PASSWORD, staffClients, startServer, type TestServer } from '../helpers/server.js';

/** The studio's top bar: the admin's eleven pages fit one row, grouped into two menus a keyboard can work. */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  server = await startServer();
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

/** The bar's height and the tallest of its items: one row when the bar is no taller than one item and its padding. */
async function barRows(page: import('playwright-core').Page): Promise<{ bar: number; item: number }> {
  return page.locator('header.topbar').evaluate((bar) => {
    const items = [...bar.children].map((c) => c.getBoundingClientRect().height);
    return { bar: bar.getBoundingClientRect().height, item: Math.max(...items) };
  });
}

describe('the studio top bar', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`keeps the admin's pages on one row in ${lang}, the yearly cycle and the system in menus`, async () => {
      const page = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD, lang);
      const zh = lang === 'zh-CN';
      const nav = page.getByRole('navigation', { name: zh ? '主导航' : 'Main navigation' });
      const year = nav.getByRole('button', { name: zh ? '年度工作' : 'Yearly cycle' });
      const system = nav.getByRole('button', { name: zh ? '系统管理' : 'System' });
      await year.waitFor();
      const { bar, item } = await barRows(page);
      // Padding 0.5rem top and bottom plus the 4 px border: a second row would add another item's height.
      expect(bar).toBeLessThan(item + 16 + 4 + item / 2);
      expect(await year.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.getByRole('link', { name: zh ? '年度计划' : 'Annual plan' }).count()).toBe(0);

      // By keyboard: focus the menu's button, open it with Enter, Tab into its links, Escape closes it.
      await year.focus();
      await page.keyboard.press('Enter');
      expect(await year.getAttribute('aria-expanded')).toBe('true');
      const links = zh ? ['年度计划', '回执管理', '书面答复', '工作日历', '统计'] : ['Annual plan', 'Receipt forms', 'Written replies', 'Working calendar', 'Statistics'];
      for (const name of links) await nav.getByRole('link', { name, exact: true }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(links[0]);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshotIfAsked(page, `topbar-menu-${lang}`);
      await page.keyboard.press('Escape');
      expect(await year.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toContain(zh ? '年度工作' : 'Yearly cycle');

      // Arrow keys too: Down on the closed button opens onto the first link, Down / Up / End move, Escape closes.
      const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
      await page.keyboard.press('ArrowDown');
      expect(await year.getAttribute('aria-expanded')).toBe('true');
      expect(await focused()).toBe(links[0]);
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe(links[1]);
      await page.keyboard.press('End');
      expect(await focused()).toBe(links[4]);
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe(links[4]);
      await page.keyboard.press('ArrowUp');
      expect(await focused()).toBe(links[3]);
      await page.keyboard.press('Escape');
      expect(await year.getAttribute('aria-expanded')).toBe('false');

      // Opening one and clicking elsewhere closes it; following a link closes it and marks the page.
      await system.click();
      await nav.getByRole('link', { name: zh ? '操作日志' : 'Audit log' }).waitFor();
      await page.locator('main').click({ position: { x: 5, y: 5 } });
      expect(await system.getAttribute('aria-expanded')).toBe('false');
      await year.click();
      await nav.getByRole('link', { name: links[4] }).click();
      await page.getByRole('heading', { level: 1, name: zh ? '统计与考核' : /Statistics/ }).waitFor();
      expect(await year.getAttribute('aria-expanded')).toBe('false');
      expect(await year.getAttribute('class')).toContain('current');
      await year.click();
      expect(await nav.getByRole('link', { name: links[4] }).getAttribute('aria-current')).toBe('page');
    }, 60_000);
  }

  it('leaves a role with few pages its links in the bar, without menus', async () => {
    await staffClients(server.url);
    const page = await openStudioAs(chromium.browser, server.url, 'reviewer1', 'reviewer-password-1');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '访谈列表' }).waitFor();
    expect(await nav.getByRole('button').count()).toBe(0);
    expect(await nav.getByRole('link', { name: '书面答复' }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: '敏感词' }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: '用户管理', includeHidden: true }).count()).toBe(0);
  }, 60_000);
});
