import type { AuditEntry } from '../../shared/schemas/audit.js';
import type { Role } from '../../shared/roles.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { Selectable } from 'kysely';
import { entryHash, GENESIS_HASH, type ChainedEntry } from './chain.js';

/** Who did something: a staff member, a netizen (anonymous) or the system itself. */
export interface Actor {
  id: number | null;
  name: string;
  role: Role | 'netizen' | 'system';
}

export const SYSTEM: Actor = { id: null, name: 'system', role: 'system' };
export const NETIZEN: Actor = { id: null, name: 'netizen', role: 'netizen' };

export interface AuditInput {
  actor: Actor;
  action: string;
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  at?: string;
}

/**
 * Appends one line to the audit log, inside the caller's transaction so it commits with the change, chained to
 * the line before it (see chain.ts).
 */
export async function recordAudit(db: Db, e: AuditInput): Promise<void> {
  // Reading the previous hash and writing the next entry must be one transaction, or another writer could slip
  // in between and two entries would chain to the same one. SQLite runs one write transaction at a time, and
  // the explicit id (the last one + 1) makes a writer that read a stale last entry fail instead of forking.
  if (!db.isTransaction) return db.transaction().execute((trx) => recordAudit(trx, e));
  const last = await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const entry: ChainedEntry = {
    id: (last?.id ?? 0) + 1,
    at: e.at ?? new Date().toISOString(),
    actor_id: e.actor.id,
    actor_name: `${e.actor.name} (${e.actor.role})`,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    reason: e.reason ?? null,
  };
  await db
    .insertInto('audit_log')
    .values({ ...entry, hash: entryHash(last?.hash ?? GENESIS_HASH, entry) })
    .execute();
}

/** Reads the audit trail of one entity, or the newest entries of a kind, oldest first. */
export async function listAudit(
  db: Db,
  filter: { entity?: string | undefined; entityId?: number | undefined; limit: number },
): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  const rows = await q.execute();
  return rows.reverse().map(toAuditEntry);
}

/** One stored line of the log as the studio reads it (its before/after JSON parsed). */
export function toAuditEntry(r: Selectable<Database['audit_log']>): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    reason: r.reason,
  };
}
