import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, openStudioAs, screenshotIfAsked } from '../helpers/browser.js';
import { ADMIN_PASSWORD, Client, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let admin: Client;
const DAY = 86_400_000;

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


describe('预告 and 选题投票, from the studio to a netizen', () => {
  it('the admin publishes a preview with a poster and opens a vote; a netizen sees the preview, votes once, and sees the picked topic', async () => {
    const start = new Date(Date.now() + 3 * DAY);
    const created = await admin.post('/api/studio/interviews', {
      slug: 'preview-vote',
      title: '营商环境在线访谈',
      unitId: 1,
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 3600_000).toISOString(),
      guests: [{ name: '王芳', title: '区市场监管局局长' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as number;
    expect((await admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' })).status).toBe(200);

    // The studio's list warns: three days away, no preview.
    const studio = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD);
    const warnings = studio.getByTestId('preview-warnings');
    await warnings.getByRole('link', { name: /营商环境在线访谈/ }).waitFor();
    await studio.getByRole('row').filter({ hasText: '营商环境在线访谈' }).getByTestId('no-preview').waitFor();
    expect(await seriousViolations(studio)).toEqual([]);
    await screenshotIfAsked(studio, 'h3-list-warning');
    await warnings.getByRole('link', { name: /营商环境在线访谈/ }).click();

    await studio.getByRole('heading', { level: 1, name: /访谈预告/ }).waitFor();
    await studio.getByTestId('preview-warning').waitFor();
    await studio.getByLabel('预告文字').fill('欢迎网友提前提问，共话营商环境。');
    await studio.getByRole('button', { name: '保存', exact: true }).click();
    await studio.getByText('预告已保存').waitFor();
    const poster = await sharp({ create: { width: 1200, height: 675, channels: 3, background: '#1d4e89' } }).png().toBuffer();
    await studio.getByLabel('海报图片（JPEG、PNG 或 WebP）').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: poster });
    await studio.getByLabel('海报文字描述').fill('营商环境在线访谈海报：王芳局长做客');
    await studio.getByRole('button', { name: '上传海报' }).click();
    await studio.getByRole('img', { name: '营商环境在线访谈海报：王芳局长做客' }).waitFor();
    await studio.getByTestId('publish-preview').click();
    await studio.getByTestId('confirm-publish-preview').click();
    await expect.poll(() => studio.getByTestId('preview-state').textContent()).toContain('已发布');
    await expect.poll(() => studio.getByTestId('preview-warning').count()).toBe(0);
    expect(await seriousViolations(studio)).toEqual([]);
    await screenshotIfAsked(studio, 'h3-preview-page');

    // The vote: three candidates.
    await studio.getByRole('navigation', { name: /访谈/ }).getByRole('link', { name: '选题投票' }).click();
    await studio.getByRole('heading', { level: 1, name: /选题投票/ }).waitFor();
    await studio.getByLabel('候选主题 1').fill('开办企业一网通办');
    await studio.getByLabel('候选主题 2').fill('惠企政策直达');
    await studio.getByRole('button', { name: '发起投票' }).click();
    // Two candidates are refused at the field.
    await studio.locator('.field-error').first().waitFor();
    await studio.getByLabel('候选主题 3').fill('信用修复');
    await studio.getByRole('button', { name: '发起投票' }).click();
    await studio.getByTestId('vote-results').waitFor();
    expect(await seriousViolations(studio)).toEqual([]);

    // A netizen: the preview and the vote.
    const context = await chromium.browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 } });
    const viewer = await context.newPage();
    // A clock the test can move: the vote card looks again once a minute, and the test will not wait one.
    await viewer.clock.install();
    await viewer.goto('/v/preview-vote');
    const preview = viewer.getByTestId('preview');
    await preview.getByRole('img', { name: '营商环境在线访谈海报：王芳局长做客' }).waitFor();
    expect(await preview.textContent()).toContain('欢迎网友提前提问，共话营商环境。');
    expect(await preview.textContent()).toContain('王芳');
    expect(await preview.textContent()).toContain('区市场监管局局长');
    const vote = viewer.getByTestId('topic-vote');
    const group = vote.getByRole('group', { name: '您最希望本期访谈谈哪个主题？' });
    // The vote arrives by its own request after the preview: wait for it, then count.
    await expect.poll(() => group.getByRole('radio').count(), { timeout: 10_000 }).toBe(3);
    // By keyboard: focus the first choice, arrow to the second, send.
    await group.getByRole('radio', { name: '开办企业一网通办' }).focus();
    await viewer.keyboard.press('ArrowDown');
    expect(await group.getByRole('radio', { name: '惠企政策直达' }).isChecked()).toBe(true);
    expect(await seriousViolations(viewer)).toEqual([]);
    await screenshotIfAsked(viewer, 'h3-viewer-vote');
    await vote.getByRole('button', { name: '投票' }).click();
    await vote.getByText('感谢投票！您选择了：惠企政策直达').waitFor();

    // Once per browser: after a reload it says what was chosen, and no form.
    await viewer.reload();
    await viewer.getByTestId('topic-vote').getByText('感谢投票！您选择了：惠企政策直达').waitFor();
    expect(await viewer.getByRole('radio').count()).toBe(0);

    // A browser whose note of its ballot is gone (the token stays) is refused by the server, and the form goes.
    await viewer.evaluate(() => {
      const state = JSON.parse(localStorage.getItem('fangtan:voter')!);
      localStorage.setItem('fangtan:voter', JSON.stringify({ ...state, cast: {} }));
    });
    await viewer.reload();
    const again = viewer.getByTestId('topic-vote');
    await expect.poll(() => again.getByRole('radio').count(), { timeout: 10_000 }).toBe(3);
    await again.getByRole('radio', { name: '信用修复' }).check();
    await again.getByRole('button', { name: '投票' }).click();
    await again.getByText(/您已经投过票了（/).waitFor();
    expect(await again.getByRole('radio').count()).toBe(0);

    // The admin sees the ballot, shows the results, picks the topic.
    await expect.poll(async () => (await admin.get(`/api/studio/interviews/${id}/vote`)).body.total, { timeout: 10_000 }).toBe(1);
    await studio.reload();
    await studio.getByTestId('vote-results').getByRole('row').filter({ hasText: '惠企政策直达' }).getByText('100%').waitFor();
    await studio.getByLabel('向网友公开投票结果').check();
    await studio.getByText('投票结果已公开').waitFor();
    const pick = studio.getByTestId('vote-results').getByRole('row').filter({ hasText: '惠企政策直达' }).getByRole('button');
    expect(await pick.textContent()).toBe('选定为主题：惠企政策直达');
    await pick.click();
    await studio.getByText('已选定主题：惠企政策直达').waitFor();
    await screenshotIfAsked(studio, 'h3-vote-page');

    // The viewer gets the new topic pushed; the vote card, left open, shows the results and the pick within a minute.
    await expect.poll(() => viewer.getByTestId('preview').textContent(), { timeout: 10_000 }).toContain('惠企政策直达');
    expect(await viewer.getByTestId('topic-vote').getByText('1 票（100%）').count()).toBe(0);
    await viewer.clock.fastForward(61_000);
    await viewer.getByTestId('topic-vote').getByText('1 票（100%）').waitFor();
    await viewer.getByTestId('topic-vote').getByText('选定主题：惠企政策直达').waitFor();
    expect(await seriousViolations(viewer)).toEqual([]);
    await screenshotIfAsked(viewer, 'h3-viewer-results');
    await context.close();
  }, 120_000);
});
