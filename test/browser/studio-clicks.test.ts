import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

// What a host and a reviewer meet with the mouse and the keyboard during a show: one click acts, notices go
// away, toasts leave the buttons free, the counts agree, Ctrl+Enter saves.

const T = 15_000;
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
const contexts: BrowserContext[] = [];
let slugs = 0;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  chromium = await launchChromium();
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await server?.close();
});

/** A scheduled interview of its own, so each scenario sees only its own questions. */
async function newInterview(): Promise<{ id: number; slug: string }> {
  const slug = `clicks-${++slugs}`;
  const start = new Date(Date.now() + 3600_000);
  const created = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `点击测试 ${slugs}`,
    unit: '区政府办公室',
    scheduledStart: start.toISOString(),
    scheduledEnd: new Date(start.getTime() + 3600_000).toISOString(),
  });
  expect(created.status).toBe(201);
  const scheduled = await staff.admin.patch(`/api/studio/interviews/${created.body.id}`, { status: 'scheduled' });
  expect(scheduled.status).toBe(200);
  return { id: created.body.id, slug };
}

async function ask(slug: string, content: string): Promise<number> {
  const r = await new Client(server.url).post(`/api/interviews/${slug}/questions`, { content });
  expect(r.status).toBe(201);
  return r.body.id as number;
}

async function move(who: Client, id: number, body: Record<string, unknown>): Promise<void> {
  const r = await who.post(`/api/studio/questions/${id}/transition`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function statusOf(interviewId: number, id: number): Promise<{ status: string; publicContent: string }> {
  const r = await staff.admin.get(`/api/studio/interviews/${interviewId}/questions`);
  return r.body.find((q: { id: number }) => q.id === id);
}

async function signedIn(username: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const ctx = await chromium.browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport });
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto('/studio/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(`${username.replace(/1$/, '')}-password-1`);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: T });
  return page;
}

const card = (page: Page, id: number) => page.locator(`article[data-qid="${id}"]`);
/** The id of the selected card, read without waiting (a card may be out of the list). */
const selectedId = (page: Page) => page.evaluate(() => Number(document.querySelector<HTMLElement>('article[aria-current=true]')?.dataset.qid ?? NaN));

/**
 * Presses and releases the real mouse where the control is before the press, as a person does: the press may
 * change the page, the release lands wherever the pointer is.
 */
async function pressAndRelease(page: Page, control: Locator): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  const box = (await control.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  // Give the page every chance to react to the press (focus, selection, re-render) before the release.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.mouse.up();
}

/**
 * The controls a toast hides: points inside a toast where, with the toast out of the way, the pointer would
 * reach a button, link or field. A control that is merely scrolled under the top bar does not count.
 */
function coveredControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const CONTROLS = 'button, a[href], input, select, textarea, summary, [role=button]';
    // A toast is a message with its own dismiss button.
    const toasts = [...document.querySelectorAll<HTMLElement>('button[aria-label="关闭提示"]')].map((b) => b.parentElement!);
    const inToast = (el: Element) => toasts.some((t) => t.contains(el));
    // A box that holds nothing but toasts is part of them; one that holds other controls (a top bar) is not.
    const onlyToasts = (el: Element) => toasts.some((t) => el.contains(t)) && [...el.querySelectorAll(CONTROLS)].every(inToast);
    const covered = new Set<string>();
    for (const toast of toasts) {
      const r = toast.getBoundingClientRect();
      for (let x = r.left + 2; x < r.right - 1; x += 12) {
        for (let y = r.top + 2; y < r.bottom - 1; y += 8) {
          const hit = document.elementFromPoint(x, y);
          if (!hit || !inToast(hit)) continue;
          const hidden: HTMLElement[] = [];
          let under: Element | null = hit;
          while (under && (inToast(under) || onlyToasts(under)) && under instanceof HTMLElement) {
            hidden.push(under);
            under.style.visibility = 'hidden';
            under = document.elementFromPoint(x, y);
          }
          for (const el of hidden) el.style.visibility = '';
          const control = under?.closest<HTMLElement>(CONTROLS);
          if (control && !inToast(control)) covered.add(`${control.tagName} "${control.textContent?.trim()}"`);
        }
      }
    }
    return [...covered];
  });
}

