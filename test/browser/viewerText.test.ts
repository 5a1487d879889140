import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { CuePublic, Speaker } from '../../shared/schemas/caption.js';
import { PROTOCOL_VERSION } from '../../shared/events.js';
import { launchChromium, screenshotIfAsked, startPortal } from '../helpers/browser.js';
import { mediaSocket, must, publish } from '../helpers/media.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

/**
 * The text layer as a netizen sees it in the viewer: subtitles over the player, the transcript beside it,
 * the live-text tab, the question on air as a strip and each person's lower third (name, 职务).
 */
const T = 20_000;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let portal: Awaited<ReturnType<typeof startPortal>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const media: Socket[] = [];

const HOST = { name: '王芳', title: '区融媒体中心主持人' };
const GUEST = { name: '张明', title: '区住房和城乡建设局局长' };
let questionId = 0;

beforeAll(async () => {
  server = await startServer({ MEDIA_WORKERS: '1' });
  staff = await staffClients(server.url);
  const users = (await staff.admin.get('/api/studio/users')).body as Array<{ id: number; username: string }>;
  const hostId = users.find((u) => u.username === 'host1')!.id;
  expect((await staff.admin.patch(`/api/studio/users/${hostId}`, { displayName: HOST.name, title: HOST.title })).status).toBe(200);
  // The host publishes (mediasoup takes the producers without packets) and is put on air: the viewer's
  // player shows the host's tile with a lower third, the control bar and the overlays.
  const host = await mediaSocket(server.url, { as: 'staff', interviewId: 1 }, staff.host.cookie);
  media.push(host);
  await publish(host);
  await must(host, 'program:set', { participantIds: [`u:${hostId}`], layout: 'single' });
  expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
  desk = ioClient(`${server.url}/captions`, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: staff.editor.cookie },
  });
  media.push(desk);
  // The desk offers the host with the account's 职务 (migration 0011) as a speaker.
  const joined = await ask<{ speakers: Array<Speaker & { role: string }> }>('join', { interviewId: 1 });
  expect(joined.speakers.find((s) => s.role === 'host')).toEqual({ ...HOST, role: 'host' });
  portal = await startPortal(server.url, 'demo');
  chromium = await launchChromium();
  browser = chromium.browser;
}, 60_000);
afterAll(async () => {
  for (const s of media) s.close();
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await portal?.close();
  await server?.close();
});

async function page(width: number, height = 900, locale = 'zh-CN'): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: server.url, locale, viewport: { width, height } });
  contexts.push(ctx);
  return ctx.newPage();
}

async function embedded(p: Page): Promise<Frame> {
  await p.goto(portal.url);
  const el = await p.locator('iframe[title="在线访谈"]').elementHandle({ timeout: T });
  return (await el!.contentFrame())!;
}

/** The caption desk (/captions) signed in as the caption editor, as the desk page holds it. */
let desk: Socket;
async function ask<T = any>(event: string, payload: unknown): Promise<T> {
  const r = (await desk.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; data: T; error?: unknown };
  expect(r.ok, `${event}: ${JSON.stringify(r.error)}`).toBe(true);
  return r.data;
}
/** The editor types (a partial viewers see at once); resolves with the line's id. */
const typing = async (text: string, speaker: Speaker = GUEST) => (await ask<{ id: number }>('line', { interviewId: 1, text, speaker })).id;
/** Enter: the line becomes a final cue, acked once on disk. */
const say = (text: string, speaker: Speaker = GUEST) => ask<CuePublic>('send', { interviewId: 1, text, speaker });
const correct = (id: number, text: string) => ask<CuePublic>('correct', { id, text });
const withdraw = (id: number) => ask('withdraw', { id });

