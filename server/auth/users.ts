import type { Role } from '../../shared/roles.js';
import type { StaffUser, UserCreate, UserUpdate } from '../../shared/schemas/auth.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../http/errors.js';
import { hashPassword, verifyPassword } from './passwords.js';

type UserRow = Selectable<Database['users']>;

export function toStaffUser(r: UserRow): StaffUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

/** Staff accounts: creation and changes are admin actions, each audited. */
export class UserService {
  constructor(private readonly db: Db) {}

  async list(): Promise<StaffUser[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('id').execute();
    return rows.map(toStaffUser);
  }

  async get(id: number): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStaffUser(row);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async create(input: UserCreate, actor: Actor): Promise<StaffUser> {
    const taken = await this.db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new DomainError('conflict', 'username', 'taken');
    const password_hash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('users')
        .values({
          username: input.username,
          display_name: input.displayName,
          role: input.role,
          password_hash,
          active: 1,
          created_at: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const user = toStaffUser(row);
      await recordAudit(trx, { actor, action: 'user.create', entity: 'user', entityId: user.id, after: user });
      return user;
    });
  }

  async update(id: number, input: UserUpdate, actor: Actor): Promise<StaffUser> {
    const before = await this.get(id);
    if (!before) throw new DomainError('not_found', 'user');
    if (actor.id === id && (input.active === false || (input.role && input.role !== 'admin'))) {
      // An admin locking themselves out leaves nobody to undo it.
      throw new DomainError('conflict', 'self', 'cannot_demote_self');
    }
    const password_hash = input.password ? await hashPassword(input.password) : undefined;
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('users')
        .set({
          ...(input.displayName !== undefined && { display_name: input.displayName }),
          ...(input.role !== undefined && { role: input.role }),
          ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
          ...(password_hash && { password_hash }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (input.active === false || password_hash) {
        // A deactivated account or a reset password ends every open session of that user.
        await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      }
      const after = toStaffUser(row);
      await recordAudit(trx, {
        actor,
        action: password_hash ? 'user.update+password' : 'user.update',
        entity: 'user',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** Returns the active user whose credentials match, or undefined; same work either way. */
  async authenticate(username: string, password: string): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    // Hash even for unknown users so response time does not reveal which usernames exist.
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok || row.active !== 1) return undefined;
    return toStaffUser(row);
  }
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
