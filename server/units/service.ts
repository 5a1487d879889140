import SQLite from 'better-sqlite3';
import type { Selectable, Transaction } from 'kysely';
import type { Unit, UnitCreate, UnitUpdate } from '../../shared/schemas/unit.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../http/errors.js';

type UnitRow = Selectable<Database['units']>;

/** A unit row as the studio sees it. */
export function toUnit(r: UnitRow): Unit {
  return { id: r.id, name: r.name, active: r.active === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** Units (单位): the list the admin keeps, which interviews and liaisons name. Every change is audited. */
export class UnitService {
  constructor(private readonly db: Db) {}

  async list(): Promise<Unit[]> {
    return (await this.db.selectFrom('units').selectAll().orderBy('name').execute()).map(toUnit);
  }

  async get(id: number): Promise<Unit | undefined> {
    const row = await this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUnit(row);
  }

  /**
   * The unit a new interview or liaison may be given: one that exists and is active. `field` names the
   * request field at fault, so the form can point at it.
   */
  async assignable(id: number, field: string): Promise<Unit> {
    const unit = await this.get(id);
    if (!unit) throw new DomainError('validation', field, 'unit_unknown');
    if (!unit.active) throw new DomainError('validation', field, 'unit_inactive');
    return unit;
  }

  async create(input: UnitCreate, actor: Actor): Promise<Unit> {
    return this.db.transaction().execute((trx) => insertUnit(trx, input.name, actor));
  }

  /** Renames (every interview of the unit shows the new name at once) or (de)activates a unit. */
  async update(id: number, input: UnitUpdate, actor: Actor): Promise<Unit> {
    const before = await this.get(id);
    if (!before) throw new DomainError('not_found', 'unit');
    if (input.name === undefined && input.active === undefined) throw new DomainError('validation', undefined, 'nothing_to_change_unit');
    const now = new Date().toISOString();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('units')
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
            updated_at: now,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        // The interviews keep a copy of the name for their public view: it follows in the same commit.
        if (input.name !== undefined && input.name !== before.name) {
          await trx.updateTable('interviews').set({ unit: input.name }).where('unit_id', '=', id).execute();
        }
        const after = toUnit(row);
        await recordAudit(trx, { actor, action: 'unit.update', entity: 'unit', entityId: id, before, after, at: now });
        return after;
      });
    } catch (err) {
      throw nameTaken(err);
    }
  }
}

/**
 * Adds a unit inside the caller's transaction, audited; a name already on the list is a 409 on `name`.
 * The interview service uses it too, for a client that still names its unit by text.
 */
export async function insertUnit(trx: Transaction<Database>, name: string, actor: Actor): Promise<Unit> {
  const now = new Date().toISOString();
  try {
    const row = await trx.insertInto('units').values({ name, active: 1, created_at: now, updated_at: now }).returningAll().executeTakeFirstOrThrow();
    const unit = toUnit(row);
    await recordAudit(trx, { actor, action: 'unit.create', entity: 'unit', entityId: unit.id, after: unit, at: now });
    return unit;
  } catch (err) {
    throw nameTaken(err);
  }
}

// The UNIQUE index decides between two admins adding the same name at once.
function nameTaken(err: unknown): unknown {
  if (err instanceof SQLite.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') return new DomainError('conflict', 'name', 'unit_taken');
  return err;
}
