import type { Transaction } from 'kysely';
import type { Role } from '../../shared/roles.js';
import type { Speaker } from '../../shared/schemas/caption.js';
import type { InterviewStaff } from '../../shared/schemas/interview.js';
import {
  LIVETEXT_ALT_MAX_LENGTH,
  type LiveTextCorrect,
  type LiveTextCreate,
  type LiveTextDecision,
  type LiveTextPhotoStaff,
  type LiveTextPublic,
  type LiveTextStaff,
  type LiveTextStatus,
} from '../../shared/schemas/livetext.js';
import { recordAudit } from '../audit/log.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import type { InterviewService, Viewer } from '../interviews/service.js';
import type { StaffActor } from '../questions/service.js';
import { mayDecide, mayWrite, outgoingStatus, statusAfterCorrection } from './approval.js';
import { compareFeed, publicLiveText, STAFF_PHOTO_PATH, toLiveTextStaff, toPhoto, type EntryRow } from './mapping.js';
import { encodePhoto, type PhotoFiles, type PhotoLimits } from './photos.js';

/** A staff member acting on live text: the audit actor, the unit a liaison is bound to, the name shown. */
export type LiveTextActor = StaffActor & { unitId: number | null; displayName: string };

type Change = { before: LiveTextStaff | null; after: LiveTextStaff };

/**
 * 图文直播: entries (speaker, text, photos) written by editors and, where the interview asks for it, approved
 * by a reviewer or the unit's liaison before they go out. Every step is audited in the transaction that
 * makes it; viewers and the studio hear it from the bus after the commit.
 */
