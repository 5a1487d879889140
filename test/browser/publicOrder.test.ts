import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ QUESTION_RATE_MAX: '100' });
  staff = await staffClients(server.url);
  chromium = await launchChromium();
  browser = chromium.browser;
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

type Shown = Record<string, string[]>;

/** Each status's question texts in the order a list shows them. */
function byStatus(items: Array<{ status: string; content: string }>): Shown {
  const out: Shown = {};
  for (const { status, content } of items) (out[status] ??= []).push(content);
  return out;
}

/** What the viewer's question list shows, top to bottom, grouped by each card's status. */
async function shownOnPage(page: Page): Promise<Shown> {
  const cards = await page
    .locator('.questions article.question')
    .evaluateAll((els) => els.map((el) => ({ status: el.getAttribute('data-status') ?? '', content: el.querySelector('.content')?.textContent ?? '' })));
  return byStatus(cards);
}

describe('the viewer kept current by live events shows what the public list says', () => {
  it('lists every status in the order of GET /api/interviews/:slug/questions', async () => {
    const netizen = new Client(server.url);
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${server.url}/v/demo`);
    await page.locator('h1').filter({ hasText: '老旧小区' }).waitFor();

    const texts = [
      '小区停车位不够用怎么办？',
      '加装电梯的补贴什么时候发放？',
      '老旧管网改造会停水多久？',
      '物业费上涨需要业主同意吗？',
      '垃圾分类的收运时间能否调整？',
      '社区食堂能否延长营业时间？',
      '外墙保温改造由谁来出钱？',
    ];
    const ids: number[] = [];
    for (const content of texts) {
      const r = await netizen.post('/api/interviews/demo/questions', { content });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const move = async (c: Client, n: number, to: string) => {
      const r = await c.post(`/api/studio/questions/${ids[n]}/transition`, { to });
      expect(r.status, `${texts[n]} → ${to}`).toBe(200);
    };
    // Every change reaches the open page as an event, none through a reload.
    for (let n = 0; n < texts.length; n++) await move(staff.reviewer, n, 'approved');
    await move(staff.host, 0, 'queued');
    await move(staff.host, 1, 'queued');
    await move(staff.host, 2, 'on_air');
    await move(staff.host, 2, 'answered');
    await move(staff.host, 3, 'deferred');
    await move(staff.host, 4, 'deferred');
    await move(staff.host, 0, 'on_air');

    const list = (await netizen.get('/api/interviews/demo/questions')).body as Array<{ status: string; content: string }>;
    const expected = byStatus(list);
    expect(expected.approved, 'two approved questions, not yet queued').toHaveLength(2);
    expect(expected.deferred).toHaveLength(2);
    await expect.poll(() => shownOnPage(page), { timeout: 10_000 }).toEqual(expected);

    // A fresh load shows the same.
    await page.reload();
    await page.locator('h1').filter({ hasText: '老旧小区' }).waitFor();
    await expect.poll(() => shownOnPage(page), { timeout: 10_000 }).toEqual(expected);
    await page.close();
  });
});
