import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let netizen: Client;

beforeAll(async () => {
  server = await startServer({ QUESTION_RATE_MAX: '1000' });
  staff = await staffClients(server.url);
  netizen = new Client(server.url);
});
afterAll(async () => server?.close());

const count = () => (server.database.sqlite.prepare('SELECT count(*) AS n FROM questions').get() as { n: number }).n;
const auditCount = () => (server.database.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('bad input gets a clear error and changes nothing', () => {
  it('names each bad field with a reason, in Chinese by default and in English on request', async () => {
    const before = count();
    const zh = await netizen.post('/api/interviews/demo/questions', { content: '', nickname: '名'.repeat(30), contact: '12345' });
    expect(zh.status).toBe(400);
    expect(zh.body.error).toBe('validation');
    expect(zh.body.fields).toEqual([
      { field: 'content', code: 'too_small', message: '不能为空' },
      { field: 'nickname', code: 'too_big', message: '不能超过 20 个字符' },
      { field: 'contact', code: 'custom', message: '请填写手机号、固定电话或电子邮箱' },
    ]);
    const en = await new Client(server.url, 'en').post('/api/interviews/demo/questions', { content: '问'.repeat(501) });
    expect(en.body.fields).toEqual([{ field: 'content', code: 'too_big', message: 'must be at most 500 characters' }]);
    expect(count()).toBe(before);
  });

  it('answers wrong types, malformed JSON and a missing body with 400', async () => {
    const before = count();
    expect((await netizen.post('/api/interviews/demo/questions', { content: 42 })).status).toBe(400);
    expect((await netizen.request('POST', '/api/interviews/demo/questions', '{"content": "未闭合', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await netizen.request('POST', '/api/interviews/demo/questions', undefined, { 'content-type': 'application/json' })).status).toBe(400);
    expect((await netizen.request('POST', '/api/interviews/demo/questions', 'content=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect(count()).toBe(before);
  });

  it('answers an unknown interview with 404 and a closed one with 409', async () => {
    expect((await netizen.post('/api/interviews/nope/questions', { content: '有人吗' })).status).toBe(404);
    expect((await netizen.get('/api/interviews/nope')).status).toBe(404);
    const created = await staff.admin.post('/api/studio/interviews', {
      slug: 'closed-one',
      title: '已结束的访谈',
      unit: '区教育局',
      scheduledStart: '2026-05-08T06:30:00.000Z',
      scheduledEnd: '2026-05-08T07:30:00.000Z',
    });
    // A draft does not exist for the public.
    expect((await netizen.post('/api/interviews/closed-one/questions', { content: '草稿能提问吗' })).status).toBe(404);
    for (const status of ['scheduled', 'live', 'ended']) await staff.admin.patch(`/api/studio/interviews/${created.body.id}`, { status });
    const r = await netizen.post('/api/interviews/closed-one/questions', { content: '结束后还能提问吗' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ error: 'interview_closed', message: '本期访谈当前不接受提问' });
  });

  it('answers bad staff payloads with field errors and leaves the question as it was', async () => {
    const q = await netizen.post('/api/interviews/demo/questions', { content: '状态不应改变的问题' });
    const before = auditCount();
    for (const body of [{ to: 'flying' }, { to: 'approved', publicContent: '' }, {}, { to: 'merged', mergeInto: -1 }]) {
      const r = await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.fields.length).toBeGreaterThan(0);
    }
    expect((await staff.reviewer.post('/api/studio/questions/abc/transition', { to: 'approved' })).status).toBe(400);
    expect((await staff.reviewer.post('/api/studio/questions/999999/transition', { to: 'approved' })).status).toBe(404);
    const after = (await staff.reviewer.get('/api/studio/interviews/1/questions')).body.find((x: any) => x.id === q.body.id);
    expect(after.status).toBe('pending');
    expect(auditCount()).toBe(before);
  });

  it('answers bad socket payloads with an error ack, keeps the connection and changes nothing', async () => {
    const socket: Socket = ioClient(`${server.url}/studio`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: staff.reviewer.cookie, 'accept-language': 'en' } });
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    const before = auditCount();
    for (const payload of [null, 'text', { interviewId: 'x' }, { interviewId: -1 }, {}]) {
      const ack: any = await socket.emitWithAck('join', payload);
      expect(ack.ok, JSON.stringify(payload)).toBe(false);
      expect(ack.error.error).toBe('validation');
    }
    const unknown: any = await socket.emitWithAck('join', { interviewId: 999999 });
    expect(unknown.error).toMatchObject({ error: 'not_found', message: 'Not found' });
    // A message without an ack callback, or an event nobody listens to, must not crash anything either.
    socket.emit('join', { broken: true });
    socket.emit('reorder', 12);
    expect(socket.connected).toBe(true);
    const ok: any = await socket.emitWithAck('join', { interviewId: 1 });
    expect(ok).toMatchObject({ ok: true, data: expect.any(Array) });
    expect(auditCount()).toBe(before);
    socket.close();
  });

  it('refuses a viewer socket for an unknown interview or without one', async () => {
    for (const auth of [{ interview: 'nope' }, {}]) {
      const s = ioClient(`${server.url}/viewer`, { auth, transports: ['websocket'], reconnection: false });
      const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
      expect(['not_found', 'validation']).toContain(err.message);
      s.close();
    }
  });

  it('rate-limits submissions per client with 429, keeping what was accepted', async () => {
    const limited = await startServer({ QUESTION_RATE_MAX: '3' });
    try {
      const c = new Client(limited.url);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await c.post('/api/interviews/demo/questions', { content: `限流测试问题${i}` })).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      const r = await c.post('/api/interviews/demo/questions', { content: '再来一个' });
      expect(r.body.error).toBe('rate_limited');
      expect((limited.database.sqlite.prepare('SELECT count(*) AS n FROM questions').get() as { n: number }).n).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
