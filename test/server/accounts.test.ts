import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { ADMIN_PASSWORD, Client, startServer, staffClients, tempDataDir, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

/** Creates an account as the admin; `forced` leaves the default forced change at first login on. */
async function createUser(username: string, password: string, forced = false, role = 'reviewer'): Promise<number> {
  const body: Record<string, unknown> = { username, displayName: username, role, password };
  if (!forced) body.mustChangePassword = false;
  const r = await staff.admin.post('/api/studio/users', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function signedIn(username: string, password: string, lang = 'zh-CN'): Promise<Client> {
  const c = new Client(server.url, lang);
  await c.login(username, password);
  return c;
}

const change = (c: Client, currentPassword: string, newPassword: string, confirmPassword = newPassword) =>
  c.post('/api/auth/password', { currentPassword, newPassword, confirmPassword });

const sessionsOf = (userId: number) =>
  (server.database.sqlite.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(userId) as { n: number }).n;

describe('changing one’s own password', () => {
  it('needs the right current password, and says so at that field in Chinese and English', async () => {
    await createUser('sun.li', 'Sun-li-start-2026');
    for (const [lang, message] of [
      ['zh-CN', '当前密码不正确'],
      ['en', 'the current password is wrong'],
    ] as const) {
      const c = await signedIn('sun.li', 'Sun-li-start-2026', lang);
      const r = await change(c, 'not-my-password-9', 'Harbour-lantern-42');
      expect(r.status).toBe(400);
      expect(r.body.fields).toEqual([{ field: 'currentPassword', code: 'wrong_password', message }]);
    }
    // Nothing changed: the old password still opens the account.
    await signedIn('sun.li', 'Sun-li-start-2026');
  });

  it('refuses a new password that breaks the policy, naming the rule at the field', async () => {
    await createUser('wang.li', 'Wang-li-start-2026');
    const zh = await signedIn('wang.li', 'Wang-li-start-2026');
    const en = await signedIn('wang.li', 'Wang-li-start-2026', 'en');
    const cases: Array<[string, string, string, { field: string; code: string; zh: string; en: string }]> = [
      ['short-1', 'short-1', 'too short', { field: 'newPassword', code: 'too_small', zh: '至少 10 个字符', en: 'must be at least 10 characters' }],
      ['Wang.Li2026!!', 'Wang.Li2026!!', 'the username', { field: 'newPassword', code: 'password_username', zh: '不能是用户名，也不能是用户名加数字或符号', en: 'must not be the username, with or without digits and symbols' }],
      ['password123', 'password123', 'a common one', { field: 'newPassword', code: 'password_common', zh: '这是常见密码，很容易被猜中，请换一个', en: 'is a common password that is easy to guess; choose another' }],
      ['qwertyuiop', 'qwertyuiop', 'a keyboard row', { field: 'newPassword', code: 'password_common', zh: '这是常见密码，很容易被猜中，请换一个', en: 'is a common password that is easy to guess; choose another' }],
      ['1111111111', '1111111111', 'one repeated character', { field: 'newPassword', code: 'password_common', zh: '这是常见密码，很容易被猜中，请换一个', en: 'is a common password that is easy to guess; choose another' }],
      ['Wang-li-start-2026', 'Wang-li-start-2026', 'the current one', { field: 'newPassword', code: 'password_unchanged', zh: '不能与当前密码相同', en: 'must differ from the current password' }],
      ['Harbour-lantern-42', 'Harbour-lantern-43', 'a confirmation that differs', { field: 'confirmPassword', code: 'custom', zh: '两次输入的新密码不一致', en: 'does not match the new password' }],
    ];
    for (const [pw, confirm, what, expected] of cases) {
      const a = await change(zh, 'Wang-li-start-2026', pw, confirm);
      expect(a.status, what).toBe(400);
      expect(a.body.error, what).toBe('validation');
      expect(a.body.fields, what).toEqual([{ field: expected.field, code: expected.code, message: expected.zh }]);
      const b = await change(en, 'Wang-li-start-2026', pw, confirm);
      expect(b.body.fields, what).toEqual([{ field: expected.field, code: expected.code, message: expected.en }]);
    }
    await signedIn('wang.li', 'Wang-li-start-2026');
  });

  it('takes a good one: the old password is refused, other sessions end, this one stays', async () => {
    const id = await createUser('li.na', 'Li-na-start-2026', false, 'host');
    const here = await signedIn('li.na', 'Li-na-start-2026');
    const elsewhere = await signedIn('li.na', 'Li-na-start-2026');
    const socket = ioClient(`${server.url}/studio`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: elsewhere.cookie } });
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));

    // A cross-site form cannot change it: the CSRF token is required as for every mutation.
    const forged = new Client(server.url);
    forged.cookie = here.cookie;
    expect((await change(forged, 'Li-na-start-2026', 'Harbour-lantern-42')).status).toBe(403);

    const r = await change(here, 'Li-na-start-2026', 'Harbour-lantern-42');
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'li.na', mustChangePassword: false });
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await here.get('/api/studio/interviews')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    // The other session's open socket is closed by the change itself, not at its next action.
    expect(await dropped).toBe('io server disconnect');
    expect(sessionsOf(id)).toBe(1);

    const old = await new Client(server.url).post('/api/auth/login', { username: 'li.na', password: 'Li-na-start-2026' });
    expect(old.status).toBe(401);
    await signedIn('li.na', 'Harbour-lantern-42');
    const log = (await staff.admin.get(`/api/studio/audit?entity=user&entityId=${id}`)).body.map((e: any) => e.action);
    expect(log).toContain('user.password_change');
    expect(JSON.stringify(await staff.admin.get(`/api/studio/audit?entity=user&entityId=${id}`))).not.toMatch(/scrypt|Harbour/);
  });

  it('is open to every role', async () => {
    for (const role of ['host', 'director', 'reviewer', 'editor'] as const) {
      const r = await change(staff[role], `${role}-password-1`, `${role}-Harbour-lantern-42`);
      expect(r.status, role).toBe(200);
      expect((await change(staff[role], `${role}-Harbour-lantern-42`, `${role}-password-1`)).status, role).toBe(200);
    }
  });
});

