import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/events.js';
import { mediaSocket } from '../helpers/media.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

const interview = (slug: string, unitId: number) => ({
  slug,
  title: `访谈 ${slug}`,
  unitId,
  scheduledStart: '2026-06-08T06:30:00.000Z',
  scheduledEnd: '2026-06-08T07:30:00.000Z',
});

async function liaisonClient(username: string, unitId: number): Promise<Client> {
  const r = await staff.admin.post('/api/studio/users', { username, displayName: '联络员', role: 'liaison', unitId, password: `${username}-Pass-2026`, mustChangePassword: false });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const c = new Client(server.url);
  await c.login(username, `${username}-Pass-2026`);
  return c;
}

describe('the unit list (单位)', () => {
  it('is kept by admins, read by every staff role, and every change is audited', async () => {
    const created = await staff.admin.post('/api/studio/units', { name: '  区水务局 ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '区水务局', active: true });
    // The demo interview's unit is on the list from the first start.
    for (const role of ['host', 'director', 'reviewer', 'editor'] as const) {
      const list = await staff[role].get('/api/studio/units');
      expect(list.status, role).toBe(200);
      expect(list.body.map((u: any) => u.name)).toEqual(expect.arrayContaining(['区水务局', '区住房和城乡建设局']));
      expect((await staff[role].post('/api/studio/units', { name: `x-${role}` })).status, role).toBe(403);
      expect((await staff[role].patch(`/api/studio/units/${created.body.id}`, { active: false })).status, role).toBe(403);
    }
    const dup = await staff.admin.post('/api/studio/units', { name: '区水务局' });
    expect(dup.status).toBe(409);
    expect(dup.body.fields).toEqual([expect.objectContaining({ field: 'name', code: 'unit_taken', message: '单位名称已存在' })]);
    expect((await staff.admin.post('/api/studio/units', { name: ' ' })).body.fields[0].field).toBe('name');
    expect((await staff.admin.patch('/api/studio/units/9999', { active: false })).status).toBe(404);

    // A rename shows on the unit's interviews at once, the public view included.
    const iv = await staff.admin.post('/api/studio/interviews', interview('water-units', created.body.id));
    expect(iv.status, JSON.stringify(iv.body)).toBe(201);
    expect(iv.body).toMatchObject({ unit: '区水务局', unitId: created.body.id });
    const renamed = await staff.admin.patch(`/api/studio/units/${created.body.id}`, { name: '区水利局' });
    expect(renamed.body.name).toBe('区水利局');
    expect((await staff.admin.get(`/api/studio/interviews/${iv.body.id}`)).body.unit).toBe('区水利局');
    await staff.admin.patch(`/api/studio/interviews/${iv.body.id}`, { status: 'scheduled' });
    const pub = await new Client(server.url).get('/api/interviews/water-units');
    expect(pub.body.unit).toBe('区水利局');
    expect(Object.keys(pub.body)).not.toContain('unitId');

    // A deactivated unit cannot be picked for a new interview, but its interviews keep it.
    expect((await staff.admin.patch(`/api/studio/units/${created.body.id}`, { active: false })).body.active).toBe(false);
    const refused = await staff.admin.post('/api/studio/interviews', interview('water-units-2', created.body.id));
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0]).toMatchObject({ field: 'unitId', code: 'unit_inactive' });
    expect((await staff.admin.patch(`/api/studio/interviews/${iv.body.id}`, { title: '改名', unitId: created.body.id })).status).toBe(200);

    const log = (await staff.admin.get('/api/studio/audit?entity=unit')).body;
    expect(log.filter((e: any) => e.entityId === created.body.id).map((e: any) => [e.action, e.actorName])).toEqual([
      ['unit.create', 'admin (admin)'],
      ['unit.update', 'admin (admin)'],
      ['unit.update', 'admin (admin)'],
    ]);
  });

  it('is what an interview names: by unitId, or by the old unit text, and neither is a field error', async () => {
    const missing = await staff.admin.post('/api/studio/interviews', { ...interview('no-unit', 1), unitId: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'unit_required', message: '请选择单位' })]);
    const unknown = await staff.admin.post('/api/studio/interviews', interview('bad-unit', 9999));
    expect(unknown.body.fields[0]).toMatchObject({ field: 'unitId', code: 'unit_unknown' });
    const byName = await staff.admin.post('/api/studio/interviews', { ...interview('by-name', 1), unitId: undefined, unit: '区教育局' });
    expect(byName.status).toBe(201);
    const units = (await staff.admin.get('/api/studio/units')).body;
    expect(units.find((u: any) => u.name === '区教育局')?.id).toBe(byName.body.unitId);
  });
});

