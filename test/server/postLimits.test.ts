import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, staffClients, type TestServer } from '../helpers/server.js';

// Low limits so a test reaches them; the defaults (.env.example) are 600 ingest posts and 120 staff posts a minute.
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let interviewId: number;
let slug: string;

beforeAll(async () => {
  server = await startServer({ INGEST_RATE_MAX: '3', STAFF_POST_RATE_MAX: '3' });
  staff = await staffClients(server.url);
  slug = 'limits';
  const created = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: '限流访谈',
    unit: '区政府办',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  interviewId = created.body.id;
  await staff.admin.patch(`/api/studio/interviews/${interviewId}`, { status: 'scheduled' });
  expect((await staff.director.patch(`/api/studio/interviews/${interviewId}`, { status: 'live' })).status).toBe(200);
});
afterAll(async () => server?.close());

describe('posting limits', () => {
  it('answers an outside captioner over its limit with 429 in the caller’s language, keeping every cue it took', async () => {
    const t = await staff.director.post(`/api/studio/interviews/${interviewId}/captions/tokens`, { track: 'zh-CN' });
    expect(t.status).toBe(201);
    const post = (text: string) =>
      fetch(`${server.url}${t.body.ingestPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({ text }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    for (const text of ['第一句', '第二句', '第三句']) expect((await post(text)).status).toBe(200);
    const over = await post('第四句');
    expect(over.status).toBe(429);
    expect(over.body.error).toBe('rate_limited');
    expect(over.body.message).toMatch(/too many/i);
    const cues = await fetch(`${server.url}/api/interviews/${slug}/captions`).then((r) => r.json());
    expect(cues.map((c: { text: string }) => c.text)).toEqual(['第一句', '第二句', '第三句']);
  });

  it('counts crew chat per staff session: one busy account is held back, a colleague behind the same address is not', async () => {
    const chat = `/api/studio/interviews/${interviewId}/chat`;
    for (let i = 1; i <= 3; i++) expect((await staff.host.post(chat, { text: `第${i}条` })).status).toBe(201);
    const over = await staff.host.post(chat, { text: '第4条' });
    expect(over.status).toBe(429);
    expect(over.body.error).toBe('rate_limited');
    expect((await staff.reviewer.post(chat, { text: '审核这边收到' })).status).toBe(201);
    const history = await staff.reviewer.get(chat);
    expect(history.body.messages.map((m: { text: string }) => m.text)).toEqual(['第1条', '第2条', '第3条', '审核这边收到']);
  });
});
