import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/index.js';
import { migrationProvider } from '../../server/db/migrations.js';
import { ADMIN_PASSWORD, Client, startServer, tempDataDir } from '../helpers/server.js';

const tables = (sqlite: SQLite.Database) =>
  (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);

describe('database housekeeping', () => {
  it('has no settings table in a new database: nothing ever read it', async () => {
    const opened = await openDatabase(tempDataDir(), 'NORMAL');
    try {
      expect(tables(opened.sqlite)).not.toContain('settings');
      expect(tables(opened.sqlite)).toEqual(expect.arrayContaining(['users', 'interviews', 'questions', 'audit_log', 'sensitive_words']));
    } finally {
      await opened.close();
    }
  });

  it('drops the settings table of a database from an earlier release and keeps everything else', async () => {
    const dir = tempDataDir();
    // A file as the first releases left it: migrated up to the invitations, with a row in the old table.
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'fangtan.sqlite')) }) });
    const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('0002_invites');
    expect(error).toBeUndefined();
    await old.destroy();
    const raw = new SQLite(path.join(dir, 'fangtan.sqlite'));
    raw.prepare("INSERT INTO settings (key, value) VALUES ('unused', 'x')").run();
    raw.prepare("INSERT INTO sensitive_words (word) VALUES ('刻章')").run();
    raw.close();

    const opened = await openDatabase(dir, 'NORMAL');
    try {
      expect(tables(opened.sqlite)).not.toContain('settings');
      expect(opened.sqlite.prepare('SELECT word FROM sensitive_words').all()).toEqual([{ word: '刻章' }]);
      const applied = (opened.sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
      expect(applied).toContain('0006_housekeeping');
    } finally {
      await opened.close();
    }
  });

  it('fills the unit list from the unit texts of an older database and links every interview to its unit', async () => {
    const dir = tempDataDir();
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'fangtan.sqlite')) }) });
    const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('0006_housekeeping');
    expect(error).toBeUndefined();
    await old.destroy();
    const raw = new SQLite(path.join(dir, 'fangtan.sqlite'));
    const insert = raw.prepare(`INSERT INTO interviews (slug, title, unit, topic, summary, scheduled_start, scheduled_end, status, pre_moderation, guests, created_at, updated_at)
      VALUES (?, ?, ?, '', '', '2026-03-01T02:00:00.000Z', '2026-03-01T03:00:00.000Z', 'scheduled', 1, '[]', '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`);
    insert.run('water-1', '供水', '区水利局');
    insert.run('school', '入学', '区教育局');
    insert.run('water-2', '防汛', '区水利局');
    raw.close();

    const server = await startServer({ DEMO: '0' }, dir);
    try {
      const admin = new Client(server.url);
      await admin.login('admin', ADMIN_PASSWORD);
      const units = (await admin.get('/api/studio/units')).body;
      expect(units.map((u: any) => [u.name, u.active])).toEqual([
        ['区教育局', true],
        ['区水利局', true],
      ]);
      const water = units.find((u: any) => u.name === '区水利局').id;
      const interviews = (await admin.get('/api/studio/interviews')).body;
      expect(Object.fromEntries(interviews.map((i: any) => [i.slug, [i.unit, i.unitId]]))).toEqual({
        'water-1': ['区水利局', water],
        'water-2': ['区水利局', water],
        school: ['区教育局', units.find((u: any) => u.name === '区教育局').id],
      });
      // The public contract is unchanged: the interview says its unit by name.
      expect((await new Client(server.url).get('/api/interviews/water-2')).body.unit).toBe('区水利局');
    } finally {
      await server.close();
    }
  });
});