describe('the unit liaison (单位联络员)', () => {
  it('must be given an active unit, and only a liaison has one', async () => {
    const base = { displayName: '联络员', password: 'Liaison-Pass-2026' };
    const none = await staff.admin.post('/api/studio/users', { ...base, username: 'liaison-none', role: 'liaison' });
    expect(none.status).toBe(400);
    expect(none.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'unit_required' })]);
    const ghost = await staff.admin.post('/api/studio/users', { ...base, username: 'liaison-ghost', role: 'liaison', unitId: 9999 });
    expect(ghost.body.fields[0]).toMatchObject({ field: 'unitId', code: 'unit_unknown' });
    const host = await staff.admin.post('/api/studio/users', { ...base, username: 'host-unit', role: 'host', unitId: 1 });
    expect(host.body.fields[0]).toMatchObject({ field: 'unitId', code: 'unit_not_for_role' });
    const users = (await staff.admin.get('/api/studio/users')).body.map((u: any) => u.username);
    expect(users).not.toEqual(expect.arrayContaining(['liaison-none']));
    expect(users).not.toContain('liaison-ghost');
    expect(users).not.toContain('host-unit');

    // A reviewer moved to liaison needs a unit; moved back, the unit goes.
    const rev = await staff.admin.post('/api/studio/users', { ...base, username: 'rev-to-liaison', role: 'reviewer' });
    expect(rev.body.unitId).toBeNull();
    expect((await staff.admin.patch(`/api/studio/users/${rev.body.id}`, { role: 'liaison' })).body.fields[0]).toMatchObject({ field: 'unitId', code: 'unit_required' });
    const moved = await staff.admin.patch(`/api/studio/users/${rev.body.id}`, { role: 'liaison', unitId: 1 });
    expect(moved.body).toMatchObject({ role: 'liaison', unitId: 1 });
    expect((await staff.admin.patch(`/api/studio/users/${rev.body.id}`, { role: 'reviewer' })).body).toMatchObject({ role: 'reviewer', unitId: null });
  });

  it("sees only its unit's interviews, and nothing of questions, hosting, directing or going live", async () => {
    const mine = (await staff.admin.post('/api/studio/units', { name: '区民政局' })).body;
    const other = (await staff.admin.post('/api/studio/units', { name: '区财政局' })).body;
    const ours = (await staff.admin.post('/api/studio/interviews', interview('civil-affairs', mine.id))).body;
    const theirs = (await staff.admin.post('/api/studio/interviews', interview('finance', other.id))).body;
    await staff.admin.patch(`/api/studio/interviews/${ours.id}`, { status: 'scheduled' });
    const liaison = await liaisonClient('liaison.mz', mine.id);

    const me = await liaison.get('/api/auth/me');
    expect(me.body.user).toMatchObject({ role: 'liaison', unitId: mine.id });
    const list = await liaison.get('/api/studio/interviews');
    expect(list.status).toBe(200);
    expect(list.body.map((i: any) => i.slug)).toEqual(['civil-affairs']);
    expect((await liaison.get(`/api/studio/interviews/${ours.id}`)).body.unit).toBe('区民政局');
    // Another unit's interview does not exist for a liaison.
    const hidden = await liaison.get(`/api/studio/interviews/${theirs.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toBe('not_found');
    // Admins still see everything.
    expect((await staff.admin.get('/api/studio/interviews')).body.map((i: any) => i.slug)).toEqual(expect.arrayContaining(['civil-affairs', 'finance', 'demo']));

    const q = await new Client(server.url).post('/api/interviews/civil-affairs/questions', { content: '低保申请需要哪些材料？' });
    expect(q.status).toBe(201);
    for (const [method, url, body] of [
      ['GET', `/api/studio/interviews/${ours.id}/questions`],
      ['POST', `/api/studio/questions/${q.body.id}/transition`, { to: 'approved' }],
      ['PATCH', `/api/studio/questions/${q.body.id}`, { publicContent: '改' }],
      ['GET', `/api/studio/questions/${q.body.id}/contact`],
      ['GET', `/api/studio/questions/${q.body.id}/history`],
      ['PUT', `/api/studio/interviews/${ours.id}/queue`, { order: [] }],
      ['PATCH', `/api/studio/interviews/${ours.id}`, { status: 'live' }],
      ['PATCH', `/api/studio/interviews/${ours.id}`, { title: '改名' }],
      ['POST', `/api/studio/interviews/${ours.id}/invites`, { guestName: '王五' }],
      ['GET', `/api/studio/interviews/${ours.id}/invites`],
      ['POST', '/api/studio/interviews', interview('liaison-made', mine.id)],
      ['POST', '/api/studio/units', { name: '联络员建的单位' }],
      ['PATCH', `/api/studio/units/${mine.id}`, { name: '改名' }],
      ['GET', '/api/studio/users'],
      ['GET', '/api/studio/audit'],
      ['GET', '/api/studio/settings/sensitive-words'],
    ] as const) {
      const r = await liaison.request(method, url, body);
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.body.error, `${method} ${url}`).toBe('forbidden');
    }
    expect((await staff.admin.get(`/api/studio/interviews/${ours.id}`)).body).toMatchObject({ status: 'scheduled', title: ours.title });

    // Neither the question board's socket nor the stage lets a liaison in.
    const studio = ioClient(`${server.url}/studio`, { transports: ['websocket'], reconnection: false, auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie: liaison.cookie } });
    const err = await new Promise<Error>((resolve) => studio.once('connect_error', resolve));
    expect(err.message).toBe('forbidden');
    studio.close();
    await expect(mediaSocket(server.url, { as: 'staff', interviewId: ours.id }, liaison.cookie)).rejects.toThrow('forbidden');
  });
});