/** A photo as an editor's camera gives it: a JPEG, uploaded to the live-text desk's photo route. */
async function photo(alt: string): Promise<number> {
  const jpeg = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#2a6f3e' } }).jpeg().toBuffer();
  const editor = staff.editor;
  const res = await fetch(`${server.url}/api/studio/interviews/1/livetext/photos?alt=${encodeURIComponent(alt)}`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', cookie: editor.cookie, 'x-csrf-token': editor.csrf },
    body: jpeg,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

/** An entry posted on the live-text desk (the demo interview needs no approval: it goes out at once). */
async function postLiveText(text: string, alt: string): Promise<number> {
  const r = await staff.editor.post('/api/studio/interviews/1/livetext', { speaker: GUEST, text, photoIds: [await photo(alt)] });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(r.body.status).toBe('published');
  return r.body.id as number;
}

const overlay = (f: Frame | Page): Locator => f.getByTestId('caption-overlay');
const lines = (f: Frame | Page): Locator => f.getByTestId('transcript-line');
const texts = async (l: Locator) => (await l.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());

async function putOnAir(content: string): Promise<number> {
  const r = await new Client(server.url).post('/api/interviews/demo/questions', { content, nickname: '市民老王' });
  expect(r.status).toBe(201);
  expect((await staff.reviewer.post(`/api/studio/questions/${r.body.id}/transition`, { to: 'approved' })).status).toBe(200);
  expect((await staff.host.post(`/api/studio/questions/${r.body.id}/transition`, { to: 'on_air' })).status).toBe(200);
  return r.body.id as number;
}

/** A picture of what the viewport shows now (the page's top: player and transcript), when SCREENSHOT_DIR asks. */
async function viewportShot(p: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await p.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png` });
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

// One broadcast, in order: each test builds on what the ones before it said, posted and put on air.
describe('the text layer in the embedded viewer', () => {
  it('shows subtitles over the video and in the transcript, the question on air, lower thirds and the live text', async () => {
    questionId = await putOnAir('我家电话13812345678，请问加装电梯的补贴什么时候发放？');
    const p = await page(1280);
    const f = await embedded(p);
    await f.getByTestId('player').waitFor({ timeout: T });

    // On the picture: the question on air (masked, with the asker's name) and the host's lower third.
    const strip = f.getByTestId('onair-strip');
    await expect.poll(() => strip.textContent(), { timeout: T }).toContain('加装电梯的补贴');
    expect(await strip.textContent()).toContain('市民老王');
    expect(await strip.textContent()).not.toContain('13812345678');
    await expect.poll(() => f.getByTestId('lower-third').first().textContent(), { timeout: T }).toContain(HOST.title);
    expect(await f.getByTestId('lower-third').first().textContent()).toContain(HOST.name);

    // A partial shows over the video while typed; the final replaces it (once), and goes into the transcript.
    await f.getByTestId('transcript').waitFor({ timeout: T });
    const lineId = await typing('各位网友大家');
    await expect.poll(() => overlay(f).textContent(), { timeout: T }).toContain('各位网友大家');
    expect(await lines(f).count()).toBe(0);
    const hello = await say('各位网友，大家好。');
    expect(hello.id).toBe(lineId);
    await expect.poll(() => texts(lines(f)), { timeout: T }).toEqual([expect.stringContaining('各位网友，大家好。')]);
    expect(await overlay(f).locator(`[data-cue-id="${lineId}"]`).count()).toBe(1);
    expect(await overlay(f).textContent()).toContain('各位网友，大家好。');
    const first = (await texts(lines(f)))[0]!;
    const clock = `${String(Math.floor(hello.startMs / 60_000)).padStart(2, '0')}:${String(Math.floor(hello.startMs / 1000) % 60).padStart(2, '0')}`;
    expect(first).toContain(clock); // on the broadcast clock
    expect(first).toContain(`${GUEST.name}（${GUEST.title}）`);
    expect(await lines(f).first().locator('time').getAttribute('title')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日.*（北京时间）$/); // wall clock

    // A correction replaces, a withdrawal removes.
    const subsidy = await say('加装电梯补贴将在年底前发放');
    const wrong = await say('这句话说错了');
    await expect.poll(() => lines(f).count(), { timeout: T }).toBe(3);
    await correct(subsidy.id, '加装电梯补贴将在本月底前发放。');
    await withdraw(wrong.id);
    await expect.poll(() => texts(lines(f)), { timeout: T }).toEqual([
      expect.stringContaining('各位网友，大家好。'),
      expect.stringMatching(/加装电梯补贴将在本月底前发放。.*已更正/),
    ]);
    expect(await overlay(f).textContent()).not.toContain('这句话说错了');

    // Pause holds the transcript: the new line is counted, not inserted; resume shows it.
    const pause = f.getByTestId('transcript').getByTestId('feed-pause');
    await pause.click();
    expect(await pause.textContent()).toContain('继续自动更新');
    await say('老旧小区改造明年全面开工。');
    // Finals go to the polite live region, for screen readers (the transcript's pause does not hold them).
    await expect.poll(() => f.getByTestId('caption-live').textContent(), { timeout: T }).toBe('老旧小区改造明年全面开工。');
    await expect.poll(() => f.getByTestId('transcript').getByRole('status').first().textContent(), { timeout: T }).toContain('1 条新内容');
    await expect.poll(() => overlay(f).textContent(), { timeout: T }).toContain('老旧小区改造');
    expect(await lines(f).count()).toBe(2);
    await pause.click();
    await expect.poll(() => lines(f).count(), { timeout: T }).toBe(3);

    // Search filters the lines.
    await f.getByLabel('搜索实录').fill('电梯');
    await expect.poll(() => texts(lines(f)), { timeout: T }).toEqual([expect.stringContaining('本月底前发放')]);
    await f.getByLabel('搜索实录').fill('');
    await expect.poll(() => lines(f).count()).toBe(3);

    // The live text has its own tab: newest first, images lazy with their size and description.
    const entry1 = await postLiveText('访谈开始，张明局长介绍了全区老旧小区改造情况。', '张明局长在演播室');
    const entry2 = await postLiveText('张明局长：加装电梯补贴本月底前发放。', '改造后的小区外景');
    await f.getByRole('tab', { name: /图文直播/ }).click();
    const entries = f.getByTestId('livetext-entry');
    await expect.poll(() => texts(entries), { timeout: T }).toEqual([expect.stringContaining('本月底前发放'), expect.stringContaining('访谈开始')]);
    const img = entries.first().locator('img');
    expect(await img.getAttribute('loading')).toBe('lazy');
    expect(await img.getAttribute('alt')).toBe('改造后的小区外景');
    expect([await img.getAttribute('width'), await img.getAttribute('height')]).toEqual(['640', '360']);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: T }).toBeGreaterThan(0);
    const photoIds = ((await staff.editor.get('/api/studio/interviews/1/livetext')).body as Array<{ id: number; photos: Array<{ id: number }> }>)
      .find((e) => e.id === entry1)!.photos.map((ph) => ph.id);
    const corrected = await staff.editor.put(`/api/studio/livetext/${entry1}`, { speaker: GUEST, text: '访谈开始，张明局长介绍了全区老旧小区改造的总体情况。', photoIds });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect((await staff.editor.post(`/api/studio/livetext/${entry2}/withdraw`, {})).status).toBe(200);
    await expect.poll(() => texts(entries), { timeout: T }).toEqual([expect.stringMatching(/已更正.*总体情况/)]);
    // The questions are one tab away, by keyboard too.
    await f.getByRole('tab', { name: /图文直播/ }).press('ArrowLeft');
    await expect.poll(() => f.getByRole('tab', { name: '网友提问' }).getAttribute('aria-selected')).toBe('true');
    await f.getByRole('tab', { name: /图文直播/ }).click();

    // axe-core: no serious or critical violation with captions on.
    await say('欢迎大家继续提问。');
    await overlay(f).waitFor({ timeout: T });
    // Evaluated, not a <script> tag: the viewer's CSP (script-src 'self') rightly refuses inline scripts.
    await f.evaluate(fs.readFileSync(AXE, 'utf8'));
    const violations = await f.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ html: string }> }> }> } }).axe;
      const r = await axe.run(document);
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
    });
    expect(violations).toEqual([]);
    await screenshotIfAsked(p, 'viewer-text-wide-zh');

    // Answered: the strip leaves the picture.
    expect((await staff.host.post(`/api/studio/questions/${questionId}/transition`, { to: 'answered' })).status).toBe(200);
    await expect.poll(() => strip.count(), { timeout: T }).toBe(0);
  }, 120_000);

  it('remembers the subtitle size across a reload, and turning them off hides them', async () => {
    const p = await page(1280);
    await p.goto('/v/demo');
    const size = p.getByLabel('字幕大小');
    await size.selectOption('large');
    await say('字号应当被记住。');
    await expect.poll(() => overlay(p).getAttribute('data-size'), { timeout: T }).toBe('large');
    await p.reload();
    await expect.poll(() => p.getByLabel('字幕大小').inputValue(), { timeout: T }).toBe('large');
    await say('重新加载后仍是大字幕。');
    await expect.poll(() => overlay(p).getAttribute('data-size'), { timeout: T }).toBe('large');
    await viewportShot(p, 'viewer-text-wide-zh-large');
    const toggle = p.getByTestId('captions-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    await expect.poll(() => overlay(p).count()).toBe(0);
    await p.reload();
    await expect.poll(() => p.getByTestId('captions-toggle').getAttribute('aria-pressed'), { timeout: T }).toBe('false');
    await p.getByTestId('captions-toggle').click();

    // A second track: once it has words, the viewer can choose it, and the choice is remembered too.
    expect((await staff.editor.post('/api/studio/interviews/1/captions/tracks', { lang: 'en', label: 'English' })).status).toBe(201);
    expect(await p.getByLabel('字幕语言').count()).toBe(0);
    const english = await ask<CuePublic>('send', { interviewId: 1, track: 'en', text: 'Good morning, everyone.', speaker: HOST });
    const chooser = p.getByLabel('字幕语言');
    await expect.poll(() => chooser.locator('option').allTextContents(), { timeout: T }).toEqual(['简体中文', 'English']);
    await chooser.selectOption('en');
    await expect.poll(() => overlay(p).textContent(), { timeout: T }).toContain('Good morning, everyone.');
    await expect.poll(() => texts(lines(p)), { timeout: T }).toEqual([expect.stringContaining('Good morning, everyone.')]);
    await p.reload();
    await expect.poll(() => p.getByLabel('字幕语言').inputValue(), { timeout: T }).toBe('en');
    await expect.poll(() => texts(lines(p)), { timeout: T }).toEqual([expect.stringContaining(english.text)]);
    await p.getByLabel('字幕语言').selectOption('zh-CN');
    await expect.poll(async () => (await texts(lines(p))).join('|'), { timeout: T }).toContain('重新加载后仍是大字幕。');
    expect((await texts(lines(p))).join('|')).not.toContain('Good morning');
    // When nobody speaks, the last line leaves the picture after a while (it stays in the transcript).
    await say('这一行稍后会从画面上消失。');
    await expect.poll(() => overlay(p).textContent(), { timeout: T }).toContain('稍后会从画面上消失');
    await expect.poll(() => overlay(p).count(), { timeout: 15_000 }).toBe(0);
    expect((await texts(lines(p))).at(-1)).toContain('稍后会从画面上消失');

    const en = await page(1280, 800, 'en');
    await en.goto('/v/demo?lang=en');
    await en.getByTestId('lower-third').waitFor({ timeout: T });
    await say('The transcript sits beside the player on a wide screen.', HOST);
    await overlay(en).waitFor({ timeout: T });
    await viewportShot(en, 'viewer-text-wide-en');
  }, 60_000);

  it('keeps the subtitles clear of the controls and of the strip at 375 px, and inside full screen', async () => {
    questionId = await putOnAir('小区停车位不够，改造时能不能增加停车位？这个问题困扰我们很久了，希望局长能详细说一说具体的安排和时间表');
    for (const lang of ['zh-CN', 'en'] as const) {
      const p = await page(375, 812, lang);
      await p.goto(`/v/demo${lang === 'en' ? '?lang=en' : ''}`);
      await p.getByTestId('onair-strip').waitFor({ timeout: T });
      await say(lang === 'en' ? 'Parking will be planned with the renovation; the plan goes to residents first.' : '改造时会统筹考虑停车位，能增尽增，具体方案将向居民公示征求意见。', HOST);
      await overlay(p).waitFor({ timeout: T });
      const o = (await overlay(p).boundingBox())!;
      const controls = (await p.getByRole('group', { name: lang === 'en' ? 'Player controls' : '播放控制' }).boundingBox())!;
      const strip = (await p.getByTestId('onair-strip').boundingBox())!;
      const screen = (await p.getByTestId('player-screen').boundingBox())!;
      expect(overlaps(o, controls), `overlay ${JSON.stringify(o)} vs controls ${JSON.stringify(controls)}`).toBe(false);
      expect(overlaps(o, strip), `overlay ${JSON.stringify(o)} vs strip ${JSON.stringify(strip)}`).toBe(false);
      expect(o.x).toBeGreaterThanOrEqual(screen.x);
      expect(o.x + o.width).toBeLessThanOrEqual(screen.x + screen.width + 0.5);
      expect(o.y + o.height).toBeLessThanOrEqual(screen.y + screen.height + 0.5);
      // A phone-sized picture carries the newest line alone, its speaker named.
      await expect.poll(() => overlay(p).locator('[data-cue-id]').count(), { timeout: T }).toBe(1);
      expect(await overlay(p).textContent()).toContain(lang === 'en' ? 'Parking will be planned' : '能增尽增');
      await viewportShot(p, `viewer-text-375-${lang}`);
      // Joined after the entries went out: the live text comes from GET …/livetext.
      await p.getByRole('tab', { name: lang === 'en' ? /Live text/ : /图文直播/ }).click();
      await expect.poll(() => texts(p.getByTestId('livetext-entry')), { timeout: T }).toEqual([expect.stringContaining('总体情况')]);
    }

    // Full screen: the element in full screen holds the subtitles, and they stay clear of the controls.
    const p = await page(1280, 720, 'en');
    await p.goto('/v/demo?lang=en');
    await p.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(() => p.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null), { timeout: T }).toBe('player');
    await say('Subtitles stay on the picture in full screen.', HOST);
    await overlay(p).waitFor({ timeout: T });
    expect(await p.evaluate(() => !!document.fullscreenElement?.querySelector('[data-testid=caption-overlay]'))).toBe(true);
    const o = (await overlay(p).boundingBox())!;
    const controls = (await p.getByRole('group', { name: 'Player controls' }).boundingBox())!;
    expect(overlaps(o, controls)).toBe(false);
    await viewportShot(p, 'viewer-text-fullscreen-en');
  }, 90_000);

  it('keeps the transcript and the live text readable on the interview page after the broadcast', async () => {
    // More lines than a newcomer's socket replays (20): a full transcript can only come from GET …/captions.
    const said: string[] = [];
    for (let i = 1; i <= 16; i++) said.push((await say(`第${i}条补充说明。`)).text);
    const open = await page(1280, 900);
    await open.goto('/v/demo');
    await expect.poll(() => lines(open).count(), { timeout: T }).toBeGreaterThan(20);
    const total = await lines(open).count();

    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'ended' })).status).toBe(200);
    await open.locator('[data-testid=player][data-state=ended]').waitFor({ timeout: T });
    expect(await lines(open).count()).toBe(total);

    for (const lang of ['zh-CN', 'en'] as const) {
      const later = await page(1280, 900, lang);
      await later.goto(`/v/demo${lang === 'en' ? '?lang=en' : ''}`);
      await expect.poll(() => lines(later).count(), { timeout: T }).toBe(total);
      expect((await texts(lines(later))).at(-1)).toContain(said.at(-1));
      await later.getByRole('tab', { name: lang === 'en' ? /Live text/ : /图文直播/ }).click();
      await expect.poll(() => texts(later.getByTestId('livetext-entry')), { timeout: T }).toEqual([expect.stringContaining('总体情况')]);
      await viewportShot(later, `viewer-text-ended-${lang}`);
    }
  }, 90_000);
});
