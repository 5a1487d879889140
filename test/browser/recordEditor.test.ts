import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import { launchChromium, openStudioAs, screenshotIfAsked } from '../helpers/browser.js';
import { makeProgram } from '../helpers/program.js';
import { insertLiveCaptions } from '../helpers/record.js';
import { startServer, staffClients, type Client, type TestServer } from '../helpers/server.js';

const T = 20_000;
const W0 = Date.parse('2026-05-08T06:30:00.000Z');
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let staff: Record<'admin' | 'host' | 'director' | 'reviewer' | 'editor', Client>;
let id: number;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  const created = await staff.admin.post('/api/studio/interviews', {
    slug: 'record-page',
    title: '优化营商环境在线访谈',
    unit: '区政府办',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
    guests: [{ name: '张明', title: '局长' }],
  });
  id = created.body.id;
  for (const status of ['scheduled', 'live', 'ended']) expect((await staff.admin.patch(`/api/studio/interviews/${id}`, { status })).status).toBe(200);
  makeProgram(server, id, 12, [{ wallStartMs: W0, wallEndMs: W0 + 12_000, programStartMs: 0 }]);
  await insertLiveCaptions(server, id, W0, [
    { atWallMs: W0 + 500, typedMs: 900, text: '各位网友大家好，欢迎收看在线访谈。', speaker: '主持人' },
    { atWallMs: W0 + 3000, typedMs: 900, text: '今天我们请到了区政府办的张局长。', speaker: '主持人' },
    { atWallMs: W0 + 5500, typedMs: 900, text: '主持人好，网友们好。', speaker: '张明' },
    { atWallMs: W0 + 8000, typedMs: 900, text: '我先介绍一下今年的工作。', speaker: '张明' },
  ]);
  chromium = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
}, 90_000);
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function openRecordPage(username: string, password: string, lang: 'zh-CN' | 'en'): Promise<Page> {
  const page = await openStudioAs(chromium.browser, server.url, username, password, lang);
  return page;
}

const cuesOnServer = async () => (await staff.editor.get(`/api/studio/interviews/${id}/record/subtitles/zh-CN`)).body;