export class LiveTextService {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly interviews: InterviewService,
    private readonly files: PhotoFiles,
    private readonly limits: PhotoLimits,
  ) {}

  /**
   * Checks, re-encodes and stores one photo for an interview's next entries, with its description (alt
   * text, required). It stays unattached, seen by staff only, until an entry takes it.
   */
  async uploadPhoto(interviewId: number, body: Buffer, contentType: string | undefined, alt: string | undefined, actor: LiveTextActor): Promise<LiveTextPhotoStaff> {
    const interview = await this.writable(interviewId, actor, 'draft');
    const description = (alt ?? '').trim();
    if (!description) throw new DomainError('validation', 'alt', 'alt_required');
    if (description.length > LIVETEXT_ALT_MAX_LENGTH) throw new DomainError('validation', 'alt', 'alt_too_long', { max: LIVETEXT_ALT_MAX_LENGTH });
    const encoded = await encodePhoto(body, contentType, this.limits);
    const names = await this.files.save(encoded);
    try {
      const row = await this.db
        .insertInto('livetext_photos')
        .values({
          interview_id: interview.id,
          entry_id: null,
          alt: description,
          small_file: names.small,
          large_file: names.large,
          width: encoded.width,
          height: encoded.height,
          sizes: JSON.stringify(encoded.sizes),
          uploaded_by: actor.id,
          created_at: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPhoto(row, STAFF_PHOTO_PATH);
    } catch (err) {
      await this.files.remove([names.small, names.large]);
      throw err;
    }
  }

  /** Posts an entry: published at once without approval, else pending; a draft is kept back. 409 unless live. */
  async create(interviewId: number, input: LiveTextCreate, actor: LiveTextActor): Promise<LiveTextStaff> {
    const interview = await this.writable(interviewId, actor, input.draft ? 'draft' : 'post');
    const status: LiveTextStatus = input.draft ? 'draft' : outgoingStatus(interview.liveTextApproval);
    const now = new Date().toISOString();
    const change = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('livetext_entries')
        .values({
          interview_id: interview.id,
          speaker: speakerJson(input.speaker),
          text: input.text,
          status,
          author_id: actor.id,
          author_name: actor.displayName,
          approver_id: null,
          approver_name: null,
          reason: null,
          created_at: now,
          updated_at: now,
          published_at: status === 'published' ? now : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.attachPhotos(trx, row, input.photoIds);
      const after = await this.load(trx, row.id);
      await recordAudit(trx, { actor, action: 'livetext.create', entity: 'livetext', entityId: row.id, after, at: now });
      return { before: null, after };
    });
    return this.announce(change);
  }

  /** Sends a draft out (to approval, or published): the interview must be live by now. */
  async submit(id: number, actor: LiveTextActor): Promise<LiveTextStaff> {
    return this.change(id, actor, 'livetext.submit', async (trx, before, interview) => {
      if (before.status !== 'draft') throw new DomainError('conflict', 'status', 'livetext_status');
      // The interview was read before the transaction: a query outside it would wait for its connection.
      assertOpen(interview, 'post');
      const status = outgoingStatus(interview.liveTextApproval);
      return this.update(trx, id, { status, ...(status === 'published' && { published_at: new Date().toISOString() }) });
    });
  }

  /** An approver's decision on a pending entry: approved it goes out, rejected it goes back to its author with the reason. */
  async decide(id: number, decision: LiveTextDecision, actor: LiveTextActor): Promise<LiveTextStaff> {
    const action = decision.decision === 'approve' ? 'livetext.approve' : 'livetext.reject';
    return this.change(id, actor, action, async (trx, before, interview) => {
      if (!mayDecide(interview.liveTextApproval, actor.role)) throw new DomainError('forbidden', 'livetext');
      if (before.status !== 'pending') throw new DomainError('conflict', 'status', 'livetext_status');
      const now = new Date().toISOString();
      const who = { approver_id: actor.id, approver_name: actor.displayName };
      return decision.decision === 'approve'
        ? this.update(trx, id, { ...who, status: 'published', reason: null, published_at: before.publishedAt ?? now })
        : this.update(trx, id, { ...who, status: 'rejected', reason: decision.reason });
    }, decision.decision === 'reject' ? decision.reason : null);
  }

  /** Corrects an entry in place (same id): a published one is marked revised and, with approval on, approved again. */
  async correct(id: number, input: LiveTextCorrect, actor: LiveTextActor): Promise<LiveTextStaff> {
    return this.change(id, actor, 'livetext.correct', async (trx, before, interview) => {
      if (!mayWrite(actor.role)) throw new DomainError('forbidden', 'livetext');
      const status = statusAfterCorrection(before.status, interview.liveTextApproval);
      if (!status) throw new DomainError('conflict', 'status', 'livetext_status');
      const row = await trx.selectFrom('livetext_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await trx.updateTable('livetext_photos').set({ entry_id: null }).where('entry_id', '=', id).where('id', 'not in', input.photoIds.length ? input.photoIds : [0]).execute();
      await this.attachPhotos(trx, row, input.photoIds);
      return this.update(trx, id, {
        speaker: speakerJson(input.speaker),
        text: input.text,
        status,
        revised: before.publishedAt !== null ? 1 : 0,
        // A correction sent out again is decided afresh.
        ...(status === 'pending' && before.status !== 'pending' && { approver_id: null, approver_name: null, reason: null }),
        ...(status === 'published' && { reason: null }),
      });
    });
  }

  /** Takes an entry back: off the feed at once, kept in the studio and the audit log. */
  async withdraw(id: number, reason: string | undefined, actor: LiveTextActor): Promise<LiveTextStaff> {
    return this.change(id, actor, 'livetext.withdraw', async (trx, before) => {
      if (!mayWrite(actor.role)) throw new DomainError('forbidden', 'livetext');
      if (before.status === 'withdrawn') throw new DomainError('conflict', 'status', 'livetext_status');
      return this.update(trx, id, { status: 'withdrawn', reason: reason ?? null });
    }, reason ?? null);
  }

  /** An interview's entries for the studio, newest first: authors see drafts too, approvers what was sent out. */
  async listStaff(interviewId: number, actor: LiveTextActor): Promise<LiveTextStaff[]> {
    await this.interviews.getById(interviewId, viewerOf(actor));
    let q = this.db.selectFrom('livetext_entries').selectAll().where('interview_id', '=', interviewId).orderBy('id', 'desc');
    if (!mayWrite(actor.role)) q = q.where('status', '!=', 'draft');
    return this.withPhotos(this.db, await q.execute());
  }

  /** The published feed, newest first; readable after the broadcast too. */
  async listPublic(slug: string): Promise<LiveTextPublic[]> {
    const interview = await this.interviews.getPublic(slug);
    const rows = await this.db.selectFrom('livetext_entries').selectAll().where('interview_id', '=', interview.id).where('status', '=', 'published').execute();
    return (await this.withPhotos(this.db, rows)).flatMap((e) => publicLiveText(e) ?? []).sort(compareFeed);
  }

  /** A stored file's bytes (after the caller checked who may read it). */
  async photoBytes(file: string): Promise<Buffer | undefined> {
    return this.files.read(file);
  }

  /** Whether a stored file belongs to a published entry's photo: the public may read only those. */
  async isPublished(file: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('livetext_photos as p')
      .innerJoin('livetext_entries as e', 'e.id', 'p.entry_id')
      .select('p.id')
      .where((eb) => eb.or([eb('p.small_file', '=', file), eb('p.large_file', '=', file)]))
      .where('e.status', '=', 'published')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Whether a staff member may see a stored file: it is a photo of an interview they see. */
  async staffMaySee(file: string, actor: LiveTextActor): Promise<boolean> {
    const row = await this.db
      .selectFrom('livetext_photos')
      .select('interview_id')
      .where((eb) => eb.or([eb('small_file', '=', file), eb('large_file', '=', file)]))
      .executeTakeFirst();
    if (!row) return false;
    await this.interviews.getById(row.interview_id, viewerOf(actor));
    return true;
  }

  /**
   * The interview an author may write on: an author role, an interview the actor sees, and its status:
   * posting needs it live; a draft or a photo may be prepared while it is scheduled too.
   */
  private async writable(interviewId: number, actor: LiveTextActor, what: 'post' | 'draft'): Promise<InterviewStaff> {
    if (!mayWrite(actor.role)) throw new DomainError('forbidden', 'livetext');
    const interview = await this.interviews.getById(interviewId, viewerOf(actor));
    assertOpen(interview, what);
    return interview;
  }

  /** One step on an existing entry, in one transaction with its audit entry; announced after the commit. */
  private async change(
    id: number,
    actor: LiveTextActor,
    action: string,
    step: (trx: Transaction<Database>, before: LiveTextStaff, interview: InterviewStaff) => Promise<void>,
    reason: string | null = null,
  ): Promise<LiveTextStaff> {
    const entry = await this.db.selectFrom('livetext_entries').select(['interview_id']).where('id', '=', id).executeTakeFirst();
    if (!entry) throw new DomainError('not_found', 'livetext');
    // Another unit's interview does not exist for a liaison, nor do its entries.
    const interview = await this.interviews.getById(entry.interview_id, viewerOf(actor)).catch(() => {
      throw new DomainError('not_found', 'livetext');
    });
    const change = await this.db.transaction().execute(async (trx) => {
      const before = await this.load(trx, id);
      await step(trx, before, interview);
      const after = await this.load(trx, id);
      await recordAudit(trx, { actor, action, entity: 'livetext', entityId: id, before, after, reason, at: after.updatedAt });
      return { before, after };
    });
    return this.announce(change);
  }

  private async update(trx: Transaction<Database>, id: number, set: Partial<Omit<EntryRow, 'id'>>): Promise<void> {
    await trx
      .updateTable('livetext_entries')
      .set({ ...set, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Deletes the photos uploaded before `before` that no entry holds (never posted, or dropped from an entry
   * by a correction), rows and files; answers how many. An entry being written keeps its uploads for the
   * keeping time, so only a draft abandoned for that long loses them.
   */
  async sweepUnattached(before: string): Promise<number> {
    const gone = await this.db.deleteFrom('livetext_photos').where('entry_id', 'is', null).where('created_at', '<', before).returning(['small_file', 'large_file']).execute();
    // Files after the rows: a crash in between leaves files nothing names, never a row without its file.
    await this.files.remove(gone.flatMap((p) => [p.small_file, p.large_file]));
    return gone.length;
  }

  /** Gives an entry the photos listed, in that order: each an upload of the same interview, free or already its own. */
  private async attachPhotos(trx: Transaction<Database>, entry: EntryRow, photoIds: number[]): Promise<void> {
    if (new Set(photoIds).size !== photoIds.length) throw new DomainError('validation', 'photoIds', 'photo_unavailable');
    for (const [position, photoId] of photoIds.entries()) {
      const updated = await trx
        .updateTable('livetext_photos')
        .set({ entry_id: entry.id, position })
        .where('id', '=', photoId)
        .where('interview_id', '=', entry.interview_id)
        .where((eb) => eb.or([eb('entry_id', 'is', null), eb('entry_id', '=', entry.id)]))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new DomainError('validation', 'photoIds', 'photo_unavailable');
    }
  }

  private async load(db: Db, id: number): Promise<LiveTextStaff> {
    const row = await db.selectFrom('livetext_entries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'livetext');
    return (await this.withPhotos(db, [row]))[0]!;
  }

  private async withPhotos(db: Db, rows: EntryRow[]): Promise<LiveTextStaff[]> {
    if (rows.length === 0) return [];
    const photos = await db.selectFrom('livetext_photos').selectAll().where('entry_id', 'in', rows.map((r) => r.id)).execute();
    return rows.map((r) => toLiveTextStaff(r, photos.filter((p) => p.entry_id === r.id)));
  }

  private announce(change: Change): LiveTextStaff {
    this.bus.emit('livetext:changed', change);
    return change.after;
  }
}

/** Posting needs the interview live; a draft or a photo may be prepared while it is scheduled too. */
function assertOpen(interview: InterviewStaff, what: 'post' | 'draft'): void {
  const open = what === 'post' ? interview.status === 'live' : interview.status === 'live' || interview.status === 'scheduled';
  if (!open) throw new DomainError('conflict', 'interview', what === 'post' ? 'livetext_not_live' : 'livetext_closed');
}

function speakerJson(speaker: Speaker | null): string | null {
  return speaker === null ? null : JSON.stringify({ name: speaker.name, title: speaker.title });
}

function viewerOf(actor: { role: Role; unitId: number | null }): Viewer {
  return { role: actor.role, unitId: actor.unitId };
}