describe('a forced change at first login with a given password', () => {
  it('lets a new account do nothing but change the password the admin gave it', async () => {
    const id = await createUser('zhao.min', 'Zhao-min-temp-2026', true, 'reviewer');
    expect((await staff.admin.get('/api/studio/users')).body.find((u: any) => u.id === id).mustChangePassword).toBe(true);
    const zhao = new Client(server.url);
    const login = await zhao.post('/api/auth/login', { username: 'zhao.min', password: 'Zhao-min-temp-2026' });
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    zhao.csrf = login.body.csrfToken;

    // Signed in, but every staff action is refused with one stable code until the password is changed.
    expect((await zhao.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
    for (const [method, url, body] of [
      ['GET', '/api/studio/interviews', undefined],
      ['GET', '/api/studio/interviews/1/questions', undefined],
      ['POST', '/api/studio/questions/1/transition', { to: 'approved' }],
      ['GET', '/api/studio/settings/sensitive-words', undefined],
    ] as const) {
      const r = await zhao.request(method, url, body);
      expect(r.status, url).toBe(403);
      expect(r.body, url).toMatchObject({ error: 'password_change_required', message: '请先修改密码：首次登录或密码被重置后须设置自己的新密码' });
    }
    const en = new Client(server.url, 'en');
    en.cookie = zhao.cookie;
    expect((await en.get('/api/studio/interviews')).body.message).toBe('Set a password of your own first: the one you were given must be changed');
    const socket = ioClient(`${server.url}/studio`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: zhao.cookie } });
    const refused = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(refused.message).toBe('password_change_required');
    socket.close();

    const ok = await change(zhao, 'Zhao-min-temp-2026', 'Harbour-lantern-42');
    expect(ok.status).toBe(200);
    expect(ok.body.user.mustChangePassword).toBe(false);
    expect((await zhao.get('/api/studio/interviews')).status).toBe(200);
  });

  it('forces a change again after an admin resets the password, and ends that user’s sessions', async () => {
    const id = await createUser('qian.yu', 'Qian-yu-start-2026');
    const qian = await signedIn('qian.yu', 'Qian-yu-start-2026');
    expect((await qian.get('/api/studio/interviews')).status).toBe(200);
    expect((await staff.admin.patch(`/api/studio/users/${id}`, { password: 'Reset-by-admin-77' })).body.mustChangePassword).toBe(true);
    expect((await qian.get('/api/auth/me')).status).toBe(401);
    const again = await signedIn('qian.yu', 'Reset-by-admin-77');
    expect((await again.get('/api/studio/interviews')).body.error).toBe('password_change_required');
    expect((await change(again, 'Reset-by-admin-77', 'Harbour-lantern-42')).status).toBe(200);
    expect((await again.get('/api/studio/interviews')).status).toBe(200);
  });

  it('forces the first admin to change a printed, generated password, but not one the operator set', async () => {
    expect((await staff.admin.get('/api/auth/me')).body.user.mustChangePassword).toBe(false);
    const fresh = await startServer({ ADMIN_PASSWORD: '' });
    try {
      expect(fresh.first.admin?.generated).toBe(true);
      const admin = new Client(fresh.url);
      await admin.login('admin', fresh.first.admin!.password);
      expect((await admin.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
      expect((await admin.get('/api/studio/users')).body.error).toBe('password_change_required');
      expect((await admin.post('/api/studio/users', { username: 'sneaky', displayName: 'x', role: 'admin', password: 'Sneaky-pass-2026' })).status).toBe(403);
      expect((await change(admin, fresh.first.admin!.password, 'Harbour-lantern-42')).status).toBe(200);
      expect((await admin.get('/api/studio/users')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});

describe('an admin and their own password', () => {
  it('is told to use the change-password form instead of being signed out by a reset', async () => {
    const self = (await staff.admin.get('/api/auth/me')).body.user;
    const r = await staff.admin.patch(`/api/studio/users/${self.id}`, { password: 'Reset-myself-2026' });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([
      { field: 'password', code: 'own_password_change', message: '自己的密码请在“修改密码”页修改（需输入当前密码）' },
    ]);
    expect((await staff.admin.get('/api/auth/me')).status).toBe(200);
    await signedIn('admin', ADMIN_PASSWORD);
  });
});

describe('editing accounts', () => {
  it('answers 400 for a PATCH with nothing to change, and changes nothing', async () => {
    const id = await createUser('zhou.bo', 'Zhou-bo-start-2026');
    const before = (await staff.admin.get('/api/studio/users')).body.find((u: any) => u.id === id);
    for (const body of [{}, { nickname: 'x', isAdmin: true }]) {
      const r = await staff.admin.patch(`/api/studio/users/${id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ error: 'validation', message: '提交的内容有误，请检查后重试：没有要修改的内容（可修改：姓名、职务、角色、启用状态、密码）' });
    }
    const en = new Client(server.url, 'en');
    en.cookie = staff.admin.cookie;
    en.csrf = staff.admin.csrf;
    expect((await en.patch(`/api/studio/users/${id}`, {})).body.message).toBe('Some fields are invalid: nothing to change (displayName, title, role, active or password)');
    expect((await staff.admin.get('/api/studio/users')).body.find((u: any) => u.id === id)).toEqual(before);
  });

  it('answers one 201 and 409 username_taken to concurrent creates of the same username', async () => {
    const body = { username: 'same.name', displayName: '同名', role: 'editor', password: 'Same-name-2026x' };
    const results = await Promise.all([1, 2, 3, 4].map(() => staff.admin.post('/api/studio/users', body)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body).toEqual({
        error: 'username_taken',
        message: '用户名已被占用',
        fields: [{ field: 'username', code: 'username_taken', message: '用户名已被占用' }],
      });
    }
    const en = new Client(server.url, 'en');
    en.cookie = staff.admin.cookie;
    en.csrf = staff.admin.csrf;
    const later = await en.post('/api/studio/users', body);
    expect(later.status).toBe(409);
    expect(later.body.fields).toEqual([{ field: 'username', code: 'username_taken', message: 'This username is already taken' }]);
    expect((await staff.admin.get('/api/studio/users')).body.filter((u: any) => u.username === 'same.name')).toHaveLength(1);
  });

  it('changes a display name and a role, which the account’s open session feels at once', async () => {
    const id = await createUser('wu.fang', 'Wu-fang-start-2026', false, 'host');
    const wu = await signedIn('wu.fang', 'Wu-fang-start-2026');
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '改角色以后能审核吗' });
    expect((await wu.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'approved' })).status).toBe(403);
    const r = await staff.admin.patch(`/api/studio/users/${id}`, { displayName: '吴芳', role: 'reviewer' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ displayName: '吴芳', role: 'reviewer' });
    expect((await wu.get('/api/auth/me')).body.user).toMatchObject({ displayName: '吴芳', role: 'reviewer' });
    expect((await wu.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'approved' })).status).toBe(200);
    const entry = (await staff.admin.get(`/api/studio/audit?entity=user&entityId=${id}`)).body.at(-1);
    expect(entry).toMatchObject({ action: 'user.update', before: { displayName: 'wu.fang', role: 'host' }, after: { displayName: '吴芳', role: 'reviewer' } });
  });
});

describe('expired sessions', () => {
  it('are purged when the server starts', async () => {
    const dataDir = tempDataDir();
    let s = await startServer({}, dataDir);
    const kept = new Client(s.url);
    await kept.login('admin', ADMIN_PASSWORD);
    const gone = new Client(s.url);
    await gone.login('admin', ADMIN_PASSWORD);
    // Age one of the two, as if its 12 hours had passed.
    s.database.sqlite.prepare("UPDATE sessions SET expires_at = '2020-01-01T00:00:00.000Z' WHERE rowid = (SELECT max(rowid) FROM sessions)").run();
    await s.close();
    s = await startServer({}, dataDir);
    try {
      const rows = s.database.sqlite.prepare('SELECT expires_at FROM sessions').all() as Array<{ expires_at: string }>;
      expect(rows).toHaveLength(1);
      expect(Date.parse(rows[0]!.expires_at)).toBeGreaterThan(Date.now());
      const again = new Client(s.url);
      again.cookie = kept.cookie;
      expect((await again.get('/api/auth/me')).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('are purged periodically while the server runs', async () => {
    const s = await startServer({ SESSION_PURGE_SECONDS: '1' });
    try {
      const live = new Client(s.url);
      await live.login('admin', ADMIN_PASSWORD);
      s.database.sqlite
        .prepare("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ('stale', 1, 'x', '2020-01-01T00:00:00.000Z', '2020-01-01T12:00:00.000Z')")
        .run();
      const stale = () => (s.database.sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE id_hash = 'stale'").get() as { n: number }).n;
      await expect.poll(stale, { timeout: 10_000, interval: 200 }).toBe(0);
      expect((await live.get('/api/auth/me')).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
