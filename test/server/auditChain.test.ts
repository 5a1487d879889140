import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/chain.js';
import { recordAudit, SYSTEM } from '../../server/audit/log.js';
import { openDatabase } from '../../server/db/index.js';
import { migrationProvider } from '../../server/db/migrations.js';
import { Client, startServer, staffClients, tempDataDir, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

const dbFile = (dir: string) => path.join(dir, 'fangtan.sqlite');
const count = () => (server.database.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

async function ask(content: string): Promise<number> {
  const r = await new Client(server.url).post('/api/interviews/demo/questions', { content, contact: '13900001111' });
  expect(r.status).toBe(201);
  return r.body.id;
}

describe('the audit log refuses to be rewritten', () => {
  it('refuses INSERT OR REPLACE of an existing entry, on the server’s connection and on any other', async () => {
    const first = server.database.sqlite.prepare('SELECT * FROM audit_log ORDER BY id LIMIT 1').get() as Record<string, unknown>;
    // REPLACE deletes the old row without firing DELETE triggers: without a guard of its own it rewrites the entry.
    const replace = `INSERT OR REPLACE INTO audit_log (id, at, actor_id, actor_name, action, entity, entity_id, before, after, reason)
      VALUES (@id, @at, NULL, 'nobody (system)', 'user.create', 'user', 1, NULL, NULL, 'rewritten')`;
    expect(() => server.database.sqlite.prepare(replace).run(first)).toThrow(/append-only/);
    const other = new SQLite(dbFile(server.dataDir));
    try {
      other.pragma('busy_timeout = 5000');
      expect(() => other.prepare(replace).run(first)).toThrow(/append-only/);
      expect(() => other.prepare(`INSERT INTO audit_log (id, at, actor_name, action, entity) VALUES (@id, 'x', 'x', 'x', 'x') ON CONFLICT(id) DO UPDATE SET reason = 'x'`).run(first)).toThrow(/append-only/);
    } finally {
      other.close();
    }
    expect(server.database.sqlite.prepare('SELECT * FROM audit_log WHERE id = ?').get(first.id)).toEqual(first);
  });
});

describe('the audit log is tamper-evident', () => {
  it('verifies a fresh log, for admins only', async () => {
    const r = await staff.admin.get('/api/studio/audit/verify');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, entries: count() });
    expect(r.body.head).toMatch(/^[0-9a-f]{64}$/);
    for (const role of ['host', 'director', 'reviewer', 'editor'] as const) expect((await staff[role].get('/api/studio/audit/verify')).status, role).toBe(403);
    expect((await new Client(server.url).get('/api/studio/audit/verify')).status).toBe(401);
  });

  it('keeps the chain whole under many concurrent writers, in and outside transactions', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(`并发写入审计日志的问题第${i}个`)));
    const before = count();
    const answers = await Promise.all([
      ...ids.map((id, i) => staff.reviewer.post(`/api/studio/questions/${id}/transition`, i % 2 ? { to: 'approved' } : { to: 'rejected', reason: '重复' })),
      // A contact reveal and a login write their entry outside any caller's transaction.
      ...ids.map((id) => staff.reviewer.get(`/api/studio/questions/${id}/contact`)),
      ...Array.from({ length: 4 }, () => new Client(server.url).post('/api/auth/login', { username: 'host1', password: 'host-password-1' })),
      ...Array.from({ length: 6 }, (_, i) => new Client(server.url).post('/api/interviews/demo/questions', { content: `并发期间又来的问题${i}` })),
    ]);
    expect(answers.map((a) => a.status)).toEqual([...ids.map(() => 200), ...ids.map(() => 200), 200, 200, 200, 200, 201, 201, 201, 201, 201, 201]);
    // Every write got its entry: none was refused for chaining to a stale last entry.
    expect(count()).toBe(before + ids.length * 2 + 4 + 6);
    // The same in-process, many at once: callers outside a transaction and inside their own.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? recordAudit(server.domain.db, { actor: SYSTEM, action: 'test.concurrent', entity: 'settings', entityId: null, after: { i } })
          : server.domain.db.transaction().execute((trx) => recordAudit(trx, { actor: SYSTEM, action: 'test.concurrent', entity: 'settings', entityId: null, after: { i } })),
      ),
    );
    expect(count()).toBe(before + ids.length * 2 + 4 + 6 + 40);
    const r = await staff.admin.get('/api/studio/audit/verify');
    expect(r.body).toMatchObject({ ok: true, entries: count() });
  });

  it('finds an entry edited in the file by another connection with the triggers dropped, and names its id', async () => {
    const id = await ask('被篡改的审计记录所属问题');
    await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'rejected', reason: '含有广告' });
    const target = server.database.sqlite.prepare("SELECT id FROM audit_log WHERE action = 'question.rejected' AND entity_id = ?").get(id) as { id: number };
    // More entries after it, so the break is in the middle of the chain.
    await ask('篡改之后的问题');
    expect((await staff.admin.get('/api/studio/audit/verify')).body.ok).toBe(true);

    const other = new SQLite(dbFile(server.dataDir));
    try {
      other.pragma('busy_timeout = 5000');
      other.exec('DROP TRIGGER audit_log_no_update');
      other.prepare("UPDATE audit_log SET reason = '与访谈主题无关' WHERE id = ?").run(target.id);
    } finally {
      other.close();
    }
    const r = await staff.admin.get('/api/studio/audit/verify');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: false, brokenAt: target.id, reason: 'hash_mismatch' });
    expect(r.body.entries).toBe(target.id - 1);
  });

  it('finds an entry deleted from the middle of the file', async () => {
    const dir = tempDataDir();
    const s = await startServer({}, dir);
    try {
      const admin = new Client(s.url);
      await admin.login('admin', 'admin-password-1');
      const rows = s.database.sqlite.prepare('SELECT id FROM audit_log ORDER BY id').all() as Array<{ id: number }>;
      const victim = rows[1]!.id;
      const other = new SQLite(dbFile(dir));
      other.exec('DROP TRIGGER audit_log_no_delete');
      other.prepare('DELETE FROM audit_log WHERE id = ?').run(victim);
      other.close();
      expect((await admin.get('/api/studio/audit/verify')).body).toMatchObject({ ok: false, brokenAt: rows[2]!.id, reason: 'hash_mismatch' });
    } finally {
      await s.close();
    }
  });
});