describe('host page: one click on a question that is not selected acts', () => {
  it('queues, puts on air and defers with a single press and release, while selecting the card moves the layout', async () => {
    const { id, slug } = await newInterview();
    const [a, b, c, d] = [
      await ask(slug, '老旧小区加装电梯的补贴什么时候发放？'),
      await ask(slug, '公交线路调整后学生上学怎么办？'),
      await ask(slug, '社区医院能不能延长周末门诊时间？'),
      await ask(slug, '垃圾分类的投放点能不能离小区近一些？'),
    ];
    for (const q of [a, b, c, d]) await move(staff.reviewer, q, { to: 'approved' });
    await move(staff.host, d, { to: 'queued' });

    const page = await signedIn('host1');
    await page.goto(`/studio/#/interviews/${id}/host`);
    await card(page, c).waitFor({ timeout: T });
    // The host is looking at the first approved question: it is selected (shortcut hints, its history row).
    await card(page, a).locator('.text').click();
    await expect.poll(() => selectedId(page)).toBe(a);

    // 转书面答复 sits right of 开始提问, which gains its "Enter" hint the moment the card is selected.
    await pressAndRelease(page, card(page, c).getByRole('button', { name: '转书面答复' }));
    await expect.poll(async () => (await statusOf(id, c)).status, { timeout: T }).toBe('deferred');

    await card(page, a).locator('.text').click();
    await pressAndRelease(page, card(page, b).getByRole('button', { name: '加入队列' }));
    await expect.poll(async () => (await statusOf(id, b)).status, { timeout: T }).toBe('queued');

    // From the queue: the first queued card is selected, the next one's 开始提问 is pressed.
    await card(page, d).locator('.text').click();
    await pressAndRelease(page, card(page, b).getByRole('button', { name: '开始提问' }));
    await expect.poll(async () => (await statusOf(id, b)).status, { timeout: T }).toBe('on_air');
    await expect.poll(() => selectedId(page)).toBe(b);

    // Focus that comes from the keyboard still selects at once.
    await card(page, d).focus();
    await expect.poll(() => selectedId(page)).toBe(d);
  }, 60_000);
});

describe('review page: one click on a question that is not selected acts', () => {
  it('follows "查看 #N" on a duplicate below the selected question with a single press and release', async () => {
    const { id, slug } = await newInterview();
    const original = await ask(slug, '小区门口的路灯坏了很久了，什么时候能修好？');
    await move(staff.reviewer, original, { to: 'approved' });
    await ask(slug, '学校周边的交通秩序能否加强管理？');
    await ask(slug, '农贸市场改造期间摊位如何安置？');
    const dup = await ask(slug, '小区门口的路灯坏了很久了，什么时候能修好？');

    const page = await signedIn('reviewer1');
    await page.goto(`/studio/#/interviews/${id}/review`);
    // The oldest pending question is selected, with its decision buttons and history open above the duplicate.
    await page.getByRole('button', { name: '通过 A' }).waitFor({ timeout: T });
    await pressAndRelease(page, card(page, dup).getByRole('button', { name: `查看 #${original}` }));
    await expect.poll(() => selectedId(page), { timeout: T }).toBe(original);
    expect(await page.getByRole('button', { name: /^全部/ }).getAttribute('aria-pressed')).toBe('true');
  }, 60_000);
});

