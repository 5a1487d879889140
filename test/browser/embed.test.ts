import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, startPortal } from '../helpers/browser.js';
import { startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let portal: Awaited<ReturnType<typeof startPortal>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  await staffClients(server.url); // creates reviewer1 / reviewer-password-1
  portal = await startPortal(server.url, 'demo');
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await chromium?.close();
  await portal?.close();
  await server?.close();
});

describe('a netizen asks in the embedded viewer, a reviewer approves in the studio', () => {
  it('shows the approved question in the portal page without a reload', async () => {
    const netizen = await browser.newPage();
    await netizen.goto(portal.url);
    // The portal is on another origin than fangtan: the embed script inserts an iframe there.
    expect(new URL(portal.url).origin).not.toBe(new URL(server.url).origin);
    const frame = netizen.frameLocator('iframe[title="在线访谈"]');
    await frame.locator('h1').filter({ hasText: '老旧小区' }).waitFor();
    const iframeHeight = await netizen.locator('iframe[title="在线访谈"]').evaluate((f) => f.getBoundingClientRect().height);
    expect(iframeHeight).toBeGreaterThan(300); // sized to its content by postMessage

    // Bad input first: the field's reason shows and the typed question stays.
    const question = '加装电梯后一楼住户的补偿怎么算？我电话13812345678';
    await frame.getByLabel('您的问题').fill(question);
    await frame.getByLabel('联系方式（选填）').fill('12345');
    await frame.getByRole('button', { name: '提交问题' }).click();
    await expect.poll(() => frame.locator('#ask-contact-error').textContent()).toContain('手机号');
    expect(await frame.getByLabel('您的问题').inputValue()).toBe(question);

    await frame.getByLabel('联系方式（选填）').fill('13812345678');
    await frame.getByRole('button', { name: '提交问题' }).click();
    await frame.getByRole('heading', { name: '提问已提交' }).waitFor();
    expect(await frame.locator('#copy-link').inputValue()).toMatch(new RegExp(`^${server.url}/q/`));
    await frame.locator('.mine').getByText('待审核').waitFor();
    const publicList = frame.locator('.questions');
    expect(await publicList.getByText('加装电梯后一楼住户').count()).toBe(0);

    // The reviewer, in the studio, in another browser context.
    const reviewerContext = await browser.newContext();
    const studio = await reviewerContext.newPage();
    await studio.goto(`${server.url}/studio/`);
    await studio.getByLabel('用户名').fill('reviewer1');
    await studio.getByLabel('密码').fill('reviewer-password-1');
    await studio.getByRole('button', { name: '登录' }).click();
    await studio.getByRole('link', { name: /审核/ }).first().click();
    const card = studio.getByText('加装电梯后一楼住户').first();
    await card.waitFor();
    await studio.getByRole('button', { name: /^通过/ }).click();

    // Live in the portal's iframe, masked, no reload.

    await publicList.getByText('加装电梯后一楼住户的补偿怎么算？我电话138****5678').waitFor({ timeout: 10_000 });
    await frame.locator('.mine').getByText('已通过').waitFor({ timeout: 10_000 });
    expect(await frame.locator('body').textContent()).not.toContain('13812345678');
    await reviewerContext.close();
    await netizen.close();
  });
});
