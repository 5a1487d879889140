// Node side of the media benchmark's browsers: bundles the page scripts, launches Debian's Chromium with
// a fake camera and microphone, and opens the publisher page. Page code is bundled by esbuild and
// injected as text (never page.evaluate(fn)): tsx rewrites functions with helpers the page lacks.
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { LayerStats } from './media-publisher.js';
import { ADMIN_PASSWORD, REPO } from './servers.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/** One of bench/lib/media-{publisher,probe}.ts as a self-contained script. */
/** The stand-in origin of bridge-mode pages (never contacted: playwright answers for it). */
export const BRIDGE_ORIGIN = 'http://127.0.0.1:9';

export async function bundle(name: 'media-publisher' | 'media-probe'): Promise<string> {
  const out = await build({
    entryPoints: [path.join(REPO, 'bench/lib', `${name}.ts`)],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
}

export interface PublisherPage {
  context: BrowserContext;
  page: Page;
  /** What this Chromium accepts as a receiver (used to make bot consumers look like a browser's). */
  recvRtpCapabilities: unknown;
  layers(): Promise<LayerStats[]>;
  bweKbps(): Promise<number>;
  clock(): Promise<number>;
}

/**
 * A Chromium page publishing camera (3 simulcast layers) and microphone. 'server': on the server's own
 * origin, signed in as admin, through `/media`, then put on air. 'bridge': on a stand-in loopback origin
 * (a secure context, needed for getUserMedia), signalling through `signal` in the bench process.
 */
export async function openPublisher(
  browser: Browser,
  mode: { server: string } | { signal: (event: string, payload: unknown) => Promise<unknown> },
): Promise<PublisherPage & { csrf: string }> {
  const base = 'server' in mode ? mode.server : BRIDGE_ORIGIN;
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  let csrf = '';
  if ('server' in mode) {
    const r = await context.request.post('/api/auth/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
    if (!r.ok()) throw new Error(`admin login: ${r.status()} ${await r.text()}`);
    csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
  }
  await context.route(`${base}/__bench/publisher`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>bench publisher</title><body></body>' }),
  );
  if ('signal' in mode) await context.exposeFunction('__benchSignal', mode.signal);
  const page = await benchPage(context, base);
  const started = (await page.evaluate(`window.__benchPublisher.publish(${JSON.stringify('server' in mode ? 'server' : 'bridge')})`)) as {
    recvRtpCapabilities: unknown;
  };
  return {
    context,
    page,
    csrf,
    recvRtpCapabilities: started.recvRtpCapabilities,
    layers: () => page.evaluate('window.__benchPublisher.layers()') as Promise<LayerStats[]>,
    bweKbps: () => page.evaluate('window.__benchPublisher.bweKbps()') as Promise<number>,
    clock: () => page.evaluate('window.__benchPublisher.clock()') as Promise<number>,
  };
}

/** A blank page of the context's stand-in origin with the publisher script loaded (it does nothing by itself). */
export async function benchPage(context: BrowserContext, base: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('bench page error:', e.message));
  await page.goto(`${base}/__bench/publisher`);
  await page.addScriptTag({ content: await bundle('media-publisher') });
  return page;
}

/**
 * How far a page's machine clock (timeOrigin + now) is from this process's, in ms (page − bench): the
 * midpoint of a few round trips, best of them. Each page is its own renderer process.
 */
export async function clockOffset(read: () => Promise<number>): Promise<number> {
  const nodeClock = () => (performance.timeOrigin + performance.now()) % 2 ** 32;
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 7; i++) {
    const t0 = nodeClock();
    const page = await read();
    const t1 = nodeClock();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: page - (t0 + t1) / 2 };
  }
  return best.offset;
}
