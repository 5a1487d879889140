import http from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

/**
 * Debian's chromium, headless; playwright gives every launch a fresh, temporary user-data dir. `env` is
 * added to the browser process's environment (e.g. `{ TZ: 'UTC' }` for a desktop set to another zone).
 */
export async function launchChromium(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, ...extraArgs],
    ...(Object.keys(env).length > 0 && { env: { ...process.env, ...env } as Record<string, string> }),
  });
  return { browser, close: () => browser.close() };
}

/** Signs in to the studio in Chinese, as staff do, and waits for the main navigation. */
export async function signInToStudio(page: Page, username: string, password: string, timeout = 30_000): Promise<void> {
  await page.goto('/studio/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout });
}

/**
 * A fresh browser context in one language (remembered by the studio as a user who chose it once would have),
 * on the studio's sign-in page, with the credentials sent. It does not wait for what follows: the studio, a
 * forced password change or an error, which the caller looks for.
 */
export async function openStudioAs(browser: Browser, baseURL: string, username: string, password: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: lang, viewport: { width: 1280, height: 860 } });
  await context.addInitScript((l) => localStorage.setItem('fangtan.studio.lang', l), lang);
  const page = await context.newPage();
  await page.goto('/studio/');
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(username);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录', exact: true }).click();
  return page;
}

/** Saves a full-page screenshot under SCREENSHOT_DIR when it is set (to look at by hand), else nothing. */
export async function screenshotIfAsked(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** A stand-in government portal on its own origin that embeds the viewer with the documented snippet. */
export async function startPortal(fangtanUrl: string, slug: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某区人民政府门户网站</title></head>
<body><header><h1>某区人民政府 · 在线访谈</h1></header>
<main><p>门户正文</p><script src="${fangtanUrl}/embed.js" data-interview="${slug}"></script><p id="after">门户页脚</p></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Follows a link of the studio's top bar as a user does: when the link sits in a closed menu (年度工作, 系统管理),
 * the menu's button is clicked first.
 */
export async function followNav(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: /^(主导航|Main navigation)$/ });
  const link = nav.getByRole('link', { name, exact: true });
  await nav.getByRole('link').first().waitFor();
  if (!(await link.isVisible())) {
    const menu = nav.locator('.nav-menu').filter({ has: page.locator('a', { hasText: new RegExp(`^${name}$`) }) });
    await menu.getByRole('button').click();
  }
  await link.click();
}
