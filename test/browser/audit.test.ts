import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { ADMIN_PASSWORD, Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

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

describe('who decided what, as staff see it', () => {
  it('shows a question history on the card and every decision in the read-only audit log', async () => {
    const staff = await staffClients(server.url);
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '审计页面要显示的问题关于供暖' });
    await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'rejected', reason: '与访谈主题无关' });

    const page = await (await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN' })).newPage();
    await page.goto('/studio/');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '操作日志' }).click();
    await page.getByRole('heading', { level: 1, name: '操作日志' }).waitFor();
    const rejected = page.locator('tbody[data-testid=audit-entry][data-action="question.rejected"]');
    await rejected.waitFor();
    expect(await rejected.textContent()).toContain('与访谈主题无关');
    expect(await rejected.textContent()).toContain('reviewer1');
    // The log offers no way to change anything.
    expect(await page.locator('main').getByRole('button', { name: /删除|修改|编辑/ }).count()).toBe(0);

    await page.goto(`/studio/#/interviews/1/review`);
    await page.getByRole('tab', { name: /未通过/ }).or(page.getByRole('button', { name: /^未通过/ })).first().click();
    await page.locator(`article[data-qid="${q.body.id}"]`).click();
    await page.getByTestId('history-toggle').click();
    const history = page.getByTestId('question-history');
    await history.locator('li[data-action="question.rejected"]').waitFor();
    expect(await history.locator('li').count()).toBe(2); // submitted, then rejected
  });
});
