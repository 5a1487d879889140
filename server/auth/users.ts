import SQLite from 'better-sqlite3';
import { UNIT_BOUND, type Role } from '../../shared/roles.js';
import type { PasswordChange, StaffUser, UserCreate, UserUpdate } from '../../shared/schemas/auth.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import { passwordProblem } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { UnitService } from '../units/service.js';
import { hashToken } from './tokens.js';

type UserRow = Selectable<Database['users']>;

export function toStaffUser(r: UserRow): StaffUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    title: r.title,
    role: r.role as Role,
    active: r.active === 1,
    unitId: r.unit_id,
    mustChangePassword: r.must_change_password === 1,
    createdAt: r.created_at,
  };
}

/** Staff accounts: creation and changes are admin actions, each audited. */
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly units: UnitService,
  ) {}

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

  /**
   * Creates an account. The password is one the admin chose for someone else, so by default its holder
   * must replace it at first login; a second account with a taken name is a 409 however close the race.
   */
  async create(input: UserCreate, actor: Actor): Promise<StaffUser> {
    const taken = await this.db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new DomainError('username_taken', 'username');
    const unit_id = await this.unitFor(input.role, input.unitId);
    checkPolicy(input.password, input.username, 'password');
    const password_hash = await hashPassword(input.password);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('users')
          .values({
            username: input.username,
            display_name: input.displayName,
            title: input.title ?? '',
            role: input.role,
            unit_id,
            password_hash,
            active: 1,
            must_change_password: input.mustChangePassword === false ? 0 : 1,
            created_at: new Date().toISOString(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const user = toStaffUser(row);
        await recordAudit(trx, { actor, action: 'user.create', entity: 'user', entityId: user.id, after: user });
        return user;
      });
    } catch (err) {
      // Hashing takes a while, so concurrent creates all pass the check above; the UNIQUE index decides.
      if (err instanceof SQLite.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DomainError('username_taken', 'username');
      throw err;
    }
  }

  /** An admin's change to an account: name, role, active, a reset password (forcing a change by default). */
  async update(id: number, input: UserUpdate, actor: Actor): Promise<StaffUser> {
    const before = await this.get(id);
    if (!before) throw new DomainError('not_found', 'user');
    const { displayName, title, role, active, password, mustChangePassword, unitId } = input;
    if ([displayName, title, role, active, password, mustChangePassword, unitId].every((v) => v === undefined)) {
      // An UPDATE with nothing to set is not SQL; an empty or unknown-keys-only body is the caller's mistake.
      throw new DomainError('validation', undefined, 'nothing_to_change');
    }
    if (actor.id === id && (active === false || (role && role !== 'admin'))) {
      // An admin locking themselves out leaves nobody to undo it.
      throw new DomainError('conflict', 'self', 'cannot_demote_self');
    }
    if (actor.id === id && password !== undefined) {
      // A reset ends every session of the account, the admin's own included: their own change (with the
      // current password) keeps them signed in instead.
      throw new DomainError('validation', 'password', 'own_password_change');
    }
    // The unit follows the role: kept (or changed) for a liaison, cleared when the account leaves the role.
    let unit_id: number | null | undefined;
    if (role !== undefined || unitId !== undefined) {
      const nextRole = role ?? before.role;
      const kept = UNIT_BOUND.includes(nextRole) ? (before.unitId ?? undefined) : undefined;
      unit_id = await this.unitFor(nextRole, unitId ?? kept, before.unitId);
    }
    if (password !== undefined) checkPolicy(password, before.username, 'password');
    const password_hash = password ? await hashPassword(password) : undefined;
    const mustChange = password_hash ? mustChangePassword !== false : mustChangePassword;
    const updated = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('users')
        .set({
          ...(displayName !== undefined && { display_name: displayName }),
          ...(title !== undefined && { title }),
          ...(role !== undefined && { role }),
          ...(unit_id !== undefined && { unit_id }),
          ...(active !== undefined && { active: active ? 1 : 0 }),
          ...(password_hash && { password_hash }),
          ...(mustChange !== undefined && { must_change_password: mustChange ? 1 : 0 }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (active === false || password_hash) {
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
    this.bus.emit('staff:access-changed', { userId: id });
    return updated;
  }

  /**
   * A staff member's change of their own password: the current one must match, the new one pass the
   * policy. Their other sessions end (someone else may hold one); the one they are using stays.
   */
  async changeOwnPassword(userId: number, sessionId: string, input: PasswordChange, actor: Actor): Promise<StaffUser> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!row) throw new DomainError('unauthorized');
    if (!(await verifyPassword(input.currentPassword, row.password_hash))) {
      throw new DomainError('validation', 'currentPassword', 'wrong_password');
    }
    checkPolicy(input.newPassword, row.username, 'newPassword');
    if (input.newPassword.normalize('NFKC') === input.currentPassword.normalize('NFKC')) {
      throw new DomainError('validation', 'newPassword', 'password_unchanged');
    }
    const password_hash = await hashPassword(input.newPassword);
    const changed = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('users')
        .set({ password_hash, must_change_password: 0 })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.deleteFrom('sessions').where('user_id', '=', userId).where('id_hash', '!=', hashToken(sessionId)).execute();
      const after = toStaffUser(updated);
      await recordAudit(trx, {
        actor,
        action: 'user.password_change',
        entity: 'user',
        entityId: userId,
        before: { mustChangePassword: row.must_change_password === 1 },
        after: { mustChangePassword: false },
      });
      return after;
    });
    this.bus.emit('staff:access-changed', { userId });
    return changed;
  }

  /**
   * The unit an account of `role` holds: a liaison must name an active unit (or keep the one it has), the
   * other roles none. Null for the roles without one.
   */
  private async unitFor(role: Role, unitId: number | undefined, current?: number | null): Promise<number | null> {
    if (!UNIT_BOUND.includes(role)) {
      if (unitId !== undefined) throw new DomainError('validation', 'unitId', 'unit_not_for_role');
      return null;
    }
    if (unitId === undefined) throw new DomainError('validation', 'unitId', 'unit_required');
    if (unitId !== current) await this.units.assignable(unitId, 'unitId');
    return unitId;
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

/** Refuses a password the policy rejects, naming the field it was typed in. */
function checkPolicy(password: string, username: string, field: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new DomainError('validation', field, problem);
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
