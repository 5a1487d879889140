import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, openStudioAs, screenshotIfAsked } from '../helpers/browser.js';
import { makeProgram } from '../helpers/program.js';
import { ADMIN_PASSWORD, Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

/**
 * The two studio pages after the broadcast, used as their people would: the editor's 文字实录 (edit, save,
 * export to Word, the chapters) and the admin's 审核发布 (review, publish, unpublish; the reason required
 * without subtitles), in Chinese and English.
 */
const T = 15_000;

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let staff: Awaited<ReturnType<typeof staffClients>>;
let n = 0;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  chromium = await launchChromium();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

const HOST = { name: '王芳', title: '主持人' };
const GUEST = { name: '张明', title: '区住建局局长' };

/** An ended interview with captions, one question answered on air and a live-text entry, and its program. */
async function recordedInterview(withCaptions = true): Promise<number> {
  const slug = `recpage-${++n}`;
  const created = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `加装电梯政策解读 ${n}`,
    unit: '区住建局',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
    guests: [GUEST],
  });
  const id = created.body.id as number;
  await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' });
  await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'live' });
  if (withCaptions) {
    const tok = (await staff.director.post(`/api/studio/interviews/${id}/captions/tokens`, { track: 'zh-CN' })).body;
    const say = (text: string, speaker: typeof HOST) => fetch(server.url + tok.ingestPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, speaker }) });
    await say('各位网友，大家好，欢迎收看在线访谈。', HOST);
    const q = await new Client(server.url).post(`/api/interviews/${slug}/questions`, { content: '加装电梯的补贴怎么申请？', nickname: '市民老王' });
    await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'approved' });
    await staff.host.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'on_air' });
    await say('向所在街道提交申请即可，材料清单在区政府网站公布。', GUEST);
    await staff.host.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'answered' });
    await staff.editor.post(`/api/studio/interviews/${id}/livetext`, { text: '张明局长在演播室介绍补贴标准。', speaker: GUEST });
  }
  await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' });
  const started = Date.parse((server.database.sqlite.prepare('SELECT broadcast_started_at AS s FROM interviews WHERE id = ?').get(id) as { s: string }).s);
  makeProgram(server, id, 6, [{ wallStartMs: started - 1000, wallEndMs: started + 5000, programStartMs: 0 }]);
  return id;
}

describe('the 文字实录 page', () => {
  it('shows the assembled transcript and chapters, edits and saves it, and exports a Word file (zh-CN, en)', async () => {
    const id = await recordedInterview();
    const page = await openStudioAs(chromium.browser, server.url, 'editor1', 'editor-password-1');
    await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: T });
    // From the interview list: the ended interview offers its transcript.
    await page.getByRole('link', { name: '文字实录' }).first().click();
    await page.waitForURL(/#\/interviews\/\d+\/transcript$/);
    await page.goto(`/studio/#/interviews/${id}/transcript`);
    await page.getByRole('heading', { name: /文字实录/, level: 1 }).waitFor({ timeout: T });
    const blocks = page.getByTestId('transcript-block');
    await expect.poll(() => blocks.count(), { timeout: T }).toBe(4);
    expect(await page.getByLabel('发言人').first().inputValue()).toBe('王芳');
    expect(await page.getByLabel('类型').nth(1).inputValue()).toBe('question');
    expect(await page.getByLabel('内容').nth(1).inputValue()).toBe('加装电梯的补贴怎么申请？');
    expect(await page.getByLabel('类型').nth(3).inputValue()).toBe('livetext');
    // The question block and the chapter share the question's time on the program.
    const chapter = page.getByTestId('chapters').getByRole('listitem');
    await expect.poll(() => chapter.count()).toBe(1);
    const chapterText = await chapter.innerText();
    expect(chapterText).toContain('加装电梯的补贴怎么申请？');
    const qTime = (await blocks.nth(1).locator('legend .time').innerText()).trim();
    expect(chapterText).toContain(qTime);

    // Edit the first paragraph: marked unsaved until saved.
    await page.getByLabel('内容').first().fill('各位网友，大家好！欢迎收看本期在线访谈。');
    await page.getByText('有未保存的修改').waitFor();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('文字实录已保存').first().waitFor({ timeout: T });
    await expect.poll(() => page.getByText('有未保存的修改').count()).toBe(0);
    const stored = (await staff.editor.get(`/api/studio/interviews/${id}/record/transcript`)).body;
    expect(stored.transcript.blocks[0].text).toBe('各位网友，大家好！欢迎收看本期在线访谈。');
    expect(stored.updatedBy).toBe('editor');

    // Insert a heading by keyboard, save with Ctrl+S.
    await page.getByRole('button', { name: '在下方插入' }).first().click();
    await expect.poll(() => blocks.count()).toBe(5);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('第一部分：补贴申请');
    await page.getByLabel('类型').nth(1).selectOption('heading');
    await page.keyboard.press('Control+s');
    await page.getByText('文字实录已保存').first().waitFor({ timeout: T });
    await expect.poll(async () => (await staff.editor.get(`/api/studio/interviews/${id}/record/transcript`)).body.transcript.blocks[1]).toMatchObject({ kind: 'heading', text: '第一部分：补贴申请' });
    await expect.poll(() => page.getByText('有未保存的修改').count()).toBe(0);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Word 文档（DOCX）' }).click();
    const file = path.join(server.dataDir, 'from-page.docx');
    await (await download).saveAs(file);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString();
    expect(xml).toContain('欢迎收看本期在线访谈');
    expect(xml).toContain('第一部分：补贴申请');
    await screenshotIfAsked(page, 'record-transcript-zh');
    expect(await seriousViolations(page)).toEqual([]);

    const en = await openStudioAs(chromium.browser, server.url, 'editor1', 'editor-password-1', 'en');
    await en.getByRole('navigation', { name: 'Main navigation' }).waitFor({ timeout: T });
    await en.goto(`/studio/#/interviews/${id}/transcript`);
    await en.getByRole('heading', { name: /Transcript/, level: 1 }).waitFor({ timeout: T });
    await expect.poll(() => en.getByTestId('transcript-block').count(), { timeout: T }).toBe(5);
    await en.getByRole('heading', { name: 'Chapters' }).waitFor();
    await en.getByRole('link', { name: 'Word document (DOCX)' }).waitFor();
    expect(await en.getByLabel('Kind').nth(2).locator('option:checked').innerText()).toBe('Netizen question');
    await screenshotIfAsked(en, 'record-transcript-en');
    await page.context().close();
    await en.context().close();
  });
});

