import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { CaptionToken, CaptionTokenCreate, CaptionTokenCreated } from '../../shared/schemas/caption.js';
import { recordAudit, type Actor } from '../audit/log.js';
import { hashToken } from '../auth/tokens.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../http/errors.js';
import type { CaptionTracks } from './tracks.js';

type TokenRow = Selectable<Database['caption_ingest_tokens']>;
/** A token that opened the ingest: which interview and track its posts go to. */
export type IngestGrant = { tokenId: number; interviewId: number; track: string; label: string };

const ingestPath = (token: string) => `/api/ingest/captions/${token}`;

/**
 * Ingest tokens for outside captioners (CART services, speech recognition): one per interview and track,
 * 32 random bytes shown once, stored as a hash, revocable; creating and revoking are audited.
 */
export class CaptionIngestTokens {
  constructor(
    private readonly db: Db,
    private readonly tracks: CaptionTracks,
  ) {}

  /** Creates a token; the answer is the only place its secret appears. */
  async create(interviewId: number, input: CaptionTokenCreate, actor: Actor & { id: number }): Promise<CaptionTokenCreated> {
    await this.tracks.assertTrack(interviewId, input.track);
    const token = randomBytes(32).toString('base64url');
    const now = new Date().toISOString();
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('caption_ingest_tokens')
        .values({ interview_id: interviewId, track: input.track, label: input.label, token_hash: hashToken(token), created_by: actor.id, created_at: now, revoked_at: null, last_used_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The audit entry names the token by id and track, never by its secret.
      await recordAudit(trx, { actor, action: 'caption.token.create', entity: 'caption_token', entityId: inserted.id, after: { interviewId, track: input.track, label: input.label }, at: now });
      return inserted;
    });
    return { ...(await this.view(row)), token, ingestPath: ingestPath(token) };
  }

  /** An interview's tokens, newest first, without their secrets. */
  async list(interviewId: number): Promise<CaptionToken[]> {
    const rows = await this.db.selectFrom('caption_ingest_tokens').selectAll().where('interview_id', '=', interviewId).orderBy('id', 'desc').execute();
    return Promise.all(rows.map((r) => this.view(r)));
  }

  /** Revokes a token at once: its next post is a 401. Audited; revoking twice is a no-op. */
  async revoke(interviewId: number, tokenId: number, actor: Actor): Promise<CaptionToken> {
    const now = new Date().toISOString();
    const row = await this.db.transaction().execute(async (trx) => {
      const found = await trx.selectFrom('caption_ingest_tokens').selectAll().where('id', '=', tokenId).where('interview_id', '=', interviewId).executeTakeFirst();
      if (!found) throw new DomainError('not_found', 'token');
      if (found.revoked_at) return found;
      const updated = await trx.updateTable('caption_ingest_tokens').set({ revoked_at: now }).where('id', '=', tokenId).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: 'caption.token.revoke', entity: 'caption_token', entityId: tokenId, before: { interviewId, track: found.track, label: found.label }, at: now });
      return updated;
    });
    return this.view(row);
  }

  /** The grant a posted token opens; unauthorized for an unknown or revoked one (the same answer for both). */
  async authenticate(token: string): Promise<IngestGrant> {
    const row = await this.db.selectFrom('caption_ingest_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row || row.revoked_at) throw new DomainError('unauthorized', 'token', 'ingest_token');
    return { tokenId: row.id, interviewId: row.interview_id, track: row.track, label: row.label };
  }

  /** Notes that a token posted, so the director sees which captioner is sending. */
  async touch(tokenId: number, at: string): Promise<void> {
    await this.db.updateTable('caption_ingest_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
  }

  private async view(r: TokenRow): Promise<CaptionToken> {
    const by = await this.db.selectFrom('users').select('display_name').where('id', '=', r.created_by).executeTakeFirst();
    return { id: r.id, interviewId: r.interview_id, track: r.track, label: r.label, createdBy: by?.display_name ?? '', createdAt: r.created_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at };
  }
}
