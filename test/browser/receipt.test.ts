import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, openStudioAs, screenshotIfAsked, followNav } from '../helpers/browser.js';
import { outlineDocm, outlinePdf, portraitJpeg } from '../helpers/receipt-files.js';
import { ADMIN_PASSWORD, Client, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let admin: Client;

beforeAll(async () => {
  server = await startServer();
  chromium = await launchChromium();
  admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});


describe('回执 in the studio', () => {
  it("lets the unit's liaison fill in and submit its 回执 with a photo and a PDF outline, and the admin accept it", async () => {
    const unit = await admin.post('/api/studio/units', { name: '区民政局' });
    const iv = await admin.post('/api/studio/interviews', {
      slug: 'receipt-browser',
      title: '社会救助政策解读',
      unitId: unit.body.id,
      scheduledStart: '2026-12-20T02:00:00.000Z',
      scheduledEnd: '2026-12-20T03:00:00.000Z',
    });
    expect(iv.status, JSON.stringify(iv.body)).toBe(201);
    await admin.patch(`/api/studio/interviews/${iv.body.id}`, { status: 'scheduled' });
    await admin.put(`/api/studio/interviews/${iv.body.id}/receipt/due`, { dueOn: '2026-12-15' });
    const user = await admin.post('/api/studio/users', { username: 'mz.liaison', displayName: '民政联络员', role: 'liaison', unitId: unit.body.id, password: 'Civil-affairs-2026', mustChangePassword: false });
    expect(user.status).toBe(201);

    const page = await openStudioAs(chromium.browser, server.url, 'mz.liaison', 'Civil-affairs-2026');
    await followNav(page, '我的回执');
    await page.getByRole('heading', { level: 1, name: '我的回执' }).waitFor();
    const row = page.locator(`[data-testid=receipt-row][data-interview="${iv.body.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('2026-12-15');
    expect(await row.getByTestId('receipt-status').textContent()).toBe('未填写');
    expect(await seriousViolations(page)).toEqual([]);
    await row.getByRole('link', { name: /填写回执/ }).click();
    await page.getByRole('heading', { level: 1, name: /回执/ }).waitFor();

    await page.getByLabel('访谈主题').fill('社会救助政策解读');
    await page.getByRole('button', { name: '＋ 添加人员' }).click();
    const first = page.getByTestId('receipt-person').nth(0);
    expect(await first.getByLabel('角色').inputValue()).toBe('guest');
    await first.getByLabel('姓名').fill('李华');
    await first.getByLabel('职务').fill('区民政局局长');
    await first.getByLabel('简介').fill('主持区民政局全面工作。');
    await first.getByLabel('为第 1 位上传照片').setInputFiles({ name: 'lihua.jpg', mimeType: 'image/jpeg', buffer: await portraitJpeg() });
    await first.getByRole('img', { name: '李华的照片' }).waitFor();
    await page.getByRole('button', { name: '＋ 添加人员' }).click();
    const second = page.getByTestId('receipt-person').nth(1);
    expect(await second.getByLabel('角色').inputValue()).toBe('staff');
    await second.getByLabel('姓名').fill('王芳');
    await page.getByLabel('联系人').fill('王芳');
    await page.getByLabel('联系电话').fill('4848111');
    await page.getByLabel('电子邮箱').fill('wangfang@example.gov.cn');
    await page.getByLabel('备注').fill('嘉宾需提前半小时到场');

    // A macro-enabled document is refused beside the outline field; the form keeps everything typed.
    await page.getByLabel('上传访谈提纲').setInputFiles({ name: '提纲.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await outlineDocm() });
    await page.locator('#receipt-outline-error').getByText('不接受含宏的文档').waitFor();
    await page.getByLabel('上传访谈提纲').setInputFiles({ name: '民政局访谈提纲.pdf', mimeType: 'application/pdf', buffer: outlinePdf() });
    await page.getByRole('link', { name: /下载访谈提纲：民政局访谈提纲\.pdf/ }).waitFor();
    expect(await page.getByLabel('访谈主题').inputValue()).toBe('社会救助政策解读');

    // A phone number without its area code is refused at its field, which takes the focus.
    await page.getByRole('button', { name: '提交回执' }).click();
    const phone = page.getByLabel('联系电话');
    await page.locator('#receipt-contact-phone-error').getByText('请填写正确的联系电话').waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('receipt-contact-phone');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'receipt-form-zh');

    await phone.fill('0912-4848111');
    await page.getByRole('button', { name: '提交回执' }).click();
    await page.getByText('回执已提交，等待电子政务中心审核').waitFor();
    expect(await page.getByTestId('receipt-status').textContent()).toBe('已提交，待审核');
    expect(await page.getByTestId('receipt-person-row').count()).toBe(2);
    await page.getByRole('img', { name: '李华的照片' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'receipt-submitted-zh');
    const saved = (await admin.get(`/api/studio/interviews/${iv.body.id}/receipt`)).body;
    expect(saved).toMatchObject({ status: 'submitted', topic: '社会救助政策解读', contactPhone: '0912-4848111', outline: { name: '民政局访谈提纲.pdf', type: 'pdf' } });
    expect(saved.persons).toEqual([
      expect.objectContaining({ role: 'guest', name: '李华', title: '区民政局局长', photoId: expect.any(Number) }),
      expect.objectContaining({ role: 'staff', name: '王芳', photoId: null }),
    ]);
    await page.context().close();

    // The admin sees it submitted in the list and accepts it: the guest becomes the interview's.
    const desk = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD);
    await followNav(desk, '回执管理');
    const adminRow = desk.locator(`[data-testid=receipt-row][data-interview="${iv.body.id}"]`);
    await adminRow.waitFor();
    expect(await adminRow.textContent()).toContain('区民政局');
    expect(await adminRow.getByTestId('receipt-status').textContent()).toBe('已提交，待审核');
    expect(await seriousViolations(desk)).toEqual([]);
    // Only what waits for a decision: the demo interview, with nothing submitted, leaves the table.
    await desk.getByLabel('显示').selectOption({ label: '待审核' });
    await expect.poll(() => desk.getByTestId('receipt-row').count()).toBe(1);
    expect(await seriousViolations(desk)).toEqual([]);
    await screenshotIfAsked(desk, 'receipt-list-admin-zh');
    await adminRow.getByRole('link', { name: /查看回执/ }).click();
    await desk.getByRole('button', { name: '确认回执' }).click();
    await desk.getByText('回执已确认，访谈嘉宾已写入访谈信息').waitFor();
    expect(await seriousViolations(desk)).toEqual([]);
    await screenshotIfAsked(desk, 'receipt-accepted-admin-zh');
    const guests = (await admin.get(`/api/studio/interviews/${iv.body.id}`)).body.guests;
    expect(guests).toEqual([expect.objectContaining({ name: '李华', title: '区民政局局长', photo: expect.stringMatching(/^\/guest-photos\//) })]);
    // The interview's settings show the photo and keep it on save.
    await desk.goto(`/studio/#/interviews/${iv.body.id}/settings`);
    await desk.getByRole('img', { name: '李华的照片' }).waitFor();
    await expect.poll(() => desk.getByRole('img', { name: '李华的照片' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await desk.context().close();

    // The viewer's page shows the guest with the photo.
    const viewer = await chromium.browser.newPage({ baseURL: server.url });
    await viewer.goto('/v/receipt-browser');
    const card = viewer.locator('.guests li', { hasText: '李华' });
    await card.waitFor();
    expect(await card.textContent()).toContain('区民政局局长');
    expect(await viewer.locator('.guests li', { hasText: '王芳' }).count()).toBe(0);
    await expect.poll(() => card.locator('img.photo').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await seriousViolations(viewer)).toEqual([]);
    await screenshotIfAsked(viewer, 'receipt-viewer-guest');
    await viewer.close();

    // In English too.
    const en = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD, 'en');
    await followNav(en, 'Receipt forms');
    await en.locator(`[data-testid=receipt-row][data-interview="${iv.body.id}"]`).getByText('Accepted').waitFor();
    expect(await seriousViolations(en)).toEqual([]);
    await screenshotIfAsked(en, 'receipt-list-admin-en');
    await en.context().close();

    // Another unit's liaison who follows a link to this 回执 is told why, in one sentence, not that the role may not.
    const other = await admin.post('/api/studio/units', { name: '区教育局' });
    await admin.post('/api/studio/users', { username: 'jy.liaison', displayName: '教育联络员', role: 'liaison', unitId: other.body.id, password: 'Education-2026-a', mustChangePassword: false });
    const stranger = await openStudioAs(chromium.browser, server.url, 'jy.liaison', 'Education-2026-a');
    await stranger.goto(`/studio/#/interviews/${iv.body.id}/receipt`);
    const refusal = stranger.getByRole('alert').filter({ hasText: '其他单位' });
    await refusal.waitFor();
    expect((await refusal.textContent())?.trim()).toBe('这是其他单位的访谈，只能查看和填写本单位的回执');
    await stranger.context().close();
  }, 120_000);
});
