import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { Client, nextEvent, startServer, staffClients, type TestServer } from '../helpers/server.js';

// Who sees a netizen's original wording (unmasked phone, ID-card number, e-mail) and who sees only the public one.
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const sockets: Socket[] = [];

const PHONE = '13812345678';
const ID_CARD = '110101199003071234';
const EMAIL = 'laowang@example.com';
const CONTACT = 'private-contact@example.org';
const UNMASKED = [PHONE, ID_CARD, EMAIL];
const CREW = ['host', 'director', 'editor'] as const;
const MODERATORS = ['reviewer', 'admin'] as const;
const EVERY_ROLE = [...MODERATORS, ...CREW];
type Role = (typeof EVERY_ROLE)[number];
const eachRole = <T>(f: (role: Role) => T) => Object.fromEntries(EVERY_ROLE.map((role) => [role, f(role)])) as Record<Role, T>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

async function ask(content: string): Promise<number> {
  const r = await new Client(server.url).post('/api/interviews/demo/questions', { content, contact: CONTACT });
  expect(r.status).toBe(201);
  return r.body.id;
}

const question = (content: string) => `我的手机${PHONE}，身份证${ID_CARD}，邮箱${EMAIL}。${content}`;

/** A `/studio` socket of one staff member, joined to the demo interview; resolves with the join ack's list. */
async function joinStudio(role: keyof typeof staff): Promise<{ socket: Socket; list: any[] }> {
  const socket = ioClient(`${server.url}/studio`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: staff[role].cookie } });
  sockets.push(socket);
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', reject);
  });
  const ack: any = await socket.timeout(10_000).emitWithAck('join', { interviewId: 1 });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return { socket, list: ack.data };
}

function expectMasked(what: string, value: unknown): void {
  const text = JSON.stringify(value);
  for (const s of UNMASKED) expect(text, `${what} carries ${s}`).not.toContain(s);
}

describe('who sees a question’s original wording', () => {
  it('gives the staff list with the original to moderators and only the masked wording to host, director and editor', async () => {
    const id = await ask(question('供暖费能否分期缴纳？'));
    for (const role of MODERATORS) {
      const q = (await staff[role].get('/api/studio/interviews/1/questions')).body.find((x: any) => x.id === id);
      expect(q.originalContent, role).toBe(question('供暖费能否分期缴纳？'));
    }
    for (const role of CREW) {
      const r = await staff[role].get('/api/studio/interviews/1/questions');
      expect(r.status, role).toBe(200);
      const q = r.body.find((x: any) => x.id === id);
      expect(q.publicContent, role).toContain('138****5678');
      expect(q.originalContent, role).toBeUndefined();
      expectMasked(`${role}'s staff list`, r.body);
    }
    // Nobody's view carries the private contact.
    for (const role of EVERY_ROLE) expect(JSON.stringify((await staff[role].get('/api/studio/interviews/1/questions')).body)).not.toContain(CONTACT);
  });

  it('answers the host’s own queue decisions without the original either', async () => {
    const id = await ask(question('公交线路何时延伸？'));
    expect((await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'approved' })).status).toBe(200);
    const queued = await staff.host.post(`/api/studio/questions/${id}/transition`, { to: 'queued' });
    expect(queued.status).toBe(200);
    expect(queued.body.status).toBe('queued');
    expectMasked('the host’s transition answer', queued.body);
    const list = (await staff.host.get('/api/studio/interviews/1/questions')).body;
    const order = list.filter((q: any) => q.status === 'queued').map((q: any) => q.id);
    const reordered = await staff.host.put('/api/studio/interviews/1/queue', { order });
    expect(reordered.status).toBe(200);
    expectMasked('the host’s reorder answer', reordered.body);
  });

  it('sends /studio join lists and question events per role: the original to moderators only', async () => {
    const before = await ask(question('老旧小区加装电梯补贴多少？'));
    const joined = {} as Record<Role, Awaited<ReturnType<typeof joinStudio>>>;
    await Promise.all(EVERY_ROLE.map(async (role) => (joined[role] = await joinStudio(role))));
    for (const role of MODERATORS) expect(joined[role].list.find((q: any) => q.id === before).originalContent, role).toContain(PHONE);
    for (const role of CREW) {
      expect(joined[role].list.find((q: any) => q.id === before), role).toBeDefined();
      expectMasked(`${role}'s join ack`, joined[role].list);
    }

    const content = question('停车位什么时候增加？');
    const arriving = eachRole((role) => nextEvent<any>(joined[role].socket, 'question', (q) => q.publicContent.includes('停车位')));
    const id = await ask(content);
    for (const role of MODERATORS) expect((await arriving[role]).originalContent, role).toBe(content);
    for (const role of CREW) {
      const q = await arriving[role];
      expect(q.id, role).toBe(id);
      expect(q.publicContent, role).toContain('138****5678');
      expectMasked(`${role}'s question event`, q);
    }

    // A decision fans out the same way.
    const approved = eachRole((role) => nextEvent<any>(joined[role].socket, 'question', (q) => q.id === id && q.status === 'approved'));
    expect((await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'approved' })).status).toBe(200);
    for (const role of MODERATORS) expect((await approved[role]).originalContent, role).toBe(content);
    for (const role of CREW) expectMasked(`${role}'s approval event`, await approved[role]);
  });
});

