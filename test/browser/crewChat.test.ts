import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openStudioAs, screenshotIfAsked } from '../helpers/browser.js';
import { ADMIN_PASSWORD, Client, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let admin: Client;

beforeAll(async () => {
  server = await startServer();
  chromium = await launchChromium();
  admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  for (const [username, displayName, role] of [
    ['dir.wang', '王伟', 'director'],
    ['rev.li', '李娜', 'reviewer'],
  ] as const) {
    const r = await admin.post('/api/studio/users', { username, displayName, role, password: `${username}-Pass-2026`, mustChangePassword: false });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

/** Presses Tab until the focused element matches `selector`, as a keyboard user moves through the page. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Serious and critical axe-core findings on the page, as "rule: target" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a <script>: the studio's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    type Result = { passes: unknown[]; violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run: (ctx: unknown) => Promise<Result> } }).axe;
    return axe.run(document);
  });
  // The panel is part of what was checked, and the check ran.
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

const textBox = '.crew-chat textarea';

describe('the crew chat beside the desks', () => {
  it('a director mentions the reviewers by keyboard; the reviewer, on another page, sees it highlighted and announced', async () => {
    const director = await openStudioAs(chromium.browser, server.url, 'dir.wang', 'dir.wang-Pass-2026');
    await director.getByRole('navigation', { name: '主导航' }).waitFor();
    await director.goto('/studio/#/interviews/1/director');
    const reviewer = await openStudioAs(chromium.browser, server.url, 'rev.li', 'rev.li-Pass-2026', 'en');
    await reviewer.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await reviewer.goto('/studio/#/interviews/1/review');
    await reviewer.locator('.crew-chat .toggle[aria-expanded=false]').waitFor();
    for (const page of [director, reviewer]) page.setDefaultTimeout(10_000);
    // The desk's own live connection shares the socket with the chat's, and still connects.
    await reviewer.locator('.page-head').getByText('Live updates connected').waitFor();

    // The director opens the panel and writes with the keyboard alone: Tab, Enter, @ picker, Enter.
    await director.locator('.crew-chat .toggle').waitFor();
    await tabTo(director, '.crew-chat .toggle');
    await director.keyboard.press('Enter');
    expect(await director.locator('.crew-chat .toggle').getAttribute('aria-expanded')).toBe('true');
    await director.locator('.crew-chat').getByText('仅工作人员可见，观众看不到。').waitFor();
    await tabTo(director, textBox);
    await director.keyboard.type('@审');
    const option = director.locator('.crew-chat').getByRole('option', { name: /@审核员/ });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await director.locator('.crew-chat').getByRole('option').count()).toBe(1);
    await screenshotIfAsked(director, 'crew-chat-picker-zh');
    await director.keyboard.press('Enter');
    expect(await director.locator(textBox).inputValue()).toBe('@审核员 ');
    await director.keyboard.type('请看第3条');
    await director.keyboard.press('Enter');
    await director.locator('.crew-chat article', { hasText: '请看第3条' }).waitFor();
    await expect.poll(() => director.locator(textBox).inputValue()).toBe('');

    // The reviewer's panel is collapsed: the count says one unread that mentions them, and a screen reader hears it.
    const toggle = reviewer.locator('.crew-chat .toggle');
    await toggle.getByText('1 unread, 1 mentioning you').waitFor();
    await screenshotIfAsked(reviewer, 'crew-chat-unread-en');
    await expect.poll(() => reviewer.locator('.crew-chat [aria-live=polite]').textContent()).toBe('王伟 (Director) mentioned you: @审核员 请看第3条');
    await tabTo(reviewer, '.crew-chat .toggle');
    await reviewer.keyboard.press('Enter');
    const mention = reviewer.locator('.crew-chat article', { hasText: '请看第3条' });
    await mention.waitFor();
    expect(await mention.getAttribute('class')).toContain('for-me');
    await mention.getByText('Mentions you').waitFor();
    expect(await mention.locator('strong.mention').textContent()).toBe('@审核员');
    expect(await toggle.getByText(/unread/).count()).toBe(0);

    // The reviewer answers on two lines (Shift+Enter) and mentions the director back through the picker.
    await tabTo(reviewer, textBox);
    await reviewer.keyboard.type('On it');
    await reviewer.keyboard.press('Shift+Enter');
    await reviewer.keyboard.type('@dir');
    await reviewer.locator('.crew-chat').getByRole('option', { name: /@director/ }).waitFor();
    await reviewer.keyboard.press('Enter');
    await reviewer.keyboard.type('approved');
    await reviewer.keyboard.press('Enter');
    const reply = director.locator('.crew-chat article', { hasText: 'approved' });
    await reply.waitFor();
    expect(await reply.getAttribute('class')).toContain('for-me');
    expect(await reply.locator('.text').textContent()).toBe('On it\n@director approved');
    await reply.getByText('提到你').waitFor();

    // A refused message keeps its text and says why, in the server's words.
    await reviewer.locator(textBox).focus();
    await reviewer.keyboard.insertText('x'.repeat(1001));
    await reviewer.keyboard.press('Enter');
    await reviewer.locator('.crew-chat').getByText('Not sent: The message must be at most 1000 characters.', { exact: false }).waitFor();
    expect(await reviewer.locator(textBox).inputValue()).toHaveLength(1001);
    expect(await reviewer.locator(textBox).getAttribute('aria-invalid')).toBe('true');

    expect(await axeViolations(director), 'director page').toEqual([]);
    expect(await axeViolations(reviewer), 'review page').toEqual([]);
    await screenshotIfAsked(director, 'crew-chat-director-zh');
    await screenshotIfAsked(reviewer, 'crew-chat-review-en');

    // The broadcast ends: both panels turn read-only, and the history stays.
    await admin.patch('/api/studio/interviews/1', { status: 'live' });
    await admin.patch('/api/studio/interviews/1', { status: 'ended' });
    await director.locator('.crew-chat').getByText('访谈已结束，内部沟通只能查看，不能再发送。').waitFor();
    await reviewer.locator('.crew-chat').getByText('The interview has ended: the crew chat is read-only.').waitFor();
    expect(await director.locator(textBox).count()).toBe(0);
    expect(await director.locator('.crew-chat article').count()).toBe(2);
    await screenshotIfAsked(director, 'crew-chat-ended-zh');
  }, 90_000);
});
