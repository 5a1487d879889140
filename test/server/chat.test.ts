import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/events.js';
import { Client, nextEvent, startServer, staffClients, tempDataDir, viewerSocket, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const opened: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => {
  for (const s of opened) s.close();
  await server?.close();
});

/** Opens a `/crew` socket with a staff member's cookie (or none), resolving once connected or refused. */
async function crewSocket(base: string, cookie?: string, language = 'zh-CN'): Promise<{ socket: Socket; refused?: string }> {
  const socket = ioClient(`${base}/crew`, {
    auth: { protocol: PROTOCOL_VERSION, language },
    transports: ['websocket'],
    reconnection: false,
    ...(cookie && { extraHeaders: { cookie } }),
  });
  opened.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err) => resolve({ socket, refused: err.message }));
  });
}

/** A connected crew socket that joined the interview's chat; resolves with the join's ack. */
async function joined(base: string, cookie: string, interviewId: number): Promise<{ socket: Socket; ack: any }> {
  const { socket, refused } = await crewSocket(base, cookie);
  expect(refused).toBeUndefined();
  const ack = await socket.emitWithAck('join', { interviewId });
  return { socket, ack };
}

/** Collects every `chat` event a socket hears. */
function heard(socket: Socket): any[] {
  const got: any[] = [];
  socket.on('chat', (m) => got.push(m));
  return got;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function liaisonOf(unitName: string, username: string): Promise<{ client: Client; unitId: number }> {
  const unit = await staff.admin.post('/api/studio/units', { name: unitName });
  expect(unit.status, JSON.stringify(unit.body)).toBe(201);
  const password = `${username}-Pass-2026`;
  const r = await staff.admin.post('/api/studio/users', { username, displayName: `联络员${username}`, role: 'liaison', unitId: unit.body.id, password, mustChangePassword: false });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const client = new Client(server.url);
  await client.login(username, password);
  return { client, unitId: unit.body.id };
}

describe('the crew back channel (内部沟通)', () => {
  it('brings each message to every staff socket of the interview, in order, with author, role and mentions', async () => {
    const a = await joined(server.url, staff.director.cookie, 1);
    const b = await joined(server.url, staff.reviewer.cookie, 1);
    expect(a.ack).toMatchObject({ ok: true, data: { messages: [], hasMore: false, writable: true } });
    const atA = heard(a.socket);
    const atB = heard(b.socket);

    const texts = ['@审核员 请看第3条', '  收到，马上看 @导播  ', '@host 下一个问题准备好了吗？'];
    const posted = [];
    for (const [i, text] of texts.entries()) {
      const who = i === 1 ? staff.reviewer : staff.director;
      const r = await who.post('/api/studio/interviews/1/chat', { text });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      posted.push(r.body);
    }
    expect(posted[0]).toMatchObject({ interviewId: 1, authorName: 'director', authorRole: 'director', text: '@审核员 请看第3条', mentions: ['reviewer'] });
    // Trimmed before it is stored.
    expect(posted[1]).toMatchObject({ authorRole: 'reviewer', text: '收到，马上看 @导播', mentions: ['director'] });
    expect(posted[2]!.mentions).toEqual(['host']);

    await until(() => atA.length === 3 && atB.length === 3);
    for (const got of [atA, atB]) expect(got.map((m) => m.text)).toEqual(['@审核员 请看第3条', '收到，马上看 @导播', '@host 下一个问题准备好了吗？']);
    expect(atB).toEqual(posted);

    // A late joiner gets them in its ack, newest last; the history is paged backwards by id.
    const late = await joined(server.url, staff.host.cookie, 1);
    expect(late.ack.data.messages.map((m: any) => m.id)).toEqual(posted.map((m) => m.id));
    const older = await staff.editor.get(`/api/studio/interviews/1/chat?before=${posted[2]!.id}&limit=1`);
    expect(older.body).toMatchObject({ hasMore: true, messages: [{ id: posted[1]!.id }] });
  });

  it('resolves mentions of roles in Chinese and English, and only real ones', async () => {
    const text = '@导播 @Director 再确认；@审核员请看；写信给 a@host.com；@hosting 不是谁；@字幕 @单位联络员 @ADMIN';
    const r = await staff.host.post('/api/studio/interviews/1/chat', { text });
    expect(r.status).toBe(201);
    expect(r.body.mentions).toEqual(['director', 'reviewer', 'editor', 'liaison', 'admin']);
    expect((await staff.host.post('/api/studio/interviews/1/chat', { text: '没有提到任何人 @ 也不算' })).body.mentions).toEqual([]);
  });

  it('refuses empty and over-long text with the field, a missing CSRF token, and anyone without a session', async () => {
    for (const text of ['', '   \n ', 'x'.repeat(1001)]) {
      const r = await staff.director.post('/api/studio/interviews/1/chat', { text });
      expect(r.status, text.slice(0, 10)).toBe(400);
      expect(r.body).toMatchObject({ error: 'validation', fields: [expect.objectContaining({ field: 'text' })] });
    }
    const long = await staff.director.post('/api/studio/interviews/1/chat', { text: 'x'.repeat(1001) });
    expect(long.body.fields[0].message).toBe('不能超过 1000 个字符');
    expect((await staff.director.post('/api/studio/interviews/1/chat', { text: 'x'.repeat(1000) })).status).toBe(201);
    expect((await staff.director.post('/api/studio/interviews/1/chat', {})).body.fields[0].field).toBe('text');

    const noCsrf = await staff.director.request('POST', '/api/studio/interviews/1/chat', { text: 'hi' }, { 'x-csrf-token': 'wrong' });
    expect(noCsrf).toMatchObject({ status: 403, body: { error: 'csrf' } });
    const netizen = new Client(server.url);
    expect((await netizen.post('/api/studio/interviews/1/chat', { text: 'hi' })).status).toBe(401);
    expect((await netizen.get('/api/studio/interviews/1/chat')).status).toBe(401);
    expect((await staff.director.post('/api/studio/interviews/999/chat', { text: 'hi' })).status).toBe(404);
  });

  it('lets a liaison talk in its own unit’s interviews only: another unit’s is not found, over HTTP and on /crew', async () => {
    const other = await liaisonOf('区水务局', 'liaison.water');
    const demoHistory = await staff.admin.get('/api/studio/interviews/1/chat');
    const refused = await other.client.post('/api/studio/interviews/1/chat', { text: '我能看到吗' });
    expect(refused).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect((await other.client.get('/api/studio/interviews/1/chat')).status).toBe(404);
    const { socket, ack } = await joined(server.url, other.client.cookie, 1);
    expect(ack).toMatchObject({ ok: false, error: { error: 'not_found' } });
    const atLiaison = heard(socket);

    // Its own unit's interview is open to it, like to every crew member.
    const own = await staff.admin.post('/api/studio/interviews', {
      slug: 'water-chat',
      title: '水务访谈',
      unitId: other.unitId,
      scheduledStart: '2026-12-08T06:30:00.000Z',
      scheduledEnd: '2026-12-08T07:30:00.000Z',
    });
    expect(own.status).toBe(201);
    const mine = await other.client.post(`/api/studio/interviews/${own.body.id}/chat`, { text: '@导播 单位这边准备好了' });
    expect(mine.body).toMatchObject({ authorRole: 'liaison', authorName: '联络员liaison.water', mentions: ['director'] });

    // What is said in the other unit's interview never reaches it.
    await staff.director.post('/api/studio/interviews/1/chat', { text: '联络员不该看到这条' });
    await new Promise((r) => setTimeout(r, 200));
    expect(atLiaison).toEqual([]);
    expect((await staff.admin.get('/api/studio/interviews/1/chat')).body.messages.length).toBe(demoHistory.body.messages.length + 1);
  });

  it('a liaison following its unit’s chat is dropped when the interview moves to another unit', async () => {
    const first = await liaisonOf('区教育局', 'liaison.edu');
    const second = await staff.admin.post('/api/studio/units', { name: '区卫健委' });
    const iv = await staff.admin.post('/api/studio/interviews', {
      slug: 'edu-chat',
      title: '教育访谈',
      unitId: first.unitId,
      scheduledStart: '2026-12-09T06:30:00.000Z',
      scheduledEnd: '2026-12-09T07:30:00.000Z',
    });
    const { socket, ack } = await joined(server.url, first.client.cookie, iv.body.id);
    expect(ack.ok).toBe(true);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    expect((await staff.admin.patch(`/api/studio/interviews/${iv.body.id}`, { unitId: second.body.id })).status).toBe(200);
    await closed;
  });

  it('closes an open /crew socket when its account is deactivated, and refuses it again after', async () => {
    const made = await staff.admin.post('/api/studio/users', { username: 'editor.gone', displayName: '临时编辑', role: 'editor', password: 'editor-gone-Pass-2026', mustChangePassword: false });
    const editor = new Client(server.url);
    await editor.login('editor.gone', 'editor-gone-Pass-2026');
    const { socket, ack } = await joined(server.url, editor.cookie, 1);
    expect(ack.ok).toBe(true);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    expect((await staff.admin.patch(`/api/studio/users/${made.body.id}`, { active: false })).status).toBe(200);
    await closed;
    expect((await crewSocket(server.url, editor.cookie)).refused).toBe('unauthorized');
  });

  it('refuses a netizen (no session) at the /crew handshake, and never sends chat to /viewer sockets', async () => {
    const { refused } = await crewSocket(server.url);
    expect(refused).toBe('unauthorized');

    const viewer = await viewerSocket(server.url, 'demo');
    opened.push(viewer);
    const viewerEvents: Array<[string, unknown]> = [];
    viewer.onAny((event: string, payload: unknown) => viewerEvents.push([event, payload]));
    const { socket } = await joined(server.url, staff.reviewer.cookie, 1);
    const arrived = nextEvent<any>(socket, 'chat', (m) => m.text === '观众绝不能看到这条 @主持人');
    expect((await staff.director.post('/api/studio/interviews/1/chat', { text: '观众绝不能看到这条 @主持人' })).status).toBe(201);
    await arrived;
    await new Promise((r) => setTimeout(r, 200));
    expect(viewerEvents.map(([e]) => e)).not.toContain('chat');
    expect(JSON.stringify(viewerEvents)).not.toContain('观众绝不能看到这条');
    // Nor does the public API say anything of it.
    const pub = await new Client(server.url).get('/api/interviews/demo/chat');
    expect(pub.status).toBe(404);
  });

  it('keeps the chat readable but closed to new messages once the interview has ended', async () => {
    const iv = await staff.admin.post('/api/studio/interviews', {
      slug: 'ending-chat',
      title: '将结束的访谈',
      unitId: 1,
      scheduledStart: '2026-12-02T06:30:00.000Z',
      scheduledEnd: '2026-12-02T07:30:00.000Z',
    });
    const id = iv.body.id as number;
    await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' });
    expect((await staff.director.post(`/api/studio/interviews/${id}/chat`, { text: '开播前对一下流程' })).status).toBe(201);
    await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'live' });
    const { socket } = await joined(server.url, staff.host.cookie, id);
    const closing = nextEvent<any>(socket, 'chat:writable');
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).status).toBe(200);
    expect(await closing).toEqual({ interviewId: id, writable: false });

    const zh = await staff.director.post(`/api/studio/interviews/${id}/chat`, { text: '结束后还能发吗' });
    expect(zh).toMatchObject({ status: 409, body: { error: 'chat_closed', message: '本场访谈已结束，内部沟通只能查看，不能再发送' } });
    const enClient = Object.assign(new Client(server.url, 'en'), { cookie: staff.director.cookie, csrf: staff.director.csrf });
    expect((await enClient.post(`/api/studio/interviews/${id}/chat`, { text: 'still?' })).body.message).toBe('The interview has ended: the crew chat is read-only');
    const history = await staff.host.get(`/api/studio/interviews/${id}/chat`);
    expect(history.body).toMatchObject({ writable: false, messages: [{ text: '开播前对一下流程' }] });
  });
});

describe('the crew chat on disk', () => {
  it('is all there after a server restart on the same SQLite file', async () => {
    const dataDir = tempDataDir();
    let s = await startServer({}, dataDir);
    const crew = await staffClients(s.url);
    const { socket } = await joined(s.url, crew.reviewer.cookie, 1);
    const atReviewer = heard(socket);
    for (const text of ['第一条', '@审核员 第二条']) expect((await crew.director.post('/api/studio/interviews/1/chat', { text })).status).toBe(201);
    await until(() => atReviewer.length === 2);
    socket.close();
    await s.close();

    s = await startServer({}, dataDir);
    try {
      const reviewer = new Client(s.url);
      await reviewer.login('reviewer1', 'reviewer-password-1');
      const history = await reviewer.get('/api/studio/interviews/1/chat');
      expect(history.body.messages.map((m: any) => [m.text, m.authorRole, m.mentions])).toEqual([
        ['第一条', 'director', []],
        ['@审核员 第二条', 'director', ['reviewer']],
      ]);
      const again = await joined(s.url, reviewer.cookie, 1);
      expect(again.ack.data.messages).toEqual(history.body.messages);
      again.socket.close();
    } finally {
      await s.close();
    }
  });
});
