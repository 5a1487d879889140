import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, openStudioAs, screenshotIfAsked, followNav } from '../helpers/browser.js';
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

const REPLY = '我局已将该小区列入今年二次供水改造计划，加压泵站将于年底前完工。';

describe('书面答复 in the studio and the viewer', () => {
  it('the liaison drafts and submits, a reviewer approves, the interview page and the ticket show it', async () => {
    const unit = (await staff.admin.post('/api/studio/units', { name: '区水务局' })).body;
    expect((await staff.admin.post('/api/studio/users', { username: 'water.liaison', displayName: '水务联络员', role: 'liaison', unitId: unit.id, password: 'Water-liaison-2026', mustChangePassword: false })).status).toBe(201);
    const iv = (await staff.admin.post('/api/studio/interviews', {
      slug: 'water-supply',
      title: '二次供水改造',
      unitId: unit.id,
      scheduledStart: '2026-12-02T02:00:00.000Z',
      scheduledEnd: '2026-12-02T03:00:00.000Z',
    })).body;
    await staff.admin.patch(`/api/studio/interviews/${iv.id}`, { status: 'scheduled' });
    const asked = await new Client(server.url).post('/api/interviews/water-supply/questions', { content: '老旧小区二次供水水压不足怎么办？', nickname: '居民老李' });
    await staff.reviewer.post(`/api/studio/questions/${asked.body.id}/transition`, { to: 'approved' });
    await staff.director.patch(`/api/studio/interviews/${iv.id}`, { status: 'live' });
    await staff.host.post(`/api/studio/questions/${asked.body.id}/transition`, { to: 'deferred' });
    await staff.director.patch(`/api/studio/interviews/${iv.id}`, { status: 'ended' });
    await server.domain.replies.idle();

    // The liaison finds it under 书面答复, writes, saves a draft and submits it.
    const liaison = await signIn('water.liaison', 'Water-liaison-2026');
    await followNav(liaison, '书面答复');
    await liaison.getByRole('heading', { level: 1, name: '书面答复' }).waitFor();
    const card = liaison.getByTestId('reply');
    await card.getByText('老旧小区二次供水水压不足怎么办？').waitFor();
    expect(await card.getByText('待答复').count()).toBe(1);
    expect(await seriousViolations(liaison)).toEqual([]);
    // Submitting nothing is refused at the field.
    await card.getByRole('button', { name: '提交审核' }).click();
    await card.locator('.field-error').getByText('请填写答复内容').waitFor();
    await card.getByLabel('答复内容').fill(REPLY);
    await card.getByRole('button', { name: '保存草稿' }).click();
    await liaison.getByText('草稿已保存').waitFor();
    await card.getByRole('button', { name: '提交审核' }).click();
    await liaison.locator('[data-testid=reply][data-status=submitted]').waitFor();
    await card.getByText('已提交，等待审核人员审核。').waitFor();
    await screenshotIfAsked(liaison, 'replies-liaison');

    // A reviewer sees the unit's line in the overview and approves it.
    const reviewer = await signIn('reviewer1', 'reviewer-password-1');
    await followNav(reviewer, '书面答复');
    const line = reviewer.getByTestId('reply-overview').locator('tr[data-unit="区水务局"]');
    await line.waitFor();
    expect(await line.locator('td').allTextContents()).toEqual(['1', '1', '0', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), '0', '0']);
    const pending = reviewer.locator('[data-testid=reply][data-status=submitted]');
    await pending.getByText(REPLY).waitFor();
    expect(await seriousViolations(reviewer)).toEqual([]);
    await pending.getByRole('button', { name: '审核通过并发布' }).click();
    await reviewer.getByText('答复已发布').waitFor();
    await reviewer.locator('[data-testid=reply][data-status=published]').waitFor();
    await screenshotIfAsked(reviewer, 'replies-reviewer');

    // The viewer's interview page has a 书面答复 section with the dates, the unit and the reply.
    const context = await chromium.browser.newContext({ locale: 'zh-CN', viewport: { width: 900, height: 900 } });
    const viewer = await context.newPage();
    await viewer.goto(`${server.url}/v/water-supply`);
    const section = viewer.getByTestId('written-replies');
    await section.getByRole('heading', { name: '书面答复' }).waitFor();
    await section.getByText(REPLY).waitFor();
    const text = await section.textContent();
    for (const s of ['老旧小区二次供水水压不足怎么办？', '居民老李', '受理日期', '答复日期', '答复部门', '区水务局']) expect(text).toContain(s);
    // The question list no longer says it is still to be answered: it sits under 已书面答复 and links to the reply.
    const replied = viewer.getByTestId('list-answered-in-writing');
    await replied.getByText('老旧小区二次供水水压不足怎么办？').waitFor();
    expect(await viewer.getByRole('heading', { name: /^将书面答复/ }).count()).toBe(0);
    await replied.getByRole('link', { name: '查看书面答复' }).click();
    await expect.poll(() => viewer.evaluate(() => document.activeElement?.id)).toBe(`reply-${asked.body.id}`);
    expect(await seriousViolations(viewer)).toEqual([]);
    await screenshotIfAsked(viewer, 'replies-viewer');

    // And the asker's ticket page: answered in writing, with the reply.
    await viewer.goto(`${server.url}/q/${asked.body.ticket}`);
    const onTicket = viewer.getByTestId('ticket-written-reply');
    await onTicket.getByText(REPLY).waitFor();
    expect(await viewer.getByText('您的问题已获书面答复。').count()).toBe(1);
    expect(await onTicket.textContent()).toContain('区水务局');
    expect(await seriousViolations(viewer)).toEqual([]);
    await screenshotIfAsked(viewer, 'replies-ticket');
    await context.close();
  });

  it('the admin adjusts a day of the working calendar and is warned about a year the holidays do not cover', async () => {
    const admin = await signIn('admin', ADMIN_PASSWORD);
    await followNav(admin, '工作日历');
    await admin.getByRole('heading', { level: 1, name: '工作日历' }).waitFor();
    // The page opens on the site's current year; go to 2026 whatever that is.
    const shown = Number(await admin.locator('.year-label').textContent());
    for (let y = shown; y > 2026; y--) await admin.getByRole('button', { name: /上一年/ }).click();
    for (let y = shown; y < 2026; y++) await admin.getByRole('button', { name: /下一年/ }).click();
    await admin.getByRole('button', { name: /^2026-10-01，法定节假日（国庆节）/ }).waitFor();
    await admin.getByRole('button', { name: /^2026-10-10，调休上班（国庆节）/ }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);

    await admin.getByRole('button', { name: /^2026-10-09，工作日/ }).click();
    const form = admin.getByTestId('override-form');
    await form.getByRole('heading', { name: '调整 2026-10-09' }).waitFor();
    await form.getByLabel('设为休息日').check();
    await form.getByLabel('说明（可选）').fill('区里统一安排');
    await form.getByRole('button', { name: '保存调整' }).click();
    await admin.getByText('2026-10-09 已调整').waitFor();
    await admin.getByTestId('override-list').getByText('区里统一安排').waitFor();
    await admin.getByRole('button', { name: /^2026-10-09，工作日，已调整为休息/ }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshotIfAsked(admin, 'calendar-2026');
    expect(await server.domain.calendar.list(2026)).toEqual([{ date: '2026-10-09', kind: 'holiday', note: '区里统一安排' }]);

    await form.getByRole('button', { name: '取消调整' }).click();
    await admin.getByText('2026-10-09 的调整已取消').waitFor();
    expect(await server.domain.calendar.list(2026)).toEqual([]);

    await admin.getByRole('button', { name: /下一年/ }).click();
    await admin.getByTestId('calendar-unknown-year').getByText(/尚未收录 2027 年/).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
  });
});
