import type { Selectable } from 'kysely';
import type { InterviewPreviewPublic, PreviewPoster, PreviewStaff, PreviewUpdate, PreviewWarnings } from '../../shared/schemas/preview.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import type { InterviewService } from '../interviews/service.js';
import { encodePhoto, type PhotoFiles, type PhotoLimits } from '../livetext/photos.js';
import { previewWarnings } from './warnings.js';

type PreviewRow = Selectable<Database['interview_previews']>;

function posterOf(r: PreviewRow): PreviewPoster | null {
  if (!r.poster_small || !r.poster_large) return null;
  return { small: r.poster_small, large: r.poster_large, width: r.poster_width ?? 0, height: r.poster_height ?? 0, alt: r.poster_alt };
}

function toStaff(interviewId: number, r: PreviewRow | undefined): PreviewStaff {
  if (!r) return { interviewId, summary: '', poster: null, published: false, publishedAt: null, updatedAt: null };
  return { interviewId, summary: r.summary, poster: posterOf(r), published: r.published_at !== null, publishedAt: r.published_at, updatedAt: r.updated_at };
}

function toPublic(r: PreviewRow | undefined): InterviewPreviewPublic | null {
  if (!r?.published_at) return null;
  return { summary: r.summary, poster: posterOf(r), publishedAt: r.published_at };
}

export interface PreviewOptions {
  limits: PhotoLimits;
  /** PREVIEW_WARN_DAYS. */
  warnDays: number;
  /** SITE_TIMEZONE: "days left" are days on the site's calendar. */
  timeZone: string;
}

/**
 * 预告: the admin writes an interview's preview (a poster and a summary; the topic, unit, guests and time are
 * the interview's), publishes and withdraws it. Every change is audited in its own transaction; viewers
 * learn of a publication through the interview push.
 */
