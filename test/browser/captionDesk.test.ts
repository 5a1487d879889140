import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import type { CuePublic } from '../../shared/schemas/caption.js';
import { launchChromium, openStudioAs, screenshotIfAsked } from '../helpers/browser.js';
import { ADMIN_PASSWORD, nextEvent, startServer, staffClients, viewerSocket, type Client, type TestServer } from '../helpers/server.js';

const T = 15_000;
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let staff: Record<'admin' | 'host' | 'director' | 'reviewer' | 'editor', Client>;
let demoId: number;
let viewer: Socket;
/** Every cue the viewer socket heard, in order. */
const heard: CuePublic[] = [];

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  const list = await staff.admin.get<Array<{ id: number; slug: string }>>('/api/studio/interviews');
  demoId = list.body.find((i) => i.slug === 'demo')!.id;
  expect((await staff.director.patch(`/api/studio/interviews/${demoId}`, { status: 'live' })).status).toBe(200);
  // A second editor, to take turns with the first.
  const r = await staff.admin.post('/api/studio/users', { username: 'editor2', displayName: '李编辑', role: 'editor', password: 'editor-password-2', mustChangePassword: false });
  expect(r.status).toBe(201);
  viewer = await viewerSocket(server.url, 'demo');
  viewer.on('cue', (c: CuePublic) => heard.push(c));
  chromium = await launchChromium();
}, 60_000);
afterAll(async () => {
  viewer?.disconnect();
  await chromium?.close();
  await server?.close();
});

const signIn = (username: string, password: string, lang: 'zh-CN' | 'en' = 'zh-CN') => openStudioAs(chromium.browser, server.url, username, password, lang);

