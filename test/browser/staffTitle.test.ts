import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openStudioAs, screenshotIfAsked, followNav } from '../helpers/browser.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';

/** The admin gives a staff member a 职务 on the accounts page; viewers see it under the name on the picture. */
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

describe('the staff title (职务) on the accounts page', () => {
  it('is set when creating an account, shown in the list, and edited in the row', async () => {
    const page = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD);
    await followNav(page, '用户管理');
    await page.getByLabel('用户名', { exact: true }).fill('wang.fang');
    await page.getByLabel('姓名', { exact: true }).fill('王芳');
    await page.getByLabel('职务', { exact: true }).fill('区融媒体中心主持人');
    await page.getByLabel('角色', { exact: true }).selectOption('host');
    await page.getByLabel('初始密码', { exact: true }).fill('Wang-fang-temp-2026');
    await page.getByRole('button', { name: '创建用户' }).click();
    const row = page.locator('[data-testid=user-row][data-username="wang.fang"]');
    await expect.poll(() => row.textContent()).toContain('区融媒体中心主持人');

    await row.getByRole('button', { name: '编辑' }).click();
    await row.getByLabel('wang.fang 的职务').fill('首席主持人');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.textContent()).toContain('首席主持人');
    await screenshotIfAsked(page, 'accounts-title-zh');
    // Too long is refused at the field, nothing saved.
    await row.getByRole('button', { name: '编辑' }).click();
    await row.getByLabel('wang.fang 的职务').evaluate((el: HTMLInputElement) => el.removeAttribute('maxlength'));
    await row.getByLabel('wang.fang 的职务').fill('长'.repeat(81));
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByLabel('wang.fang 的职务').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('不能超过 80 个字符').count()).toBeGreaterThan(0);
  });
});
