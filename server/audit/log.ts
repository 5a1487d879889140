import type { AuditEntry } from '../../shared/schemas/audit.js';
import type { Role } from '../../shared/roles.js';
import type { Db } from '../db/index.js';

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

/** Appends one line to the audit log, inside the caller's transaction so it commits with the change. */
export async function recordAudit(db: Db, e: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at ?? new Date().toISOString(),
      actor_id: e.actor.id,
      actor_name: `${e.actor.name} (${e.actor.role})`,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      reason: e.reason ?? null,
    })
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
  return rows.reverse().map((r) => ({
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
  }));
}
