import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshotIfAsked } from '../helpers/browser.js';
import { FIXTURE_CUES, FIXTURE_CUES_EN, publishFixture, unpublishFixture } from '../helpers/publication.js';
import { startServer, staffClients, type TestServer } from '../helpers/server.js';

/**
 * The replay (视频回放) in the embedded viewer, as a netizen uses it after the broadcast: 实录整理中 until the
 * record is published, then the video with its subtitles, the chapters and the transcript that seek it.
 */
const T = 20_000;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  const staff = await staffClients(server.url);
  expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
  expect((await staff.director.patch('/api/studio/interviews/1', { status: 'ended' })).status).toBe(200);
  chromium = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await server?.close();
});

async function viewer(opts: { width?: number; lang?: 'en' } = {}): Promise<Page> {
  const ctx = await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: opts.width ?? 1280, height: 900 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(`/v/demo${opts.lang ? `?lang=${opts.lang}` : ''}`);
  return page;
}

const video = (page: Page) => page.getByTestId('replay-video');
const time = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.currentTime);
/** Pauses and puts the video at `s` seconds, as a viewer dragging the seek bar; resolves once it is there. */
const seekTo = (page: Page, s: number) =>
  video(page).evaluate(
    (v: HTMLVideoElement, at) =>
      new Promise<void>((resolve) => {
        v.pause();
        v.addEventListener('seeked', () => resolve(), { once: true });
        v.currentTime = at;
      }),
    s,
  );
const overlay = (page: Page) => page.getByTestId('replay-player').getByTestId('caption-overlay');
/** The subtitle lines on the picture now ('' for none), each as `speaker|text`. */
const overlayText = (page: Page) =>
  page.getByTestId('replay-player').evaluate((el) =>
    [...el.querySelectorAll('[data-testid=caption-overlay] .line')].map((l) => `${l.querySelector('.who')?.textContent ?? ''}|${l.querySelector('.text')?.textContent ?? ''}`).join('\n'),
  );

