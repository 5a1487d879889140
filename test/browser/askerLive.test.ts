import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium, startPortal } from '../helpers/browser.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

// The asker's own view (我的提问) follows every decision on their question as it is made: in the panel of
// the embedded viewer and on their ticket page, without a reload.

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let portal: Awaited<ReturnType<typeof startPortal>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  portal = await startPortal(server.url, 'demo');
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await chromium?.close();
  await portal?.close();
  await server?.close();
});

// Well under the 30–60 s the old polling took: the change must be pushed.
const LIVE = { timeout: 10_000 };

async function idOf(content: string): Promise<number> {
  const list = (await staff.reviewer.get('/api/studio/interviews/1/questions')).body as Array<{ id: number; originalContent: string }>;
  const q = list.find((x) => x.originalContent === content);
  if (!q) throw new Error(`no question "${content}"`);
  return q.id;
}

async function move(id: number, body: Record<string, unknown>, as: 'reviewer' | 'host' = 'reviewer') {
  const r = await staff[as].post(`/api/studio/questions/${id}/transition`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** Marks a frame's document, so a reload (which would drop the mark) is noticed. */
async function markNoReload(frame: Frame | Page): Promise<() => Promise<boolean>> {
  await frame.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  return () => frame.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

describe('the asker sees decisions on their question as they happen', () => {
  it('updates the 我的提问 panel in the embedded viewer on a rejection and a merge, and follows the merged-with question', async () => {
    // Another netizen's question, approved: the one the asker's duplicate will be merged with.
    const target = '老旧小区加装电梯，一楼住户的补偿标准是什么？';
    expect((await new Client(server.url).post('/api/interviews/demo/questions', { content: target })).status).toBe(201);
    const targetId = await idOf(target);
    await move(targetId, { to: 'approved' });

    const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
    await page.goto(portal.url);
    const frame = page.frameLocator('iframe[title="在线访谈"]');
    await frame.locator('h1').filter({ hasText: '老旧小区' }).waitFor();

    const ask = async (content: string) => {
      await frame.getByLabel('您的问题').fill(content);
      await frame.getByRole('button', { name: '提交问题' }).click();
      await frame.getByRole('button', { name: '继续提问' }).click();
    };
    const rejected = '我想问问彩票中奖怎么兑奖';
    const duplicate = '加装电梯一楼怎么补偿？';
    await ask(rejected);
    await ask(duplicate);
    const panel = frame.locator('.mine');
    const item = (content: string) => panel.locator('li').filter({ hasText: content });
    await item(rejected).getByText('待审核').waitFor();
    await item(duplicate).getByText('待审核').waitFor();
    const viewerFrame = page.frames().find((f) => f.url().startsWith(`${server.url}/v/`))!;
    const sameDocument = await markNoReload(viewerFrame);

    await move(await idOf(rejected), { to: 'rejected', reason: '与访谈主题无关' });
    await item(rejected).getByText('未予发布').waitFor(LIVE);
    await item(rejected).getByText('说明：与访谈主题无关').waitFor(LIVE);

    await move(await idOf(duplicate), { to: 'merged', mergeInto: targetId });
    const merged = item(duplicate);
    await merged.getByText('已合并').waitFor(LIVE);
    await merged.getByText('与之合并的相同问题').waitFor();
    await merged.getByText(target).waitFor();
    await merged.getByText('该问题的状态：已通过').waitFor();
    expect(await merged.textContent()).not.toContain('未予发布');

    // The merged-with question goes on air, then is answered: the asker's panel follows it.
    await move(targetId, { to: 'on_air' }, 'host');
    await merged.getByText('该问题的状态：正在回答').waitFor(LIVE);
    await move(targetId, { to: 'answered' }, 'host');
    await merged.getByText('该问题的状态：已回答').waitFor(LIVE);
    expect(await sameDocument()).toBe(true);
    await page.close();
  });

  it('updates the ticket page on a merge and an edit, and shows the original wording to its holder', async () => {
    const netizen = new Client(server.url, 'en');
    const target = 'When will the No. 12 bus reach the new district?';
    expect((await netizen.post('/api/interviews/demo/questions', { content: target })).status).toBe(201);
    const targetId = await idOf(target);

    const mine = 'bus 12 new district when?? call me 13912345678';
    const asked = await netizen.post('/api/interviews/demo/questions', { content: mine });
    expect(asked.status).toBe(201);
    const editedOne = await netizen.post('/api/interviews/demo/questions', { content: 'pls pls fix the road near school!!!' });

    const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
    await page.goto(`${server.url}/q/${asked.body.ticket}?lang=en`);
    await page.getByText('Awaiting review').waitFor();
    const sameDocument = await markNoReload(page);

    // Merged with a question still under review: its wording is not shown yet.
    await move(asked.body.id, { to: 'merged', mergeInto: targetId });
    await page.getByText('Merged', { exact: true }).waitFor(LIVE);
    await page.getByText('That question is still being reviewed').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(target);
    await move(targetId, { to: 'approved' });
    await page.getByText(target).waitFor(LIVE);
    await page.getByText('Its status: Approved').waitFor();
    await move(targetId, { to: 'on_air' }, 'host');
    await page.getByText('Its status: Being answered now').waitFor(LIVE);
    expect(await sameDocument()).toBe(true);

    // A reviewer edits another question's wording: its ticket page says so and shows what was written.
    const other = await browser.newPage({ viewport: { width: 375, height: 900 } });
    await other.goto(`${server.url}/q/${editedOne.body.ticket}`);
    await other.getByText('待审核').waitFor();
    await move(editedOne.body.id, { to: 'approved', publicContent: '学校附近的道路何时修缮？' });
    await other.getByText('审核人员修改了您问题的公开文字。').waitFor(LIVE);
    await other.getByText('您提交的原文（仅您本人可见）').waitFor();
    await other.getByText('pls pls fix the road near school!!!').waitFor();
    await other.getByText('学校附近的道路何时修缮？').waitFor();
    await other.close();
    await page.close();
  });
});
