import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openStudioAs, screenshotIfAsked, followNav } from '../helpers/browser.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';

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

const signIn = (username: string, password: string, lang: 'zh-CN' | 'en' = 'zh-CN') => openStudioAs(chromium.browser, server.url, username, password, lang);
const shot = screenshotIfAsked;

describe('units and the unit liaison in the studio', () => {
  it("lets an admin add a unit and a liaison for it, who then sees only that unit's interview", async () => {
    const admin = await signIn('admin', ADMIN_PASSWORD);
    await followNav(admin, '单位管理');
    await admin.getByRole('heading', { level: 1, name: '单位管理' }).waitFor();
    // The demo interview's unit is already on the list.
    await admin.locator('[data-testid=unit-row][data-unit="区住房和城乡建设局"]').waitFor();
    await admin.getByLabel('单位名称').fill('区民政局');
    await admin.getByRole('button', { name: '添加单位' }).click();
    await admin.locator('[data-testid=unit-row][data-unit="区民政局"]').waitFor();
    // The same name again is refused at the field.
    await admin.getByLabel('单位名称').fill('区民政局');
    await admin.getByRole('button', { name: '添加单位' }).click();
    await admin.locator('.field', { has: admin.getByLabel('单位名称') }).getByText('单位名称已存在').waitFor();
    await shot(admin, 'units-zh');

    // An interview picks its unit from the list.
    await admin.getByRole('link', { name: '新建访谈' }).first().click();
    await admin.getByLabel('访谈标题').fill('社会救助政策解读');
    await admin.getByLabel('单位', { exact: true }).selectOption({ label: '区民政局' });
    // A slug already taken is said at its field, with no "changed by someone else" banner.
    await admin.getByLabel('网址标识').fill('demo');
    await admin.getByRole('button', { name: '创建访谈' }).click();
    await admin.locator('.field', { has: admin.getByLabel('网址标识') }).getByText('访谈地址标识已被占用').waitFor();
    expect(await admin.getByText('内容已被他人修改').count()).toBe(0);
    await admin.getByLabel('网址标识').fill('civil-aid');
    await admin.getByRole('button', { name: '创建访谈' }).click();
    await admin.getByRole('heading', { level: 1, name: /访谈设置/ }).waitFor();
    await expect.poll(() => admin.getByLabel('单位', { exact: true }).locator('option:checked').textContent()).toBe('区民政局');

    // A liaison without a unit is refused at the unit field; with one it is created and listed with it.
    await followNav(admin, '用户管理');
    await admin.getByLabel('用户名').fill('liaison.mz');
    await admin.getByLabel('姓名').fill('民政联络员');
    await admin.getByLabel('角色').selectOption({ label: '单位联络员' });
    await admin.getByLabel('初始密码').fill('Civil-affairs-2026');
    await admin.getByLabel('首次登录时须修改密码').uncheck();
    await admin.getByRole('button', { name: '创建用户' }).click();
    await admin.locator('.field', { has: admin.getByLabel('所属单位') }).locator('.field-error').getByText('请选择单位').waitFor();
    expect(await admin.getByLabel('所属单位').getAttribute('aria-invalid')).toBe('true');
    await admin.getByLabel('所属单位').selectOption({ label: '区民政局' });
    await admin.getByRole('button', { name: '创建用户' }).click();
    const row = admin.locator('[data-testid=user-row][data-username="liaison.mz"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('单位联络员');
    expect(await row.textContent()).toContain('区民政局');
    await shot(admin, 'users-liaison-zh');

    for (const lang of ['zh-CN', 'en'] as const) {
      const liaison = await signIn('liaison.mz', 'Civil-affairs-2026', lang);
      const list = liaison.locator('table tbody tr');
      await liaison.getByRole('row').filter({ hasText: '社会救助政策解读' }).waitFor();
      expect(await list.count()).toBe(1);
      expect(await liaison.getByRole('row').filter({ hasText: '聚焦老旧小区改造' }).count()).toBe(0);
      await expect.poll(() => liaison.getByTestId('liaison-scope').textContent()).toContain('区民政局');
      expect(await liaison.getByTestId('liaison-scope').textContent()).toContain(lang === 'en' ? 'unit liaison' : '单位联络员');
      // Nothing to open yet: no review, host, stage or director links, no admin pages.
      expect(await list.locator('a.button').count()).toBe(0);
      expect(await list.getByText(lang === 'en' ? 'Nothing for your role here' : '您的角色在此无可用操作').count()).toBe(1);
      expect(await liaison.getByRole('link', { name: lang === 'en' ? 'Units' : '单位管理' }).count()).toBe(0);
      await shot(liaison, `liaison-list-${lang === 'en' ? 'en' : 'zh'}`);
      await liaison.context().close();
    }

    // The admin's pages in English: the unit list, and the unit picked in the interview form.
    const en = await signIn('admin', ADMIN_PASSWORD, 'en');
    await followNav(en, 'Units');
    await en.locator('[data-testid=unit-row][data-unit="区民政局"]').waitFor();
    await en.getByRole('heading', { level: 2, name: 'Add a unit' }).waitFor();
    await shot(en, 'units-en');
    await en.goto('/studio/#/interviews/new');
    // The form loads the list after it renders: wait for it rather than read the placeholder alone.
    await expect.poll(() => en.getByLabel('Unit', { exact: true }).locator('option').allTextContents()).toEqual(['Choose a unit', '区住房和城乡建设局', '区民政局']);
    await shot(en, 'interview-unit-en');
    await en.context().close();
  });
});

