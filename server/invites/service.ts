import type { Selectable } from 'kysely';
import type { Invite, InviteCreate, InviteView } from '../../shared/schemas/invite.js';
import { recordAudit, type Actor } from '../audit/log.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import type { InterviewService } from '../interviews/service.js';

function toInvite(r: Selectable<Database['invites']>): Invite {
  return {
    id: r.id,
    interviewId: r.interview_id,
    guestName: r.guest_name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/**
 * Ends every invitation of an interview that still works, as of `at`, inside the caller's transaction
 * (the interview's end): a guest's link must stop opening the stage the moment the broadcast is over.
 */
export async function expireInvites(trx: Db, interviewId: number, actor: Actor, at: string): Promise<void> {
  const open = await trx
    .selectFrom('invites')
    .selectAll()
    .where('interview_id', '=', interviewId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .execute();
  for (const row of open) {
    const updated = await trx.updateTable('invites').set({ expires_at: at }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'invite.expire',
      entity: 'invite',
      entityId: row.id,
      before: toInvite(row),
      after: toInvite(updated),
      reason: 'interview_ended',
      at,
    });
  }
}

/** Invitations for remote guests: no staff account, one interview, until expiry or revocation. */
export class InviteService {
  constructor(
    private readonly db: Db,
    private readonly interviews: InterviewService,
    private readonly bus: DomainBus,
  ) {}

  async create(interviewId: number, input: InviteCreate, actor: Actor & { id: number }): Promise<Invite & { token: string }> {
    await this.interviews.getById(interviewId);
    const token = newToken();
    const now = new Date();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('invites')
        .values({
          interview_id: interviewId,
          guest_name: input.guestName,
          token_hash: hashToken(token),
          created_by: actor.id,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + input.expiresInHours * 3600_000).toISOString(),
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const invite = toInvite(row);
      await recordAudit(trx, { actor, action: 'invite.create', entity: 'invite', entityId: invite.id, after: invite });
      return { ...invite, token };
    });
  }

  async list(interviewId: number): Promise<Invite[]> {
    const rows = await this.db.selectFrom('invites').selectAll().where('interview_id', '=', interviewId).orderBy('id', 'desc').execute();
    return rows.map(toInvite);
  }

  async revoke(id: number, actor: Actor): Promise<Invite> {
    const row = await this.db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'invite');
    if (row.revoked_at) return toInvite(row);
    const revoked = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('invites')
        .set({ revoked_at: new Date().toISOString() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toInvite(updated);
      await recordAudit(trx, { actor, action: 'invite.revoke', entity: 'invite', entityId: id, before: toInvite(row), after });
      return after;
    });
    this.bus.emit('invite:revoked', { interviewId: revoked.interviewId, inviteId: id });
    return revoked;
  }

  /**
   * The live invitation behind a token; 404 if unknown, 410 if expired or revoked, and 410 with the
   * detail `interview_ended` once the interview is over, so the guest's page can thank them instead.
   */
  async resolve(token: string): Promise<{ invite: Invite; view: InviteView }> {
    const row = await this.db.selectFrom('invites').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'invite');
    const interview = await this.interviews.getById(row.interview_id);
    if (interview.status === 'ended') throw new DomainError('invite_expired', 'invite', 'interview_ended');
    if (row.revoked_at || Date.parse(row.expires_at) <= Date.now()) throw new DomainError('invite_expired', 'invite');
    const invite = toInvite(row);
    return {
      invite,
      view: {
        guestName: invite.guestName,
        interview: { slug: interview.slug, title: interview.title, unit: interview.unit, status: interview.status },
        expiresAt: invite.expiresAt,
      },
    };
  }
}