/** Presses Tab (or Shift+Tab) until the element matching `selector` has the focus, as a keyboard user gets there. */
async function tabTo(page: Page, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The serious and critical axe-core violations on the page (the embedded viewer is checked on its own). */
async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  // Evaluated rather than added as a <script>: the studio's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run({ exclude: [['iframe']] }, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

describe('the caption desk', () => {
  it('lets an editor caption a live interview by keyboard alone: partials, then a final on Enter, a correction and a withdrawal reach viewers', async () => {
    const editor = await signIn('editor1', 'editor-password-1');
    // The interview list shows an editor the way in (before, an editor had nothing to open).
    const row = editor.getByRole('row').filter({ hasText: '聚焦老旧小区改造' });
    await row.getByRole('link', { name: '字幕' }).click();
    await editor.getByRole('heading', { level: 1, name: /字幕台/ }).waitFor();
    await editor.getByTestId('track-holder').getByText('没有人输入').waitFor({ timeout: T });
    // The program as viewers see it, with the sound off until asked for.
    expect(await editor.getByTestId('program-monitor').getAttribute('src')).toBe('/v/demo');
    expect(await editor.getByText('声音默认关闭').count()).toBe(1);
    // Speakers by name and 职务, each with its key.
    const guest = editor.getByTestId('speaker').filter({ hasText: '张明' });
    expect(await guest.textContent()).toContain('区住房和城乡建设局局长');
    expect(await guest.textContent()).toContain('Alt+2');

    await tabTo(editor, '#caption-input');
    await editor.keyboard.press('Alt+2');
    expect(await guest.getAttribute('aria-pressed')).toBe('true');
    const line = '各位网友大家好，今天我们来谈一谈老旧小区改造';
    const final = nextEvent<CuePublic>(viewer, 'cue', (c) => c.final && c.text === line, T);
    await editor.keyboard.type(line, { delay: 40 });
    await editor.keyboard.press('Enter');
    const cue = await final;
    expect(cue.speaker).toMatchObject({ name: '张明', title: '区住房和城乡建设局局长' });
    // While it was typed, viewers saw it grow as partials of the same line, before the final.
    const partials = heard.filter((c) => c.id === cue.id && !c.final);
    expect(partials.length).toBeGreaterThan(1);
    expect(heard.findIndex((c) => c.id === cue.id && !c.final)).toBeLessThan(heard.findIndex((c) => c.id === cue.id && c.final));
    for (const p of partials) expect(line.startsWith(p.text)).toBe(true);
    // Shown as sent (its ack came back: on disk), and the box is free for the next line.
    const sent = editor.locator(`[data-testid=cue-row][data-cue-id="${cue.id}"][data-state=sent]`);
    await sent.waitFor({ timeout: T });
    expect(await sent.textContent()).toContain(line);
    expect(await editor.locator('#caption-input').inputValue()).toBe('');
    // A screen reader hears it too (a status message, not a focus change).
    await expect.poll(() => editor.getByRole('status').filter({ hasText: `第 ${cue.seq} 条字幕已发送` }).count()).toBe(1);
    await screenshotIfAsked(editor, 'caption-desk-zh');

    const violations = await axeViolations(editor);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // A correction: Tab to the line's 修改, Enter, retype, Enter. Viewers get the same id with the new text.
    await tabTo(editor, `[data-cue-id="${cue.id}"] button[aria-label="修改第 ${cue.seq} 条字幕"]`);
    await editor.keyboard.press('Enter');
    await editor.locator(`#cue-edit-${cue.id}`).waitFor();
    const corrected = '各位网友大家好，今天我们来谈一谈老旧小区改造工作';
    const correction = nextEvent<CuePublic>(viewer, 'cue', (c) => c.id === cue.id && c.text === corrected, T);
    await editor.keyboard.press('Control+End');
    await editor.keyboard.type('工作');
    await editor.keyboard.press('Enter');
    expect(await correction).toMatchObject({ id: cue.id, final: true, revised: true });
    await sent.getByText('已更正').waitFor({ timeout: T });
    expect(await sent.textContent()).toContain(corrected);
    // Focus is back on the line's 修改 button, so the keyboard user carries on from there.
    expect(await editor.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`修改第 ${cue.seq} 条字幕`);

    // A reload keeps everything, even a line typed and not sent yet: the desk's state comes from the server.
    await tabTo(editor, '#caption-input', 'Shift+Tab');
    const half = '还没发出的半句';
    const halfSeen = nextEvent<CuePublic>(viewer, 'cue', (c) => !c.final && c.text === half, T);
    await editor.keyboard.type(half, { delay: 30 });
    const open = await halfSeen;
    await editor.reload();
    await sent.waitFor({ timeout: T });
    expect(await sent.textContent()).toContain(corrected);
    expect(await editor.locator('#caption-input').inputValue()).toBe(half);
    await editor.getByTestId('track-holder').getByText('您正在负责此字幕轨').waitFor();
    // Emptying the box abandons the line: viewers drop it.
    const dropped = nextEvent<{ id: number }>(viewer, 'cue:removed', (p) => p.id === open.id, T);
    await tabTo(editor, '#caption-input');
    await editor.keyboard.press('Control+A');
    await editor.keyboard.press('Backspace');
    await dropped;

    // Withdrawal, with a confirm, by keyboard: viewers drop the id.
    await tabTo(editor, `[data-testid="withdraw-${cue.id}"]`);
    await editor.keyboard.press('Enter');
    await editor.getByTestId(`confirm-withdraw-${cue.id}`).waitFor();
    expect(await editor.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(`confirm-withdraw-${cue.id}`);
    const removed = nextEvent<{ id: number }>(viewer, 'cue:removed', (p) => p.id === cue.id, T);
    await editor.keyboard.press('Enter');
    expect((await removed).id).toBe(cue.id);
    await expect.poll(() => editor.locator(`[data-cue-id="${cue.id}"]`).count(), { timeout: T }).toBe(0);
    await editor.context().close();
  });

  it('shows who holds the track and what they type; 接手 sends their unsent text in their name and frees the box', async () => {
    const first = await signIn('editor1', 'editor-password-1');
    await first.goto(`/studio/#/interviews/${demoId}/captions`);
    await first.getByTestId('track-holder').waitFor({ timeout: T });
    const unsent = '下面请张局长介绍一下';
    await first.locator('#caption-input').focus();
    await first.keyboard.type(unsent, { delay: 30 });

    const second = await signIn('editor2', 'editor-password-2', 'en');
    await second.goto(`/studio/#/interviews/${demoId}/captions`);
    const holder = second.getByTestId('track-holder');
    await holder.getByText('editor is typing on this track').waitFor({ timeout: T });
    await expect.poll(() => second.getByTestId('holder-typing').textContent(), { timeout: T }).toContain(unsent);
    expect(await second.locator('#caption-input').isDisabled()).toBe(true);
    await screenshotIfAsked(second, 'caption-desk-held-en');
    const violations = await axeViolations(second);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    const handedOver = nextEvent<CuePublic>(viewer, 'cue', (c) => c.final && c.text === unsent, T);
    await second.getByRole('button', { name: 'Take over' }).click();
    await handedOver;
    await holder.getByText('You are typing on this track.').waitFor({ timeout: T });
    // The box is the new holder's, and focused.
    expect(await second.locator('#caption-input').isDisabled()).toBe(false);
    expect(await second.evaluate(() => document.activeElement?.id)).toBe('caption-input');
    // The handed-over line is listed as the first editor's.
    const row = second.locator('[data-testid=cue-row][data-state=sent]').filter({ hasText: unsent });
    await row.waitFor({ timeout: T });
    expect(await row.textContent()).toContain('editor');
    // The first editor is told, and the sent text is no longer in their box (nothing is sent twice).
    await first.getByText('李编辑 接手了此字幕轨，您未发送的文字已作为字幕发出。').waitFor({ timeout: T });
    expect(await first.locator('#caption-input').inputValue()).toBe('');
    expect(await first.locator('#caption-input').isDisabled()).toBe(true);
    await screenshotIfAsked(first, 'caption-desk-taken-over-zh');
    await first.context().close();
    await second.context().close();
  });

  it('lets an admin add an English track, and a director hand an outside captioner an ingest address that reaches the desk until revoked', async () => {
    const admin = await signIn('admin', ADMIN_PASSWORD, 'en');
    await admin.goto(`/studio/#/interviews/${demoId}/captions`);
    await admin.getByRole('button', { name: 'Add a track' }).click();
    // The form says what is missing at its fields, then adds the track and switches to it.
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await admin.getByText('Enter a language tag.').waitFor();
    await admin.getByLabel('Language tag').fill('en');
    await admin.getByLabel('Name', { exact: true }).fill('English');
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => admin.getByLabel('Caption track').inputValue(), { timeout: T }).toBe('en');
    await admin.getByLabel('Caption (English)').waitFor();
    const english = nextEvent<CuePublic>(viewer, 'cue', (c) => c.final && c.track === 'en', T);
    await admin.getByLabel('Caption (English)').fill('Good morning, everyone');
    await admin.keyboard.press('Enter');
    expect((await english).text).toBe('Good morning, everyone');
    await screenshotIfAsked(admin, 'caption-desk-english-en');
    // Back on the primary track, the admin's desk shows what the outside captioner sends.
    await admin.getByLabel('Caption track').selectOption('zh-CN');

    const director = await signIn('director1', 'director-password-1');
    await director.goto(`/studio/#/interviews/${demoId}/director`);
    const panel = director.getByTestId('ingest-panel');
    await panel.getByRole('heading', { name: '外部字幕接入' }).waitFor({ timeout: T });
    await panel.getByLabel('名称').fill('某速记公司');
    await panel.getByRole('button', { name: '生成接入地址' }).click();
    const url = await panel.getByTestId('ingest-url').inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/api/ingest/captions/`));
    await panel.locator('[data-testid=ingest-row][data-status=active]').filter({ hasText: '某速记公司' }).waitFor();
    await screenshotIfAsked(director, 'ingest-tokens-zh');
    const violations = await axeViolations(director);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    const post = (text: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    expect((await post('感谢主持人')).status).toBe(200);
    const row = admin.locator('[data-testid=cue-row][data-state=sent]').filter({ hasText: '感谢主持人' });
    await row.waitFor({ timeout: T });
    expect(await row.textContent()).toContain('Outside captioner');

    // Shown once: after a reload only the list is there, and revoking it (with a confirm) stops it.
    await director.reload();
    await panel.locator('[data-testid=ingest-row]').first().waitFor({ timeout: T });
    expect(await panel.getByTestId('ingest-url').count()).toBe(0);
    await panel.getByRole('button', { name: '撤销“某速记公司”' }).click();
    await panel.getByRole('button', { name: '确认撤销' }).click();
    await panel.locator('[data-testid=ingest-row][data-status=revoked]').waitFor({ timeout: T });
    expect((await post('撤销后不应出现')).status).toBe(401);
    await admin.context().close();
    await director.context().close();
  });

  it('keeps a line typed while offline in the box, and sends it once when the connection is back', async () => {
    const editor = await signIn('editor1', 'editor-password-1');
    await editor.goto(`/studio/#/interviews/${demoId}/captions`);
    await editor.getByRole('status').filter({ hasText: '实时连接正常' }).waitFor({ timeout: T });
    // The editor of the test before may still hold the track for its 5 s grace: the box opens once it is free.
    await editor.locator('#caption-input:not([disabled])').waitFor({ timeout: T });
    await editor.context().setOffline(true);
    await editor.getByRole('status').filter({ hasText: '实时连接已断开' }).waitFor({ timeout: T });
    const line = '断网时输入的一句';
    await editor.locator('#caption-input').focus();
    await editor.keyboard.type(line);
    await editor.keyboard.press('Enter');
    await expect.poll(() => editor.getByTestId('caption-error').textContent(), { timeout: T }).toContain('无法连接服务器');
    expect(await editor.locator('#caption-input').inputValue()).toBe(line);
    expect(await editor.locator('[data-testid=cue-row][data-state=sending]').count()).toBe(0);

    await editor.context().setOffline(false);
    await editor.getByRole('status').filter({ hasText: '实时连接正常' }).waitFor({ timeout: 30_000 });
    const before = heard.length;
    const final = nextEvent<CuePublic>(viewer, 'cue', (c) => c.final && c.text === line, T);
    await editor.locator('#caption-input').focus();
    await editor.keyboard.press('Enter');
    const cue = await final;
    await editor.locator(`[data-testid=cue-row][data-cue-id="${cue.id}"][data-state=sent]`).waitFor({ timeout: T });
    await new Promise((r) => setTimeout(r, 500));
    // Exactly one final of it reached viewers: nothing was queued offline to arrive again.
    expect(heard.slice(before).filter((c) => c.final && c.text === line)).toHaveLength(1);
    await editor.context().close();
  });

  it('keeps a refused line in the box with the server\'s reason (an interview that is not live)', async () => {
    const created = await staff.admin.post<{ id: number }>('/api/studio/interviews', {
      slug: 'not-yet',
      title: '尚未开播的访谈',
      unit: '区住房和城乡建设局',
      scheduledStart: new Date(Date.now() + 86_400_000).toISOString(),
      scheduledEnd: new Date(Date.now() + 90_000_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const editor = await signIn('editor1', 'editor-password-1');
    await editor.goto(`/studio/#/interviews/${created.body.id}/captions`);
    await editor.getByTestId('not-live').waitFor({ timeout: T });
    await editor.locator('#caption-input').focus();
    await editor.keyboard.type('这句发不出去');
    await editor.keyboard.press('Enter');
    const error = editor.getByTestId('caption-error');
    await error.waitFor({ timeout: T });
    expect(await error.textContent()).toMatch(/直播/);
    expect(await editor.locator('#caption-input').inputValue()).toBe('这句发不出去');
    expect(await editor.locator('[data-testid=cue-row]').count()).toBe(0);
    await editor.context().close();
  });
});
