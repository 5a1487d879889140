import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/index.js';
import { migrationProvider } from '../../server/db/migrations.js';
import { tempDataDir } from '../helpers/server.js';

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
});
