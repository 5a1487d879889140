import type { StaffUser } from '../../shared/schemas/auth.js';
import type { Db } from '../db/index.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import { hashToken, newToken } from './tokens.js';
import { toStaffUser } from './users.js';

export interface Session {
  user: StaffUser;
  csrfToken: string;
}

/** Server-side staff sessions: the cookie carries a random id, the database only its hash. */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly bus: DomainBus,
  ) {}

  async create(userId: number): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
    const id = newToken();
    const csrfToken = newToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: hashToken(id),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    return { id, csrfToken, expiresAt };
  }

  /** The live session for a cookie value, with its user; undefined if unknown, expired or deactivated. */
  async find(id: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id_hash', '=', hashToken(id))
      .executeTakeFirst();
    if (!row || row.active !== 1 || Date.parse(row.expires_at) <= Date.now()) return undefined;
    return { user: toStaffUser(row), csrfToken: row.csrf_token };
  }

  /**
   * The session for a staff action: unauthorized without a live one, password_change_required while its
   * user still holds a generated or reset password. Every door (HTTP, /studio, /media) asks here, so a
   * forced change cannot be stepped around by another transport.
   */
  async findActing(id: string | undefined, opts: { pendingPasswordChange?: 'allow' } = {}): Promise<Session> {
    const session = id ? await this.find(id) : undefined;
    if (!session) throw new DomainError('unauthorized');
    if (session.user.mustChangePassword && opts.pendingPasswordChange !== 'allow') throw new DomainError('password_change_required');
    return session;
  }

  /** Ends one session (sign-out); the sockets opened with it are closed. */
  async destroy(id: string): Promise<void> {
    const row = await this.db.deleteFrom('sessions').where('id_hash', '=', hashToken(id)).returning('user_id').executeTakeFirst();
    if (row) this.bus.emit('staff:access-changed', { userId: row.user_id });
  }

  /** Deletes the sessions past their expiry (find() already ignores them), returning how many. */
  async purgeExpired(): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', new Date().toISOString()).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
