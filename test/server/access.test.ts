import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const interview = {
  slug: 'water-2026',
  title: '城乡供水一体化',
  unit: '区水利局',
  scheduledStart: '2026-05-08T06:30:00.000Z',
  scheduledEnd: '2026-05-08T07:30:00.000Z',
  guests: [{ name: '李华', title: '局长', bio: '' }],
};

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

describe('who may do what', () => {
  it('keeps netizens out of every staff endpoint', async () => {
    const netizen = new Client(server.url);
    for (const [method, url] of [
      ['GET', '/api/studio/users'],
      ['GET', '/api/studio/interviews'],
      ['GET', '/api/studio/interviews/1/questions'],
      ['POST', '/api/studio/questions/1/transition'],
      ['GET', '/api/studio/questions/1/contact'],
      ['GET', '/api/studio/audit'],
      ['GET', '/api/auth/me'],
    ] as const) {
      const r = await netizen.request(method, url, method === 'POST' ? { to: 'approved' } : undefined);
      expect(r.status, `${method} ${url}`).toBe(401);
      expect(r.body.error).toBe('unauthorized');
    }
  });

  it('refuses a forged or tampered session cookie', async () => {
    const c = new Client(server.url);
    c.cookie = 'fangtan_session=abc.def';
    expect((await c.get('/api/auth/me')).status).toBe(401);
    c.cookie = staff.admin.cookie.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('lets only admins manage accounts and create interviews', async () => {
    for (const role of ['host', 'director', 'reviewer', 'editor'] as const) {
      const r1 = await staff[role].post('/api/studio/users', { username: `x-${role}`, displayName: 'x', role: 'admin', password: 'password-123' });
      expect(r1.status, role).toBe(403);
      expect(r1.body.error).toBe('forbidden');
      expect((await staff[role].post('/api/studio/interviews', interview)).status, role).toBe(403);
    }
    expect((await staff.admin.get('/api/studio/users')).body).toHaveLength(5);
    // The unit liaison (单位联络员) neither.
    const unit = await staff.admin.post('/api/studio/units', { name: '区水利局' });
    expect((await staff.admin.post('/api/studio/users', { username: 'liaison1', displayName: 'l', role: 'liaison', unitId: unit.body.id, password: 'liaison-password-1', mustChangePassword: false })).status).toBe(201);
    const liaison = new Client(server.url);
    await liaison.login('liaison1', 'liaison-password-1');
    expect((await liaison.post('/api/studio/users', { username: 'x-liaison', displayName: 'x', role: 'admin', password: 'password-123' })).status).toBe(403);
    expect((await liaison.post('/api/studio/interviews', interview)).status).toBe(403);
    await staff.admin.patch(`/api/studio/users/${(await liaison.get('/api/auth/me')).body.user.id}`, { active: false });
  });

  it('lets hosts and directors take an interview live and end it, but not edit it', async () => {
    const created = await staff.admin.post('/api/studio/interviews', interview);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { title: '改名' })).status).toBe(403);
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'live' })).status).toBe(409); // draft cannot go live
    expect((await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' })).status).toBe(200);
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'live' })).body.status).toBe('live');
    expect((await staff.reviewer.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).status).toBe(403);
    expect((await staff.host.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).body.status).toBe('ended');
  });

  it('refuses a moderation move from the wrong role, with the reason', async () => {
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '角色测试问题' });
    const r = await staff.host.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'approved' });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ error: 'forbidden', message: '您的角色无权执行此操作' });
    const r2 = await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'answered' });
    expect(r2.status).toBe(409);
    expect(r2.body.error).toBe('invalid_transition');
    const r3 = await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'rejected' });
    expect(r3.status).toBe(400);
    expect(r3.body.error).toBe('reason_required');
  });

  it('requires the CSRF token on every staff mutation', async () => {
    const c = new Client(server.url);
    c.cookie = staff.admin.cookie;
    const r = await c.post('/api/studio/users', { username: 'csrf-victim', displayName: 'x', role: 'admin', password: 'password-123' });
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('csrf');
    expect((await staff.admin.get('/api/studio/users')).body.some((u: any) => u.username === 'csrf-victim')).toBe(false);
  });

  it('refuses a wrong password without saying which part was wrong, and ends sessions of a deactivated user', async () => {
    const bad = await new Client(server.url).post('/api/auth/login', { username: 'admin', password: 'nope-nope-nope' });
    const unknown = await new Client(server.url).post('/api/auth/login', { username: 'ghost', password: 'nope-nope-nope' });
    expect(bad.status).toBe(401);
    expect(unknown.body).toEqual(bad.body);
    const users = (await staff.admin.get('/api/studio/users')).body;
    const editor = users.find((u: any) => u.username === 'editor1');
    expect((await staff.admin.patch(`/api/studio/users/${editor.id}`, { active: false })).status).toBe(200);
    expect((await staff.editor.get('/api/auth/me')).status).toBe(401);
    expect((await new Client(server.url).post('/api/auth/login', { username: 'editor1', password: 'editor-password-1' })).status).toBe(401);
    const self = users.find((u: any) => u.username === 'admin');
    expect((await staff.admin.patch(`/api/studio/users/${self.id}`, { role: 'host' })).status).toBe(409);
  });

  it('stops an open studio socket once its session ends', async () => {
    const c = new Client(server.url);
    await c.login('reviewer1', 'reviewer-password-1');
    const socket = ioClient(`${server.url}/studio`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: c.cookie } });
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    expect(((await socket.emitWithAck('join', { interviewId: 1 })) as any).ok).toBe(true);
    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
    await c.post('/api/auth/logout');
    // Closed by the sign-out itself, not at the socket's next action.
    expect(await dropped).toBe('io server disconnect');
  });

  it('logs out: the old cookie no longer works', async () => {
    const c = new Client(server.url);
    await c.login('reviewer1', 'reviewer-password-1');
    const cookie = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    const old = new Client(server.url);
    old.cookie = cookie;
    expect((await old.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a /studio socket without a session', async () => {
    const anon = ioClient(`${server.url}/studio`, { transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error>((resolve) => anon.once('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
    anon.close();
  });
});

describe('the public contract for portals', () => {
  it('lets a portal page on another origin read the public lists, and serves an OpenAPI document', async () => {
    const r = await fetch(`${server.url}/api/interviews`, { headers: { origin: 'https://www.example.gov.cn' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const list = await r.json();
    expect(list[0]).toMatchObject({ slug: 'demo', acceptsQuestions: true });
    expect(Object.keys(list[0])).not.toContain('id');
    const studio = await fetch(`${server.url}/api/studio/interviews`, { headers: { origin: 'https://www.example.gov.cn' } });
    expect(studio.headers.get('access-control-allow-origin')).toBeNull();
    const doc = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/interviews/{slug}/questions', '/api/studio/questions/{id}/transition']));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('framing', () => {
  it('lets only the configured portals frame the viewer, and nobody frame the studio', async () => {
    const strict = await startServer({ FRAME_ANCESTORS: 'https://www.yuyang.gov.cn' });
    try {
      const viewer = await fetch(`${strict.url}/v/demo`);
      expect(viewer.status).toBe(200);
      expect(viewer.headers.get('content-security-policy')).toContain('frame-ancestors https://www.yuyang.gov.cn');
      expect(viewer.headers.get('x-frame-options')).toBeNull();
      const studio = await fetch(`${strict.url}/studio/`);
      expect(studio.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const embed = await fetch(`${strict.url}/embed.js`);
      expect(embed.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(await embed.text()).toContain('fangtan:height');
    } finally {
      await strict.close();
    }
  });
});

describe('the sensitive-word list', () => {
  it('is set by admins, read by reviewers, and screens the next question at once', async () => {
    expect((await staff.reviewer.put('/api/studio/settings/sensitive-words', { words: ['x'] })).status).toBe(403);
    const set = await staff.admin.put('/api/studio/settings/sensitive-words', { words: ['违章建筑举报', '赌博', '赌博', '  '] });
    expect(set.status).toBe(400); // a blank word is refused, nothing changes
    const ok = await staff.admin.put('/api/studio/settings/sensitive-words', { words: ['违章建筑', '赌博', '赌博'] });
    expect(ok.body).toEqual({ words: ['赌博', '违章建筑'] });
    expect((await staff.reviewer.get('/api/studio/settings/sensitive-words')).body.words).toEqual(['赌博', '违章建筑']);
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '小区里的违 章 建筑什么时候拆？' });
    const staffView = (await staff.reviewer.get('/api/studio/interviews/1/questions')).body.find((x: any) => x.id === q.body.id);
    expect(staffView.flags.sensitiveWords).toEqual(['违章建筑']);
    const log = (await staff.admin.get('/api/studio/audit?entity=settings')).body;
    expect(log.at(-1)).toMatchObject({ action: 'settings.sensitive_words', actorName: 'admin (admin)', after: { count: 2 } });
  });
});
