import { createHash } from 'node:crypto';
import type { AuditVerification } from '../../shared/schemas/audit.js';
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';

/**
 * The stored columns of one audit entry that its hash covers, as stored (before/after as their JSON text):
 * the table's own row type less the hash itself, so this type and the table cannot drift apart (a new column
 * must still be added to `entryHash` by hand, with a migration that re-chains).
 */
export type ChainedEntry = Omit<Selectable<Database['audit_log']>, 'hash'>;

/** What the first entry is chained to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the previous entry's hash and this entry's columns, in a fixed order as a JSON array (so no
 * value can run into the next one and two different entries never serialise alike). The id is covered too, so
 * a deleted or moved entry breaks the chain at the one after it. Migration 0004 chained the older entries with
 * this very function: changing it breaks every existing chain.
 */
export function entryHash(previousHash: string, e: ChainedEntry): string {
  const canonical = JSON.stringify([e.id, e.at, e.actor_id, e.actor_name, e.action, e.entity, e.entity_id, e.before, e.after, e.reason]);
  return createHash('sha256').update(`${previousHash}\n${canonical}`, 'utf8').digest('hex');
}

/** Entries read per query while verifying, so a long log is never held in memory at once. */
const VERIFY_PAGE = 1000;

/**
 * Recomputes the whole chain in id order and says where it first breaks: an entry whose columns were changed
 * in the file, or that follows a deleted one, no longer matches its hash.
 */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let previous = GENESIS_HASH;
  let entries = 0;
  let lastId = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(VERIFY_PAGE).execute();
    if (rows.length === 0) return { ok: true, entries, head: entries === 0 ? null : previous };
    for (const row of rows) {
      if (row.hash === null) return { ok: false, entries, brokenAt: row.id, reason: 'hash_missing' };
      if (entryHash(previous, row) !== row.hash) return { ok: false, entries, brokenAt: row.id, reason: 'hash_mismatch' };
      previous = row.hash;
      entries++;
      lastId = row.id;
    }
  }
}