describe('the 审核发布 page', () => {
  it('reviews, publishes and unpublishes (admin); an editor is not let in', async () => {
    const id = await recordedInterview();
    const page = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: T });
    await page.goto(`/studio/#/interviews/${id}/publish`);
    await page.getByRole('heading', { name: '审核发布', level: 1 }).waitFor({ timeout: T });
    expect(await page.getByTestId('program-state').innerText()).toContain('已就绪，时长 00:06');
    const cues = page.getByTestId('subtitle-cues').getByRole('listitem');
    await expect.poll(() => cues.count()).toBe(2);
    expect(await cues.nth(1).innerText()).toContain('张明');
    await page.getByText('加装电梯的补贴怎么申请？').first().waitFor();
    await page.getByText('尚未发布。').waitFor();
    await screenshotIfAsked(page, 'record-publish-zh-before');

    await page.getByTestId('publish').click();
    await page.getByText('发布后网民即可在门户观看实录。确定发布吗？').waitFor();
    await page.getByTestId('confirm-publish').click();
    await page.getByText('已发布第 1 版').first().waitFor({ timeout: 30_000 });
    const list = page.getByTestId('publications');
    await list.getByText('门户当前显示').waitFor({ timeout: T });
    expect(fs.existsSync(path.join(server.config.DATA_DIR, 'recordings', String(id), 'published', '1', 'video.mp4'))).toBe(true);
    await screenshotIfAsked(page, 'record-publish-zh-published');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('unpublish').click();
    await page.getByTestId('confirm-unpublish').click();
    await page.getByText('实录已撤回').first().waitFor({ timeout: T });
    await list.getByText(/撤回/).waitFor();
    expect(await list.getByText('门户当前显示').count()).toBe(0);
    expect(await page.getByTestId('unpublish').count()).toBe(0);
    await page.context().close();

    const editor = await openStudioAs(chromium.browser, server.url, 'editor1', 'editor-password-1');
    await editor.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: T });
    await editor.goto(`/studio/#/interviews/${id}/publish`);
    await editor.getByText('您的角色无权访问此页面。').waitFor({ timeout: T });
    await editor.context().close();
  });

  it('asks for a reason when there are no subtitles, and says so at the field (en)', async () => {
    const id = await recordedInterview(false);
    const page = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD, 'en');
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor({ timeout: T });
    await page.goto(`/studio/#/interviews/${id}/publish`);
    await page.getByRole('heading', { name: 'Review and publish', level: 1 }).waitFor({ timeout: T });
    await page.getByText(/There are no subtitles/).waitFor();
    await page.getByTestId('publish').click();
    await page.getByTestId('confirm-publish').click();
    const reason = page.getByLabel('Why publish without subtitles');
    await expect.poll(() => reason.getAttribute('aria-invalid'), { timeout: T }).toBe('true');
    await page.getByText(/needs a reason to be published without them/).first().waitFor();
    await screenshotIfAsked(page, 'record-publish-en-reason');
    expect(await seriousViolations(page)).toEqual([]);
    await reason.fill('Sign-language interpreter in the picture');
    await page.getByTestId('publish').click();
    await page.getByTestId('confirm-publish').click();
    await page.getByText('Version 1 published').first().waitFor({ timeout: 30_000 });
    await page.getByText('No subtitles because: Sign-language interpreter in the picture').waitFor({ timeout: T });
    await screenshotIfAsked(page, 'record-publish-en-published');
    await page.context().close();
  });
});
