import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, followNav } from '../helpers/browser.js';
import { ADMIN_PASSWORD, Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('who decided what, as staff see it', () => {
  it('shows a question history on the card and every decision in the read-only audit log', async () => {
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '审计页面要显示的问题关于供暖' });
    await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'rejected', reason: '与访谈主题无关' });

    const page = await (await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN' })).newPage();
    await page.goto('/studio/');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await followNav(page, '操作日志');
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

async function signIn(page: Page, username: string, password: string, labels = { user: '用户名', password: '密码', submit: '登录' }): Promise<void> {
  await page.goto('/studio/');
  await page.getByLabel(labels.user).fill(username);
  await page.getByLabel(labels.password).fill(password);
  await page.getByRole('button', { name: labels.submit }).click();
}

describe('checking the audit log for tampering', () => {
  it('lets an admin verify the hash chain in Chinese and in English, and names the entry altered in the file', async () => {
    const zh = await (await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN' })).newPage();
    await signIn(zh, 'admin', ADMIN_PASSWORD);
    await followNav(zh, '操作日志');
    const result = zh.getByTestId('audit-verify-result');
    await zh.getByRole('button', { name: '校验日志完整性' }).click();
    await result.getByText(/日志完整：\d+ 条记录的哈希链全部吻合/).waitFor();
    expect(await result.locator('code').textContent()).toMatch(/^[0-9a-f]{64}$/);

    // Someone with the file edits an entry's reason after dropping the triggers.
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '日志被人改过的问题' });
    await staff.admin.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'rejected', reason: '含有广告' });
    const other = new SQLite(path.join(server.dataDir, 'fangtan.sqlite'));
    const { id } = other.prepare("SELECT id FROM audit_log WHERE action = 'question.rejected' AND entity_id = ?").get(q.body.id) as { id: number };
    other.exec('DROP TRIGGER audit_log_no_update');
    other.prepare("UPDATE audit_log SET reason = '重复提问' WHERE id = ?").run(id);
    other.close();

    await zh.getByRole('button', { name: '校验日志完整性' }).click();
    await result.getByText(`日志被改动过：哈希链在第 ${id} 条记录处断开。`).waitFor();
    expect(await result.textContent()).toContain('记录本身被改动');
    // The table, read again, marks the altered entry (showing what the file now says).
    const marked = zh.locator('tbody[data-testid=audit-entry][data-broken=true]');
    await marked.waitFor();
    expect(await marked.locator('th').textContent()).toBe(`${id}链在此断开`);
    expect(await marked.textContent()).toContain('重复提问');

    const en = await (await chromium.browser.newContext({ baseURL: server.url, locale: 'en-US' })).newPage();
    await en.addInitScript(() => localStorage.setItem('fangtan.studio.lang', 'en'));
    await signIn(en, 'admin', ADMIN_PASSWORD, { user: 'Username', password: 'Password', submit: 'Sign in' });
    await followNav(en, 'Audit log');
    await en.getByRole('button', { name: 'Verify the log' }).click();
    await en.getByTestId('audit-verify-result').getByText(`The log has been altered: the hash chain breaks at entry ${id}.`).waitFor();
  });

  it('shows a reviewer a question’s history but not the audit log, and a host neither', async () => {
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '审核员看处理记录的问题' });
    const reviewer = await (await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN' })).newPage();
    await signIn(reviewer, 'reviewer1', 'reviewer-password-1');
    await reviewer.getByRole('link', { name: '访谈列表' }).or(reviewer.getByRole('heading', { level: 1 })).first().waitFor();
    expect(await reviewer.getByRole('link', { name: '操作日志', includeHidden: true }).count()).toBe(0);
    await reviewer.goto('/studio/#/interviews/1/review');
    await reviewer.locator(`article[data-qid="${q.body.id}"]`).click();
    await reviewer.getByTestId('history-toggle').click();
    const history = reviewer.getByTestId('question-history');
    await history.locator('li[data-action="question.submit"]').waitFor();
    expect(await history.getByRole('alert').count()).toBe(0);

    await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'approved' });
    const host = await (await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN' })).newPage();
    await signIn(host, 'host1', 'host-password-1');
    await host.getByRole('heading', { level: 1 }).first().waitFor();
    await host.goto('/studio/#/interviews/1/host');
    const card = host.locator(`article[data-qid="${q.body.id}"]`);
    await card.click();
    await card.getByText('审核员看处理记录的问题').waitFor();
    expect(await card.getByTestId('history-toggle').count()).toBe(0);
  });
});
