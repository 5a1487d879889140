import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface OpenedDb {
  db: Db;
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing cost more than running the insert itself
 * under load (bench/RESULTS.md). The same SQL text gets the same prepared statement.
 */
function withStatementCache(sqlite: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

/** Opens (creating if needed) the SQLite file in dataDir, in WAL mode, and applies pending migrations. */
export async function openDatabase(dataDir: string, synchronous: 'NORMAL' | 'FULL'): Promise<OpenedDb> {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(path.join(dataDir, 'fangtan.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: a commit is in the WAL file before the call returns, so it survives the process
  // dying the next instant; FULL adds an fsync per commit for power loss (see bench/RESULTS.md).
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // INSERT OR REPLACE then fires DELETE triggers for the rows it replaces, so the audit log's refusal holds
  // on this connection even without its own insert trigger (migration 0004).
  sqlite.pragma('recursive_triggers = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
  return {
    db,
    sqlite,
    close: () => db.destroy(),
  };
}
