import { PRIMARY_CAPTION_TRACK, type CaptionTrackAdd, type CaptionTrackPublic } from '../../shared/schemas/caption.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Db } from '../db/index.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';

/** Every interview has it, without a row: captions work before anyone adds a track. */
const PRIMARY: CaptionTrackPublic = { lang: PRIMARY_CAPTION_TRACK, label: '简体中文', primary: true };

/** An interview's caption tracks (字幕轨): the primary one, then those an editor added, in order added. */
export class CaptionTracks {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
  ) {}

  /** The tracks viewers may choose, primary first. */
  async list(interviewId: number): Promise<CaptionTrackPublic[]> {
    const rows = await this.db
      .selectFrom('caption_tracks')
      .select(['lang', 'label'])
      .where('interview_id', '=', interviewId)
      .where('removed_at', 'is', null)
      .orderBy('id')
      .execute();
    return [PRIMARY, ...rows.map((r) => ({ lang: r.lang, label: r.label, primary: false }))];
  }

  /** Throws not_found on `track` unless the interview has this track now. */
  async assertTrack(interviewId: number, lang: string): Promise<void> {
    if (lang === PRIMARY_CAPTION_TRACK) return;
    const row = await this.db
      .selectFrom('caption_tracks')
      .select('id')
      .where('interview_id', '=', interviewId)
      .where('lang', '=', lang)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'track');
  }

  /** Adds a track (or brings a removed one back with its cues); audited. */
  async add(interviewId: number, input: CaptionTrackAdd, actor: Actor): Promise<CaptionTrackPublic> {
    if (input.lang === PRIMARY_CAPTION_TRACK) throw new DomainError('conflict', 'lang', 'track_exists');
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('caption_tracks').selectAll().where('interview_id', '=', interviewId).where('lang', '=', input.lang).executeTakeFirst();
      if (row && row.removed_at === null) throw new DomainError('conflict', 'lang', 'track_exists');
      if (row) await trx.updateTable('caption_tracks').set({ removed_at: null, label: input.label }).where('id', '=', row.id).execute();
      else await trx.insertInto('caption_tracks').values({ interview_id: interviewId, lang: input.lang, label: input.label, created_at: now, removed_at: null }).execute();
      await recordAudit(trx, { actor, action: 'caption.track.add', entity: 'interview', entityId: interviewId, after: input, at: now });
    });
    await this.announce(interviewId);
    return { lang: input.lang, label: input.label, primary: false };
  }

  /** Removes a track from the list (its cues stay on disk); the primary track cannot go. Audited. */
  async remove(interviewId: number, lang: string, actor: Actor): Promise<void> {
    if (lang === PRIMARY_CAPTION_TRACK) throw new DomainError('conflict', 'lang', 'track_primary');
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('caption_tracks')
        .set({ removed_at: now })
        .where('interview_id', '=', interviewId)
        .where('lang', '=', lang)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw new DomainError('not_found', 'track');
      await recordAudit(trx, { actor, action: 'caption.track.remove', entity: 'interview', entityId: interviewId, before: { lang }, at: now });
    });
    await this.announce(interviewId);
  }

  private async announce(interviewId: number): Promise<void> {
    this.bus.emit('caption:tracks', { interviewId, tracks: await this.list(interviewId) });
  }
}