export class PreviewService {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly interviews: InterviewService,
    private readonly files: PhotoFiles,
    private readonly options: PreviewOptions,
  ) {}

  private row(interviewId: number): Promise<PreviewRow | undefined> {
    return this.db.selectFrom('interview_previews').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
  }

  async get(interviewId: number): Promise<PreviewStaff> {
    await this.interviews.getById(interviewId);
    return toStaff(interviewId, await this.row(interviewId));
  }

  /** The published preview of an interview, for the public view; null when none is published. */
  async publicOf(interviewId: number): Promise<InterviewPreviewPublic | null> {
    return toPublic(await this.row(interviewId));
  }

  /** The published previews of many interviews at once (the public list). */
  async publicOfMany(ids: readonly number[]): Promise<Map<number, InterviewPreviewPublic>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('interview_previews').selectAll().where('interview_id', 'in', ids).where('published_at', 'is not', null).execute();
    return new Map(rows.map((r) => [r.interview_id, toPublic(r)!]));
  }

  /** Saves the summary (and the poster's description); a published preview shows the change at once. */
  async save(interviewId: number, input: PreviewUpdate, actor: Actor): Promise<PreviewStaff> {
    await this.interviews.getById(interviewId);
    const now = new Date().toISOString();
    const result = await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('interview_previews').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
      if (input.posterAlt !== undefined && input.posterAlt === '' && before?.poster_small) {
        throw new DomainError('validation', 'posterAlt', 'poster_alt_required');
      }
      const set = { summary: input.summary, ...(input.posterAlt !== undefined && { poster_alt: input.posterAlt }), updated_at: now };
      const row = await trx
        .insertInto('interview_previews')
        .values({ interview_id: interviewId, ...set })
        .onConflict((oc) => oc.column('interview_id').doUpdateSet(set))
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toStaff(interviewId, row);
      await recordAudit(trx, { actor, action: 'preview.update', entity: 'interview', entityId: interviewId, before: toStaff(interviewId, before), after, at: now });
      return { after, published: row.published_at !== null };
    });
    if (result.published) await this.announce(interviewId);
    return result.after;
  }

  /**
   * Stores a new poster (checked and re-encoded like a live-text photo: type by bytes, pixel limit before
   * decoding, no metadata) with its required description. The previous poster's files go once the row
   * points at the new ones.
   */
  async uploadPoster(interviewId: number, body: Buffer, declaredType: string | undefined, alt: string | undefined, actor: Actor): Promise<PreviewStaff> {
    await this.interviews.getById(interviewId);
    const description = alt?.trim() ?? '';
    if (!description) throw new DomainError('validation', 'alt', 'poster_alt_required');
    const encoded = await encodePhoto(body, declaredType, this.options.limits);
    const names = await this.files.save(encoded);
    const now = new Date().toISOString();
    let result: { after: PreviewStaff; old: string[]; published: boolean };
    try {
      result = await this.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('interview_previews').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
        const set = { poster_small: names.small, poster_large: names.large, poster_width: encoded.width, poster_height: encoded.height, poster_alt: description, updated_at: now };
        const row = await trx
          .insertInto('interview_previews')
          .values({ interview_id: interviewId, ...set })
          .onConflict((oc) => oc.column('interview_id').doUpdateSet(set))
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = toStaff(interviewId, row);
        await recordAudit(trx, { actor, action: 'preview.poster', entity: 'interview', entityId: interviewId, before: toStaff(interviewId, before), after, at: now });
        const old = [before?.poster_small, before?.poster_large].filter((n): n is string => !!n);
        return { after, old, published: row.published_at !== null };
      });
    } catch (err) {
      await this.files.remove([names.small, names.large]);
      throw err;
    }
    await this.files.remove(result.old);
    if (result.published) await this.announce(interviewId);
    return result.after;
  }

  /**
   * Publishes the preview: the interview must be scheduled (a draft is not public; a broadcast under way or
   * over needs no announcement) and the preview needs its poster.
   */
  async publish(interviewId: number, actor: Actor): Promise<PreviewStaff> {
    const interview = await this.interviews.getById(interviewId);
    if (interview.status !== 'scheduled') throw new DomainError('conflict', 'status', 'preview_not_scheduled');
    const now = new Date().toISOString();
    const after = await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('interview_previews').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
      if (!before?.poster_small) throw new DomainError('validation', 'poster', 'poster_required');
      if (before.published_at) throw new DomainError('conflict', 'preview', 'preview_published');
      const row = await trx
        .updateTable('interview_previews')
        .set({ published_at: now, published_by: actor.id, updated_at: now })
        .where('interview_id', '=', interviewId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const out = toStaff(interviewId, row);
      await recordAudit(trx, { actor, action: 'preview.publish', entity: 'interview', entityId: interviewId, before: toStaff(interviewId, before), after: out, at: now });
      return out;
    });
    await this.announce(interviewId);
    return after;
  }

  /** Withdraws a published preview (the public view loses it; the text and poster stay for next time). */
  async unpublish(interviewId: number, reason: string | undefined, actor: Actor): Promise<PreviewStaff> {
    await this.interviews.getById(interviewId);
    const now = new Date().toISOString();
    const after = await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('interview_previews').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
      if (!before?.published_at) throw new DomainError('conflict', 'preview', 'preview_not_published');
      const row = await trx
        .updateTable('interview_previews')
        .set({ published_at: null, published_by: null, updated_at: now })
        .where('interview_id', '=', interviewId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const out = toStaff(interviewId, row);
      await recordAudit(trx, { actor, action: 'preview.unpublish', entity: 'interview', entityId: interviewId, before: toStaff(interviewId, before), after: out, reason: reason ?? null, at: now });
      return out;
    });
    await this.announce(interviewId);
    return after;
  }

  /** Interviews less than PREVIEW_WARN_DAYS away without a published preview. */
  async warnings(now = new Date()): Promise<PreviewWarnings> {
    const upcoming = (await this.interviews.list({ publicOnly: false })).filter((i) => i.status === 'draft' || i.status === 'scheduled');
    const ids = upcoming.map((i) => i.id);
    const published = new Set((await this.publicOfMany(ids)).keys());
    return { warnDays: this.options.warnDays, interviews: previewWarnings(upcoming, published, now, this.options.warnDays, this.options.timeZone) };
  }

  /** A poster file's bytes if it belongs to a published preview (the public route). */
  async publicPoster(file: string): Promise<Buffer | undefined> {
    const row = await this.db
      .selectFrom('interview_previews')
      .select('interview_id')
      .where((eb) => eb.or([eb('poster_small', '=', file), eb('poster_large', '=', file)]))
      .where('published_at', 'is not', null)
      .executeTakeFirst();
    return row ? this.files.read(file) : undefined;
  }

  /** A poster file's bytes for staff (also unpublished). */
  async staffPoster(file: string): Promise<Buffer | undefined> {
    const row = await this.db
      .selectFrom('interview_previews')
      .select('interview_id')
      .where((eb) => eb.or([eb('poster_small', '=', file), eb('poster_large', '=', file)]))
      .executeTakeFirst();
    return row ? this.files.read(file) : undefined;
  }

  /** Viewers' pages get the interview again, now with (or without) its preview. */
  private async announce(interviewId: number): Promise<void> {
    this.bus.emit('interview:changed', await this.interviews.getById(interviewId));
  }
}