describe('notices and toasts', () => {
  it('lets the reorder notice go away by itself, and at once when dismissed, politely announced', async () => {
    const { id, slug } = await newInterview();
    const [a, b, c] = [await ask(slug, '第一个排队的问题'), await ask(slug, '第二个排队的问题'), await ask(slug, '第三个排队的问题')];
    for (const q of [a, b, c]) {
      await move(staff.reviewer, q, { to: 'approved' });
      await move(staff.host, q, { to: 'queued' });
    }
    const page = await signedIn('host1');
    await page.goto(`/studio/#/interviews/${id}/host`);
    await card(page, a).getByRole('button', { name: /下移/ }).click();
    const notice = page.getByText(`#${a} 已移到第 2 位`);
    await notice.first().waitFor({ state: 'attached', timeout: T });
    expect(await page.locator('[aria-live=polite], [role=status]').filter({ hasText: `#${a} 已移到第 2 位` }).count()).toBeGreaterThan(0);
    await expect.poll(() => notice.count(), { timeout: 20_000, interval: 500 }).toBe(0);

    await card(page, c).getByRole('button', { name: /上移/ }).click();
    const second = page.getByTestId('toast').filter({ hasText: `#${c} 已移到第 2 位` });
    await second.waitFor({ timeout: T });
    await second.getByRole('button', { name: '关闭提示' }).click();
    expect(await page.getByText(`#${c} 已移到第 2 位`).count()).toBe(0);
  }, 60_000);

  it('shows toasts where they cover no button, link or field, at any scroll position', async () => {
    const { id, slug } = await newInterview();
    const ids: number[] = [];
    for (let i = 1; i <= 9; i++) ids.push(await ask(slug, `第 ${i} 个已通过、等待排队的问题，内容足够长，能占满一行的宽度`));
    for (const q of ids) await move(staff.reviewer, q, { to: 'approved' });

    const page = await signedIn('host1', { width: 1280, height: 720 });
    await page.goto(`/studio/#/interviews/${id}/host`);
    await card(page, ids[8]!).waitFor({ timeout: T });
    // Off the network, a press fails and leaves an error toast that stays until dismissed.
    await page.context().setOffline(true);
    await card(page, ids[0]!).getByRole('button', { name: '加入队列' }).press('Enter');
    await page.getByRole('button', { name: '关闭提示' }).first().waitFor({ timeout: T });
    const height = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
    expect(height).toBeGreaterThan(200);
    for (let y = 0; y <= height + 60; y += 60) {
      await page.evaluate((top) => scrollTo(0, top), y);
      expect(await coveredControls(page), `scrolled to ${y}`).toEqual([]);
    }
    await page.context().setOffline(false);
  }, 60_000);
});

describe('review page: counts and the edit box', () => {
  it('counts each tab as the sidebar does, with a merged question present', async () => {
    const { id, slug } = await newInterview();
    const approved = await ask(slug, '供暖季什么时候开始？');
    const rejected = await ask(slug, '与访谈无关的广告内容');
    const merged = await ask(slug, '今年供暖季什么时候开始呀？');
    await ask(slug, '社区养老服务点怎么申请？');
    await move(staff.reviewer, approved, { to: 'approved' });
    await move(staff.reviewer, rejected, { to: 'rejected', reason: '与访谈主题无关' });
    await move(staff.reviewer, merged, { to: 'merged', mergeInto: approved });

    const page = await signedIn('reviewer1');
    await page.goto(`/studio/#/interviews/${id}/review`);
    const sidebar = page.getByRole('complementary', { name: '概况' });
    await card(page, approved).or(page.locator('article').first()).first().waitFor({ timeout: T });
    for (const [tab, n] of [['待审核', 1], ['已通过', 1], ['未通过', 2], ['全部', 4]] as const) {
      const button = page.getByRole('button', { name: new RegExp(`^${tab}`) });
      await expect.poll(async () => (await button.locator('.count').textContent())?.trim(), { timeout: T }).toBe(String(n));
      const row = sidebar.locator('dt').filter({ hasText: new RegExp(`^\\s*${tab}\\s*$`) });
      expect(await row.count(), `sidebar row ${tab}`).toBe(1);
      expect((await row.locator('xpath=following-sibling::dd[1]').textContent())?.trim(), `sidebar count ${tab}`).toBe(String(n));
      await button.click();
      await expect.poll(() => page.locator('article[data-qid]').count()).toBe(n);
    }
  }, 60_000);

  it('saves the edited wording with Ctrl+Enter, and says so next to the button', async () => {
    const { id, slug } = await newInterview();
    const q = await ask(slug, '请问区里的老年食堂在哪里，几点开门');
    const page = await signedIn('reviewer1');
    await page.goto(`/studio/#/interviews/${id}/review`);
    await page.getByRole('button', { name: '通过 A' }).waitFor({ timeout: T });
    await page.keyboard.press('e');
    const box = page.getByLabel('公开文本（网友可见，原文保留）');
    await box.waitFor({ timeout: T });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    const form = page.locator('form').filter({ has: box });
    await box.fill('请问区里的老年食堂在哪里？几点开门？');
    await box.press('Control+Enter');
    await expect.poll(async () => (await statusOf(id, q)).status, { timeout: T }).toBe('approved');
    expect((await statusOf(id, q)).publicContent).toBe('请问区里的老年食堂在哪里？几点开门？');
    // The hint, on the next question's edit box.
    await ask(slug, '区图书馆周末开放吗');
    await page.getByRole('button', { name: '通过 A' }).waitFor({ timeout: T });
    await page.keyboard.press('e');
    expect(await form.getByText(/Ctrl\s*\+\s*Enter/).count()).toBeGreaterThan(0);
  }, 60_000);
});