describe('the replay in the viewer', () => {
  it('says 实录整理中 after the broadcast until the record is published, then shows the replay without a reload', async () => {
    const page = await viewer();
    const slot = page.locator('[data-testid=player][data-state=ended][data-record=preparing]');
    await slot.waitFor({ timeout: T });
    expect(await slot.textContent()).toContain('实录整理中');
    expect(await page.getByTestId('replay').count()).toBe(0);
    await screenshotIfAsked(page, 'replay-preparing-zh');
    const en = await viewer({ lang: 'en', width: 375 });
    await en.locator('[data-testid=player][data-state=ended][data-record=preparing]').getByText('The record is being prepared').waitFor({ timeout: T });
    await screenshotIfAsked(en, 'replay-preparing-en-375');

    // Published while the page is open: the publisher's `interview:changed` reaches it, no reload needed.
    await publishFixture(server, 1, { english: true });
    server.domain.bus.emit('interview:changed', await server.domain.interviews.getById(1));
    await page.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    expect(await page.locator('[data-testid=player]').count()).toBe(0);
    // A replay has no live audience: the header says 已结束 and no "N 人在线".
    const header = await page.locator('header.head').innerText();
    expect(header).toContain('已结束');
    expect(header).not.toContain('人在线');
  });

  it('plays the published record with its subtitles on at the right moments, and seeks from chapters and the transcript', async () => {
    const page = await viewer();
    await page.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    await page.getByTestId('replay-block').first().waitFor({ timeout: T });
    await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: T }).toBeGreaterThanOrEqual(1);
    expect(await video(page).evaluate((v: HTMLVideoElement) => v.duration)).toBeCloseTo(10, 0);

    // Subtitles are on by default: the track is loaded (drawn by the page), the bar says so.
    expect(await page.getByTestId('captions-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await video(page).evaluate((v: HTMLVideoElement) => [...v.textTracks].map((t) => `${t.language}:${t.mode}`))).toEqual(['zh-CN:hidden', 'en:disabled']);

    // Each cue shows exactly while it is due, with its speaker, and nothing between two cues.
    await seekTo(page, 1.0);
    await expect.poll(() => overlayText(page), { timeout: T }).toBe(`${FIXTURE_CUES[0]!.speaker}|${FIXTURE_CUES[0]!.text}`);
    await seekTo(page, 2.75);
    await expect.poll(() => overlayText(page), { timeout: T }).toBe('');
    await seekTo(page, 4.0);
    await expect.poll(() => overlayText(page), { timeout: T }).toContain(FIXTURE_CUES[1]!.text);

    // Playing from the start: the first line appears once the video reaches it, not before.
    await seekTo(page, 0);
    await video(page).evaluate((v: HTMLVideoElement) => v.play());
    await overlay(page).getByText(FIXTURE_CUES[0]!.text).waitFor({ timeout: T });
    const at = await time(page);
    expect(at).toBeGreaterThanOrEqual(0.45);
    expect(at).toBeLessThan(2.6);
    // The transcript highlights the block being played.
    await expect.poll(() => page.locator('[data-testid=replay-block][aria-current=true]').getAttribute('data-start'), { timeout: T }).toBe('500');

    // A chapter jumps to its answer.
    await page.getByTestId('replay-chapter').nth(1).click();
    await expect.poll(() => time(page), { timeout: T }).toBeGreaterThanOrEqual(5.9);
    expect(await time(page)).toBeLessThan(6.9);
    expect(await page.getByTestId('replay-chapter').nth(1).getAttribute('aria-current')).toBe('true');

    // A click on a transcript block plays from it, and its line is on the picture.
    await page.locator('[data-testid=replay-block][data-start="3000"] .text').click();
    await expect.poll(() => time(page), { timeout: T }).toBeGreaterThanOrEqual(3.0);
    expect(await time(page)).toBeLessThan(4.0);
    await overlay(page).getByText(FIXTURE_CUES[1]!.text).waitFor({ timeout: T });
    await expect.poll(() => page.locator('[data-testid=replay-block][aria-current=true]').getAttribute('data-start'), { timeout: T }).toBe('3000');
    await screenshotIfAsked(page, 'replay-zh');

    // By keyboard: Tab to the first chapter, Enter.
    await page.getByTestId('replay-chapter').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => time(page), { timeout: T }).toBeGreaterThanOrEqual(2.9);
    expect(await time(page)).toBeLessThan(3.9);
    // And a transcript block's time button.
    await page.locator('[data-testid=replay-block][data-start="6000"] button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => time(page), { timeout: T }).toBeGreaterThanOrEqual(6.0);
    await video(page).evaluate((v: HTMLVideoElement) => v.pause());

    // The transcript is searchable.
    await page.getByTestId('replay-search').fill('学位');
    await expect.poll(() => page.getByTestId('replay-block').count(), { timeout: T }).toBe(2);
    await page.getByTestId('replay-search').fill('没有这句话');
    await page.getByTestId('replay-transcript').getByText('没有找到包含“没有这句话”的内容。').waitFor({ timeout: T });
    await page.getByTestId('replay-search').fill('');

    // Downloads: the video, both subtitle formats, the transcript in three forms, all answering.
    const links = await page.getByTestId('replay-downloads').locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('download')]));
    expect(links.map((l) => l[0])).toEqual(['视频（MP4）', '简体中文字幕（WebVTT）', '简体中文字幕（SRT）', 'English字幕（WebVTT）', 'English字幕（SRT）', '文字实录（Word）', '文字实录（纯文本）', '文字实录（网页）']);
    for (const [, href] of links) expect((await page.request.get(href!)).status(), href!).toBe(200);
  });

  it('has no serious accessibility problem (axe-core)', async () => {
    const page = await viewer();
    await page.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    await page.getByTestId('replay-block').first().waitFor({ timeout: T });
    await seekTo(page, 4.0);
    await overlay(page).waitFor({ timeout: T });
    // Evaluated, not a <script> tag: the viewer's CSP (script-src 'self') rightly refuses inline scripts.
    await page.evaluate(fs.readFileSync(AXE, 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ html: string }> }> }> } }).axe;
      const r = await axe.run(document);
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
    });
    expect(violations).toEqual([]);
  });

  it('remembers the chosen subtitle track, as the live player does', async () => {
    const page = await viewer();
    await page.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    await page.getByTestId('captions-track').selectOption('en');
    await seekTo(page, 4.0);
    await expect.poll(() => overlayText(page), { timeout: T }).toBe(`${FIXTURE_CUES_EN[1]!.speaker}|${FIXTURE_CUES_EN[1]!.text}`);
    expect(await overlay(page).getAttribute('lang')).toBe('en');
    await page.reload();
    await page.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    expect(await page.getByTestId('captions-track').inputValue()).toBe('en');
    await seekTo(page, 1.0);
    await expect.poll(() => overlayText(page), { timeout: T }).toBe(`${FIXTURE_CUES_EN[0]!.speaker}|${FIXTURE_CUES_EN[0]!.text}`);
    // The same choice the live subtitles read (one remembered choice for both).
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('fangtan:captions') ?? '{}').track)).toBe('en');
    await page.getByTestId('captions-track').selectOption('zh-CN');
  });

  it('remembers a viewer who turns subtitles off, as the live player does', async () => {
    const page = await viewer();
    await page.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    await page.getByTestId('captions-toggle').click();
    await seekTo(page, 1.0);
    expect(await overlay(page).count()).toBe(0);
    await page.reload();
    await page.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    expect(await page.getByTestId('captions-toggle').getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => [...v.textTracks].map((t) => t.mode)), { timeout: T }).toEqual(['disabled', 'disabled']);
    await page.getByTestId('captions-toggle').click();
    await seekTo(page, 1.0);
    await overlay(page).getByText(FIXTURE_CUES[0]!.text).waitFor({ timeout: T });
  });

  it('fits a 375 px phone and reads in English', async () => {
    const phone = await viewer({ width: 375 });
    await phone.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    await phone.getByTestId('replay-block').first().waitFor({ timeout: T });
    await seekTo(phone, 4.0);
    await overlay(phone).getByText(FIXTURE_CUES[1]!.text).waitFor({ timeout: T });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Under the video on a phone: chapters, then the transcript.
    const [v, c, tr] = await Promise.all(['replay-player', 'replay-chapters', 'replay-transcript'].map((id) => phone.getByTestId(id).boundingBox()));
    expect(c!.y).toBeGreaterThan(v!.y + v!.height - 1);
    expect(tr!.y).toBeGreaterThan(c!.y);
    await screenshotIfAsked(phone, 'replay-zh-375');

    const en = await viewer({ lang: 'en' });
    await en.locator('[data-testid=replay][data-state=ready]').waitFor({ timeout: T });
    await en.getByRole('heading', { name: 'Chapters' }).waitFor({ timeout: T });
    await en.getByRole('link', { name: 'Transcript (Word)' }).waitFor({ timeout: T });
    await en.getByTestId('replay-block').first().waitFor({ timeout: T });
    await screenshotIfAsked(en, 'replay-en');
  });

  it('goes back to 实录整理中 once the record is unpublished', async () => {
    await unpublishFixture(server, 1);
    const page = await viewer();
    await page.locator('[data-testid=player][data-state=ended][data-record=preparing]').waitFor({ timeout: T });
    expect(await page.getByTestId('replay').count()).toBe(0);
  });
});
