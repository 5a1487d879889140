import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openStudioAs, screenshotIfAsked, followNav } from '../helpers/browser.js';
import { ADMIN_PASSWORD, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let staff: Awaited<ReturnType<typeof staffClients>>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

const signIn = (username: string, password: string, lang: 'zh-CN' | 'en' = 'zh-CN') => openStudioAs(chromium.browser, server.url, username, password, lang);
const shot = screenshotIfAsked;

describe('a first login with a password someone else chose', () => {
  it('shows only the change-password form until a good new password is saved', async () => {
    expect((await staff.admin.post('/api/studio/users', { username: 'zhao.min', displayName: '赵敏', role: 'reviewer', password: 'Zhao-min-temp-2026' })).status).toBe(201);
    const page = await signIn('zhao.min', 'Zhao-min-temp-2026');
    await page.getByRole('heading', { level: 1, name: '请先设置新密码' }).waitFor();
    // Nothing else to go to: no page links, and an interview's address shows the same form.
    expect(await page.getByRole('link', { name: '访谈列表' }).count()).toBe(0);
    await page.goto('/studio/#/interviews/1/review');
    await page.getByRole('heading', { level: 1, name: '请先设置新密码' }).waitFor();

    await page.getByLabel('当前密码').fill('Zhao-min-temp-2026');
    await page.getByLabel('新密码', { exact: true }).fill('password123');
    await page.getByLabel('再次输入新密码').fill('password123');
    await page.getByRole('button', { name: '保存新密码' }).click();
    const newField = page.locator('.field', { has: page.getByLabel('新密码', { exact: true }) });
    await newField.getByText('这是常见密码，很容易被猜中，请换一个').waitFor();
    expect(await page.getByLabel('新密码', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'forced-change-zh');

    await page.getByLabel('新密码', { exact: true }).fill('Harbour-lantern-42');
    await page.getByLabel('再次输入新密码').fill('Harbour-lantern-42');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.getByRole('status').getByText('密码已修改，您在其他设备上的登录已退出').waitFor();
    // The studio opens: the page links are back, and the change form stays reachable from the top bar.
    await page.getByRole('link', { name: '访谈列表' }).waitFor();
    expect(await page.getByRole('link', { name: '修改密码' }).count()).toBe(1);
    expect((await staff.admin.get('/api/studio/users')).body.find((u: any) => u.username === 'zhao.min').mustChangePassword).toBe(false);
  });

  it('says the same in English, with each refusal at its field', async () => {
    expect((await staff.admin.post('/api/studio/users', { username: 'qian.yu', displayName: 'Qian Yu', role: 'host', password: 'Qian-yu-temp-2026' })).status).toBe(201);
    const page = await signIn('qian.yu', 'Qian-yu-temp-2026', 'en');
    await page.getByRole('heading', { level: 1, name: 'Set a new password first' }).waitFor();
    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill('Harbour-lantern-42');
    await page.getByLabel('New password again').fill('Harbour-lantern-43');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.locator('.field', { has: page.getByLabel('New password again') }).getByText('does not match the new password').waitFor();
    await page.getByLabel('New password again').fill('Harbour-lantern-42');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.locator('.field', { has: page.getByLabel('Current password') }).getByText('the current password is wrong').waitFor();
    await shot(page, 'forced-change-en');
  });
});

describe('the users page', () => {
  it('says a taken username at the field only, with no "changed by someone else" banner', async () => {
    const page = await signIn('admin', ADMIN_PASSWORD);
    await followNav(page, '用户管理');
    await page.getByRole('heading', { level: 1, name: '用户管理' }).waitFor();
    await page.getByLabel('用户名', { exact: true }).fill('reviewer1');
    await page.getByLabel('姓名', { exact: true }).fill('第二个审核员');
    await page.getByLabel('初始密码').fill('Second-reviewer-26');
    await page.getByRole('button', { name: '创建用户' }).click();
    const usernameField = page.locator('.field', { has: page.getByLabel('用户名', { exact: true }) });
    await usernameField.getByText(/已被占用/).waitFor();
    const form = page.locator('form', { has: page.getByRole('button', { name: '创建用户' }) });
    expect(await page.getByText('内容已被他人修改').count()).toBe(0);
    expect(await form.locator('.form-error').count()).toBe(0);
    expect(await usernameField.locator('.field-error').textContent()).toBe('用户名已被占用');
    await shot(page, 'users-taken-zh');
  });

  it('edits a display name and a role in place', async () => {
    const page = await signIn('admin', ADMIN_PASSWORD, 'en');
    await followNav(page, 'Users');
    const row = page.locator('tr[data-username=editor1]');
    await row.getByRole('button', { name: 'Edit' }).click();
    await row.getByLabel('Name of editor1').fill('Liu Yang');
    await row.getByLabel('Role of editor1').selectOption('reviewer');
    await shot(page, 'users-edit-en');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Liu Yang').waitFor();
    expect(await row.textContent()).toContain('Reviewer');
    const stored = (await staff.admin.get('/api/studio/users')).body.find((u: any) => u.username === 'editor1');
    expect(stored).toMatchObject({ displayName: 'Liu Yang', role: 'reviewer' });
    // The admin's own row offers their own change (which keeps them signed in), not a reset.
    const own = page.locator('tr[data-username=admin]');
    expect(await own.getByRole('button', { name: 'Reset password' }).count()).toBe(0);
    await own.getByRole('link', { name: 'Change my password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Change password' }).waitFor();
    await shot(page, 'change-password-en');
  });
});
