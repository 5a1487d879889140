import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

describe('the site’s clock', () => {
  it('tells every page, without an account, which zone its times are on: Beijing time by default', async () => {
    const r = await fetch(`${server.url}/api/site`, { headers: { origin: 'https://www.example.gov.cn' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ timeZone: 'Asia/Shanghai' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('takes SITE_TIMEZONE as an IANA zone in its canonical spelling', () => {
    expect(loadConfig({ SITE_TIMEZONE: 'europe/berlin' }).SITE_TIMEZONE).toBe('Europe/Berlin');
    expect(loadConfig({ SITE_TIMEZONE: 'UTC' }).SITE_TIMEZONE).toBe('UTC');
  });

  it('stops at start on a zone that is not one, naming the setting', () => {
    for (const bad of ['+08:00', 'Beijing', 'Mars/Olympus', 'GMT+8']) {
      expect(() => loadConfig({ SITE_TIMEZONE: bad }), bad).toThrow(/SITE_TIMEZONE: must be an IANA time zone/);
    }
  });
});