describe('migration 0004_audit_chain', () => {
  it('chains the entries written before it, in id order, and the chain goes on from there', async () => {
    const dir = tempDataDir();
    const sqlite = new SQLite(dbFile(dir));
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrated = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('0002_invites');
    expect(migrated.error).toBeUndefined();
    const insert = sqlite.prepare(
      'INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run('2026-01-01T00:00:00.000Z', null, 'system (system)', 'user.create', 'user', 1, null, '{"username":"admin"}', null);
    insert.run('2026-01-01T00:01:00.000Z', 1, 'admin (admin)', 'auth.login', 'user', 1, null, null, null);
    insert.run('2026-01-01T00:02:00.000Z', 1, 'admin (admin)', 'question.rejected', 'question', 7, '{"status":"pending"}', '{"status":"rejected"}', '广告');
    await old.destroy();

    const opened = await openDatabase(dir, 'NORMAL');
    try {
      expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: true, entries: 3 });
      // The old entries are untouched apart from their new hash, and the log is still append-only.
      expect(opened.sqlite.prepare('SELECT reason FROM audit_log WHERE id = 3').get()).toEqual({ reason: '广告' });
      expect(() => opened.sqlite.prepare('UPDATE audit_log SET reason = NULL WHERE id = 3').run()).toThrow(/append-only/);
      // An entry written without its hash (code that bypassed recordAudit) is refused.
      expect(() =>
        opened.sqlite
          .prepare("INSERT INTO audit_log (at, actor_name, action, entity) VALUES ('2026-01-02T00:00:00.000Z', 'x (system)', 'x', 'x')")
          .run(),
      ).toThrow(/hash/);
    } finally {
      await opened.close();
    }
    const s = await startServer({}, dir);
    try {
      const admin = new Client(s.url);
      // The old admin row was never created in this file; the first start creates one and audits it.
      await admin.login('admin', 'admin-password-1');
      const r = await admin.get('/api/studio/audit/verify');
      expect(r.body).toMatchObject({ ok: true });
      expect(r.body.entries).toBeGreaterThan(3);
    } finally {
      await s.close();
    }
  });
});
