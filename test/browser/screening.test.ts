import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { ADMIN_PASSWORD, Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  await staffClients(server.url); // reviewer1 / reviewer-password-1
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function signIn(username: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: server.url, locale: 'zh-CN', acceptDownloads: true })).newPage();
  await page.goto('/studio/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  return page;
}

describe('the review card marks what screening matched', () => {
  it('highlights "代 开 发 票", typed with spaces, as one span in the original and the public wording', async () => {
    const content = '小区门口有人代 开 发 票，我的电话１３８１２３４５６７８';
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content, nickname: '刻-章' });
    const page = await signIn('reviewer1', 'reviewer-password-1');
    await page.goto('/studio/#/interviews/1/review');
    const card = page.locator(`article[data-qid="${q.body.id}"]`);
    await card.waitFor();

    const texts = card.locator('p.text');
    const marked = async (p: ReturnType<typeof texts.first>) => p.locator('mark.sensitive').allTextContents();
    expect(await marked(texts.first())).toEqual(['代 开 发 票']);
    // Masking made the public wording differ, so the card shows both; each marks the words as typed.
    expect(await texts.count()).toBe(2);
    for (const p of await texts.all()) {
      expect(await marked(p)).toEqual(['代 开 发 票']);
    }
    expect(await texts.nth(1).textContent()).toContain('138****5678');
    expect(await card.locator('.nick mark.sensitive').textContent()).toBe('刻-章');
    expect(await card.locator('p.text mark.sensitive').first().getAttribute('title')).toBe('命中敏感词：代开发票');
    await page.context().close();
  });
});

describe('the sensitive-word page imports and exports the list', () => {
  it('previews a file with its invalid lines, merges it, reports a broken file’s line, and downloads the list', async () => {
    const page = await signIn('admin', ADMIN_PASSWORD);
    await page.goto('/studio/#/words');
    const textarea = page.getByLabel('敏感词（每行一个）');
    await expect.poll(() => textarea.inputValue()).toContain('代开发票');

    const file = page.getByLabel('导入词表文件');
    await file.setInputFiles({ name: '词表.csv', mimeType: 'text/csv', buffer: Buffer.from('敏感词,分类\n网络赌场,违法\n代开发票,违法\n***,无效\n', 'utf8') });
    const preview = page.getByTestId('words-preview');
    await preview.getByText('“词表.csv”：新词 1 个，已有或重复 1 个，无效 1 个。').waitFor();
    expect(await preview.locator('tbody tr').textContent()).toContain('4只有标点或符号');
    await preview.getByRole('button', { name: /^合并：新增 1 个/ }).click();
    await page.getByText(/已导入：新增 1 个/).waitFor();
    await expect.poll(() => textarea.inputValue()).toContain('网络赌场');

    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('词\n刻章\n"未闭合\n', 'utf8') });
    await page.getByText('第 3 行：引号未闭合（CSV 格式有误）').waitFor();
    expect(await file.getAttribute('aria-invalid')).toBe('true');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 .txt' }).click()]);
    expect(download.suggestedFilename()).toBe('sensitive-words.txt');
    const words = (await (await download.createReadStream()).toArray()).join('');
    expect(words.split('\n')).toContain('网络赌场');
    await page.context().close();
  });
});
