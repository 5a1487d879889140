import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, MEDIA_ARGS } from '../helpers/browser.js';
import { mediaSocket, must } from '../helpers/media.js';
import { ADMIN_PASSWORD, Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

const T = 30_000;
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;

beforeAll(async () => {
  // The server offers no UDP candidate at all: what a viewer behind a UDP-blocking firewall gets.
  server = await startServer({ MEDIA_WORKERS: '1', MEDIA_UDP: '0' });
  await staffClients(server.url);
  chromium = await launchChromium(MEDIA_ARGS);
  browser = chromium.browser;
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function page(): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' });
  // Lets the test read which candidate pair the viewer's connection chose.
  await ctx.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = [];
    window.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.push(this);
      }
    };
  });
  return ctx.newPage();
}

describe('networks that block UDP', () => {
  it('still get the broadcast, over ICE-TCP', async () => {
    const host = await page();
    await host.goto('/studio/');
    await host.getByLabel('用户名').fill('host1');
    await host.getByLabel('密码').fill('host-password-1');
    await host.getByRole('button', { name: '登录' }).click();
    await host.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: T });
    await host.goto('/studio/#/interviews/1/stage');
    await host.locator('[data-testid=media-status][data-phase=connected]').waitFor({ timeout: T });
    await host.getByRole('button', { name: '开启摄像头和麦克风' }).click();
    await host.getByLabel('摄像头', { exact: true }).waitFor({ timeout: T });
    await host.getByRole('button', { name: '上台', exact: true }).click();
    await host.locator('[data-testid=stage-standing][data-standing=stage]').waitFor({ timeout: T });

    const api = new Client(server.url);
    await api.login('admin', ADMIN_PASSWORD);
    const hostId = (await api.get('/api/studio/users')).body.find((u: { username: string }) => u.username === 'host1').id;
    // The director's choices, through the same signalling the director page uses.
    const directorSocket = await mediaSocket(server.url, { as: 'staff', interviewId: 1 }, api.cookie);
    await must(directorSocket, 'program:set', { participantIds: [`u:${hostId}`], layout: 'single' });
    expect((await api.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);

    const viewer = await page();
    await viewer.goto('/v/demo');
    await viewer.locator('[data-testid=player][data-state=playing]').waitFor({ timeout: T });
    const decoded = () =>
      viewer.evaluate(() =>
        (window as unknown as { __fangtanPlayer: { stats(): Promise<{ videoFramesDecoded: number }> } }).__fangtanPlayer.stats(),
      );
    await expect.poll(async () => (await decoded()).videoFramesDecoded, { timeout: T }).toBeGreaterThan(10);
    const protocols = await viewer.evaluate(async () => {
      const out: string[] = [];
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
        const stats = await pc.getStats();
        stats.forEach((s) => {
          if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) {
            const remote = stats.get(s.remoteCandidateId);
            out.push(remote?.protocol);
          }
        });
      }
      return out;
    });
    expect(protocols.length).toBeGreaterThan(0);
    expect(new Set(protocols)).toEqual(new Set(['tcp']));
    directorSocket.close();
  }, 120_000);
});
