import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, openStudioAs, screenshotIfAsked } from '../helpers/browser.js';
import { ADMIN_PASSWORD, Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let staff: Awaited<ReturnType<typeof staffClients>>;

beforeAll(async () => {
  server = await startServer();
  chromium = await launchChromium();
  staff = await staffClients(server.url);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

const signIn = (username: string, password: string, lang: 'zh-CN' | 'en' = 'zh-CN') => openStudioAs(chromium.browser, server.url, username, password, lang);


describe('图文直播 in the studio', () => {
  it("lets an editor post an entry with a described photo that the unit's liaison approves, and it goes out", async () => {
    const created = await staff.admin.post('/api/studio/interviews', {
      slug: 'lt-browser',
      title: '医保政策解读',
      unitId: 1,
      scheduledStart: '2026-12-02T02:00:00.000Z',
      scheduledEnd: '2026-12-02T03:00:00.000Z',
      guests: [{ name: '李华', title: '区医保局局长' }],
    });
    const id = created.body.id as number;
    expect(created.body.liveTextApproval).toBe('none');
    const liaison = await staff.admin.post('/api/studio/users', { username: 'liaison.lt', displayName: '住建联络员', role: 'liaison', unitId: 1, password: 'Liaison-Pass-2026', mustChangePassword: false });
    expect(liaison.status).toBe(201);

    // The admin asks for the liaison's approval in the interview form.
    const admin = await signIn('admin', ADMIN_PASSWORD);
    await admin.goto(`/studio/#/interviews/${id}/settings`);
    await admin.getByLabel('图文直播审核').selectOption({ label: '由本单位联络员审核后公开' });
    await screenshotIfAsked(admin, 'interview-livetext-approval-zh');
    await admin.getByRole('button', { name: '保存修改' }).click();
    await expect.poll(async () => (await staff.admin.get(`/api/studio/interviews/${id}`)).body.liveTextApproval).toBe('liaison');
    await admin.context().close();
    await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' });
    await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'live' });

    // The editor opens the desk from the interview list and composes by keyboard.
    const editor = await signIn('editor1', 'editor-password-1');
    await editor.getByRole('row').filter({ hasText: '医保政策解读' }).getByRole('link', { name: '图文直播' }).click();
    await editor.getByRole('heading', { level: 1, name: /图文直播/ }).waitFor();
    await editor.getByText('本场访谈的图文须经本单位联络员审核后公开。').waitFor();
    const text = editor.getByLabel('文字内容');
    await text.focus();
    await editor.keyboard.press('Alt+2');
    expect(await editor.getByLabel('发言人').locator('option:checked').textContent()).toContain('李华（区医保局局长）');
    await text.pressSequentially('门诊报销比例提高到 60%');

    const photo = await sharp({ create: { width: 240, height: 120, channels: 3, background: '#2a6' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 5/1' } })
      .toBuffer();
    await editor.getByLabel('添加图片').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
    // A photo without its description is not sent.
    await editor.getByRole('button', { name: '提交审核' }).click();
    await editor.getByText('请为这张图片填写文字说明').waitFor();
    expect(await editor.evaluate(() => document.activeElement?.id)).toMatch(/^lt-alt-/);
    await editor.getByLabel('图片 1 的文字说明').fill('李华局长介绍门诊报销新政');
    await editor.getByRole('region', { name: '预览' }).getByRole('img', { name: '李华局长介绍门诊报销新政' }).waitFor();
    expect(await seriousViolations(editor)).toEqual([]);
    await screenshotIfAsked(editor, 'livetext-desk-compose-zh');
    await editor.getByRole('button', { name: '提交审核' }).click();
    const mine = editor.getByTestId('livetext-mine').first();
    await expect.poll(() => mine.getAttribute('data-status')).toBe('pending');
    expect(await mine.textContent()).toContain('待审核');
    expect((await new Client(server.url).get('/api/interviews/lt-browser/livetext')).body).toEqual([]);
    expect(await seriousViolations(editor)).toEqual([]);
    await screenshotIfAsked(editor, 'livetext-desk-pending-zh');

    // The liaison finds it from its list, reads it with its photo, refuses to reject without a reason, approves.
    const lia = await signIn('liaison.lt', 'Liaison-Pass-2026');
    await lia.getByRole('row').filter({ hasText: '医保政策解读' }).getByRole('link', { name: '审核图文' }).click();
    const card = lia.getByTestId('livetext-pending').first();
    await card.getByText('门诊报销比例提高到 60%').waitFor();
    const img = card.getByRole('img', { name: '李华局长介绍门诊报销新政' });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalHeight > el.naturalWidth)).toBe(true);
    expect(await seriousViolations(lia)).toEqual([]);
    await screenshotIfAsked(lia, 'livetext-approval-zh');
    await card.getByRole('button', { name: '不予通过' }).click();
    await lia.getByRole('button', { name: /确认不予通过/ }).click();
    await lia.getByText('请填写不予通过的原因').waitFor();
    await lia.keyboard.press('Escape');
    await card.getByRole('button', { name: '通过', exact: true }).click();
    await lia.getByTestId('livetext-decided').filter({ hasText: '门诊报销比例提高到 60%' }).getByText('已发布').waitFor();

    const feed = (await new Client(server.url).get('/api/interviews/lt-browser/livetext')).body;
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({ speaker: { name: '李华', title: '区医保局局长' }, text: '门诊报销比例提高到 60%', photos: [{ alt: '李华局长介绍门诊报销新政', width: 120, height: 240 }] });
    const bytes = Buffer.from(await (await fetch(server.url + feed[0].photos[0].src.large)).arrayBuffer());
    expect(await exifr.gps(bytes)).toBeUndefined();
    // The editor's desk hears it without a reload (it polls every few seconds).
    await expect.poll(() => mine.getAttribute('data-status'), { timeout: 10_000 }).toBe('published');

    // The same pages in English, with one more entry waiting.
    await staff.editor.post(`/api/studio/interviews/${id}/livetext`, { speaker: { name: '主持人', title: '' }, text: '下面请李华局长回答网友提问' });
    const enEditor = await signIn('editor1', 'editor-password-1', 'en');
    await enEditor.goto(`/studio/#/interviews/${id}/livetext`);
    await enEditor.getByRole('heading', { level: 2, name: 'My entries' }).waitFor();
    await enEditor.getByTestId('livetext-mine').nth(1).waitFor();
    expect(await seriousViolations(enEditor)).toEqual([]);
    await screenshotIfAsked(enEditor, 'livetext-desk-en');
    const enLiaison = await signIn('liaison.lt', 'Liaison-Pass-2026', 'en');
    await enLiaison.goto(`/studio/#/interviews/${id}/livetext-approval`);
    await enLiaison.getByTestId('livetext-pending').getByText('下面请李华局长回答网友提问').waitFor();
    await enLiaison.getByRole('button', { name: 'Reject', exact: true }).click();
    await enLiaison.getByLabel('Reason for rejecting (the editor reads it)').fill('请等主持人说完再发');
    expect(await seriousViolations(enLiaison)).toEqual([]);
    await screenshotIfAsked(enLiaison, 'livetext-approval-en');
    await enLiaison.keyboard.press('Control+Enter');
    await expect.poll(async () => (await staff.editor.get(`/api/studio/interviews/${id}/livetext`)).body[0]).toMatchObject({ status: 'rejected', reason: '请等主持人说完再发' });
    // The editor reads the reason on the desk, where the entry can be corrected and sent again.
    const rejected = enEditor.locator('[data-testid=livetext-mine][data-status=rejected]');
    await rejected.getByText('Reason: 请等主持人说完再发').waitFor({ timeout: 10_000 });
    await screenshotIfAsked(enEditor, 'livetext-desk-rejected-en');
    for (const page of [editor, lia, enEditor, enLiaison]) await page.context().close();
  }, 120_000);
});