describe('the 录像与字幕 page', () => {
  it('edits a cue, splits it, shifts all, sets the in point at the playhead and exports the trimmed WebVTT', { timeout: 120_000 }, async () => {
    const page = await openRecordPage('editor1', 'editor-password-1', 'zh-CN');
    // From the interview list, as an editor gets there after the broadcast.
    await page.getByRole('link', { name: '录像与字幕' }).click({ timeout: T });
    await page.getByRole('heading', { name: /录像与字幕/ }).waitFor({ timeout: T });
    await expect.poll(() => page.getByTestId('program-state').textContent(), { timeout: T }).toContain('节目视频已合成');
    const rows = page.getByTestId('cue');
    await expect.poll(() => rows.count(), { timeout: T }).toBe(4);
    // The video plays in the page (H.264/AAC program), and the waveform came from its audio.
    await expect.poll(() => page.getByTestId('program-video').evaluate((v: HTMLVideoElement) => v.readyState), { timeout: T }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.getByTestId('program-video').evaluate((v: HTMLVideoElement) => Math.round(v.duration)), { timeout: T }).toBe(12);

    // Edit the second cue's text: select it, type, Enter.
    await rows.nth(1).getByRole('button').click();
    const text = page.getByLabel('字幕文字');
    await text.fill('今天我们请到了区政府办的张明局长。');
    await text.press('Enter');
    await page.getByText('字幕已保存').waitFor({ timeout: T });
    await expect.poll(async () => (await cuesOnServer()).cues[1].text).toBe('今天我们请到了区政府办的张明局长。');
    expect((await cuesOnServer()).edited).toBe(true);

    // Split it after "今天我们请到了" (7 characters), at the cursor.
    await text.evaluate((el: HTMLTextAreaElement) => {
      el.focus();
      el.setSelectionRange(7, 7);
    });
    await page.getByRole('button', { name: '在光标处拆分' }).click();
    await expect.poll(() => rows.count(), { timeout: T }).toBe(5);
    await expect.poll(async () => (await cuesOnServer()).cues.slice(1, 3).map((c: { text: string }) => c.text)).toEqual(['今天我们请到了', '区政府办的张明局长。']);
    await expect.poll(() => rows.nth(2).textContent()).toContain('区政府办的张明局长。');

    // By keyboard: ↓ moves to the next cue in the list, Alt+→ moves its start 0.1 s later.
    await rows.nth(1).getByRole('button').first().focus();
    await page.keyboard.press('ArrowDown');
    const before = (await cuesOnServer()).cues[2].startMs as number;
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => (await cuesOnServer()).cues[2].startMs).toBe(before + 100);

    // Shift all 200 ms earlier.
    const starts = (await cuesOnServer()).cues.map((c: { startMs: number }) => c.startMs);
    await page.getByLabel('整体平移（毫秒）').fill('-200');
    await page.getByRole('button', { name: '平移全部字幕' }).click();
    await expect.poll(async () => (await cuesOnServer()).cues.map((c: { startMs: number }) => c.startMs)).toEqual(starts.map((s: number) => s - 200));
    await page.getByText('全部字幕已平移 -200 毫秒').waitFor({ timeout: T });

    // The in point at the playhead: move the video to 2 s, press 设为入点.
    await page.getByTestId('program-video').evaluate((v: HTMLVideoElement) => (v.currentTime = 2));
    await expect.poll(() => page.getByTestId('playhead').textContent(), { timeout: T }).toBe('0:02.000');
    await page.getByRole('button', { name: '设为入点（I）' }).click();
    await expect.poll(() => page.getByTestId('trim').textContent(), { timeout: T }).toContain('入点 0:02.000');
    expect((await staff.editor.get(`/api/studio/interviews/${id}/record/trim`)).body).toEqual({ inMs: 2000, outMs: 12000, durationMs: 12000 });
    // The waveform shows it: the bar under the subtitle at the top left.
    await screenshotIfAsked(page, 'record-zh');

    // Export: the downloaded WebVTT is the stored cues, cut at the in point and counted from it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-vtt').click()]);
    const vtt = fs.readFileSync((await download.path())!, 'utf8');
    const parsed = new WebVTTParser().parse(vtt, 'metadata');
    expect(parsed.errors).toEqual([]);
    const expected = ((await cuesOnServer()).cues as Array<{ startMs: number; endMs: number; text: string }>)
      .filter((c) => c.endMs > 2000)
      .map((c) => [Math.max(c.startMs, 2000) - 2000, c.endMs - 2000, c.text]);
    expect(parsed.cues.map((c) => [Math.round(c.startTime * 1000), Math.round(c.endTime * 1000), c.text.replace(/^<v [^>]*>/, '')])).toEqual(expected);
    expect(parsed.cues.map((c) => c.text)).toContain('<v 主持人>区政府办的张明局长。');
    await page.context().close();
  });

  it('speaks English, for the director too, and refuses an out point before the in point', { timeout: 60_000 }, async () => {
    const page = await openRecordPage('director1', 'director-password-1', 'en');
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor({ timeout: T });
    await page.goto(`/studio/#/interviews/${id}/record`);
    await page.getByRole('heading', { name: /Recording & subtitles/ }).waitFor({ timeout: T });
    await expect.poll(() => page.getByTestId('cue').count(), { timeout: T }).toBe(5);
    await expect.poll(() => page.getByTestId('program-state').textContent(), { timeout: T }).toContain('Program video composed');
    await page.getByRole('button', { name: 'Compose again' }).waitFor();
    // The playhead at 1 s is before the in point (2 s): the out point there is refused, and says why.
    await page.getByTestId('program-video').evaluate((v: HTMLVideoElement) => (v.currentTime = 1));
    await expect.poll(() => page.getByTestId('playhead').textContent(), { timeout: T }).toBe('0:01.000');
    await page.getByRole('button', { name: 'Set out point (O)' }).click();
    await page.getByText('the out point must be after the in point', { exact: true }).waitFor({ timeout: T });
    expect((await staff.editor.get(`/api/studio/interviews/${id}/record/trim`)).body.outMs).toBe(12000);
    await page.getByTestId('cue').first().getByRole('button').first().click();
    await screenshotIfAsked(page, 'record-en');

    // A broken SRT is refused with its line, and nothing changes; a good one replaces the track.
    const file = page.getByTestId('import-file');
    await file.setInputFiles({ name: 'broken.srt', mimeType: 'application/x-subrip', buffer: Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:04,000 --> 00:00:03,000\nTwo\n') });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('line 6: the cue must end after it starts').waitFor({ timeout: T });
    expect((await cuesOnServer()).cues).toHaveLength(5);
    await file.setInputFiles({ name: 'made-elsewhere.vtt', mimeType: 'text/vtt', buffer: Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Host>Welcome\n\n00:00:03.000 --> 00:00:04.000\nThank you\n') });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByTestId('cue').count(), { timeout: T }).toBe(2);
    // On the published timeline: the in point (2 s) is added.
    expect((await cuesOnServer()).cues.map((c: { startMs: number; speaker: string | null; text: string }) => [c.startMs, c.speaker, c.text])).toEqual([
      [3000, 'Host', 'Welcome'],
      [5000, null, 'Thank you'],
    ]);
    await page.context().close();
  });

  it('is not offered to roles that may not edit the record', { timeout: 60_000 }, async () => {
    const page = await openRecordPage('host1', 'host-password-1', 'zh-CN');
    await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: T });
    expect(await page.getByRole('link', { name: '录像与字幕' }).count()).toBe(0);
    await page.goto(`/studio/#/interviews/${id}/record`);
    await page.getByText('您的角色').first().waitFor({ timeout: T });
    await page.context().close();
  });
});