describe('who reads the audit log', () => {
  it('keeps the whole log (accounts, logins) to admins', async () => {
    for (const role of ['host', 'reviewer', 'director', 'editor'] as const) {
      const r = await staff[role].get('/api/studio/audit');
      expect(r.status, role).toBe(403);
      expect(r.body.error, role).toBe('forbidden');
      expect((await staff[role].get('/api/studio/audit?entity=user')).status, role).toBe(403);
    }
    const log = (await staff.admin.get('/api/studio/audit')).body;
    expect(log.some((e: any) => e.action === 'auth.login')).toBe(true);
  });

  it('lets moderators read one question’s history, without the asker’s contact', async () => {
    const id = await ask(question('历史记录测试：小区绿化何时补种？'));
    await staff.reviewer.get(`/api/studio/questions/${id}/contact`);
    await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'rejected', reason: '与访谈主题无关' });
    for (const role of MODERATORS) {
      const r = await staff[role].get(`/api/studio/questions/${id}/history`);
      expect(r.status, role).toBe(200);
      expect(r.body.map((e: any) => e.action)).toEqual(['question.submit', 'question.contact.view', 'question.rejected']);
      expect(r.body.every((e: any) => e.entity === 'question' && e.entityId === id)).toBe(true);
      expect(r.body[2]).toMatchObject({ actorName: 'reviewer1 (reviewer)', reason: '与访谈主题无关', before: { status: 'pending' }, after: { status: 'rejected' } });
      expect(JSON.stringify(r.body)).not.toContain(CONTACT);
    }
    for (const role of CREW) expect((await staff[role].get(`/api/studio/questions/${id}/history`)).status, role).toBe(403);
    expect((await staff.reviewer.get('/api/studio/questions/999999/history')).status).toBe(404);
    expect((await new Client(server.url).get(`/api/studio/questions/${id}/history`)).status).toBe(401);
  });
});

describe('staff sockets already open when an account changes', () => {
  /** A new account of a role, signed in, with a `/studio` socket joined to the demo interview. */
  async function openAccount(username: string, role: string): Promise<{ id: number; client: Client; socket: Socket }> {
    const created = await staff.admin.post('/api/studio/users', { username, displayName: username, role, password: `${username}-password-1`, mustChangePassword: false });
    expect(created.status).toBe(201);
    const client = new Client(server.url);
    await client.login(username, `${username}-password-1`);
    const socket = ioClient(`${server.url}/studio`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: client.cookie } });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', reject);
    });
    expect(((await socket.timeout(10_000).emitWithAck('join', { interviewId: 1 })) as any).ok).toBe(true);
    return { id: created.body.id, client, socket };
  }
  const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));

  it('hears only the masked wording once a reviewer is made host, without reconnecting', async () => {
    const { id: userId, socket } = await openAccount('mover1', 'reviewer');
    const first = nextEvent<any>(socket, 'question');
    await ask(question('角色变更前：夜市何时开放？'));
    expect((await first).originalContent).toContain(PHONE);

    expect((await staff.admin.patch(`/api/studio/users/${userId}`, { role: 'host' })).status).toBe(200);
    const afterMove = nextEvent<any>(socket, 'question');
    await ask(question('角色变更后：夜市何时开放？'));
    const q = await afterMove;
    expect(q.originalContent).toBeUndefined();
    expectMasked('a demoted reviewer’s event', q);
    expect(socket.connected).toBe(true);
  });

  it('closes the sockets of an account deactivated, and of a session signed out', async () => {
    const gone = await openAccount('gone1', 'reviewer');
    const closing = disconnected(gone.socket);
    expect((await staff.admin.patch(`/api/studio/users/${gone.id}`, { active: false })).status).toBe(200);
    expect(await closing).toBe('io server disconnect');

    const out = await openAccount('out1', 'reviewer');
    const signingOut = disconnected(out.socket);
    expect((await out.client.post('/api/auth/logout')).status).toBe(204);
    expect(await signingOut).toBe('io server disconnect');
  });
});
