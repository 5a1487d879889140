import type { Transaction } from 'kysely';
import { UNIT_BOUND } from '../../shared/roles.js';
import type { Guest, InterviewStaff } from '../../shared/schemas/interview.js';
import { RECEIPT_EDITABLE, type ReceiptDecision, type ReceiptDraft, type ReceiptPhoto, type ReceiptStaff, type ReceiptStatus, type ReceiptSummary } from '../../shared/schemas/receipt.js';
import { wallClock } from '../../shared/time.js';
import { recordAudit } from '../audit/log.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import { toInterviewStaff, type InterviewService } from '../interviews/service.js';
import { encodePhoto, isPhotoFileName, type PhotoFiles, type PhotoLimits } from '../livetext/photos.js';
import type { StaffActor } from '../questions/service.js';
import { GUEST_PHOTO_PATH, personsOf, toReceiptPhoto, toReceiptStaff, toReceiptSummary, type ReceiptRow } from './mapping.js';
import { checkOutline, outlineDownloadName, type OutlineFiles, type OutlineType } from './outline.js';
import { submissionProblem } from './rules.js';

/** A staff member acting on a 回执: the audit actor and the unit a liaison is bound to. */
export type ReceiptActor = StaffActor & { unitId: number | null };

export interface ReceiptLimits {
  photo: PhotoLimits;
  outlineMaxBytes: number;
}

/** How an interview's guests (JSON) name a stored photo file: its public address, quoted. */
const guestPhotoRef = (file: string) => `"${GUEST_PHOTO_PATH}${file}"`;

/**
 * 回执: the unit's liaison fills in its interview's form (persons with photos, contact, outline) and submits
 * it; the admin sets the due date and accepts it (its guests become the interview's) or returns it with a
 * reason. A liaison reaches only its own unit's interviews (403 for another unit's). Every change is audited
 * in the transaction that makes it.
 */
export class ReceiptService {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly interviews: InterviewService,
    private readonly outlines: OutlineFiles,
    private readonly photos: PhotoFiles,
    private readonly limits: ReceiptLimits,
    private readonly timeZone: string,
  ) {}

  /** Every interview's 回执 state for the admin; a liaison's own unit's (我的回执). Soonest interview first. */
  async list(actor: ReceiptActor): Promise<ReceiptSummary[]> {
    const all = await this.interviews.list({ publicOnly: false, viewer: { role: actor.role, unitId: actor.unitId } });
    const rows = await this.db.selectFrom('receipts').selectAll().execute();
    const byId = new Map(rows.map((r) => [r.interview_id, r]));
    const today = this.today();
    return all
      .map((i) => toReceiptSummary(toReceiptStaff(i, byId.get(i.id), [], today)))
      .sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart) || a.interviewId - b.interviewId);
  }

  async get(interviewId: number, actor: ReceiptActor): Promise<ReceiptStaff> {
    const interview = await this.reachable(interviewId, actor);
    return this.view(this.db, interview);
  }

  /** The admin sets (or clears) the due date; the row is made if the unit has not started. */
  async setDue(interviewId: number, dueOn: string | null, actor: ReceiptActor): Promise<ReceiptStaff> {
    const interview = await this.reachable(interviewId, actor);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.view(trx, interview);
      const now = new Date().toISOString();
      await ensureRow(trx, interviewId, now);
      await trx.updateTable('receipts').set({ due_on: dueOn, updated_at: now }).where('interview_id', '=', interviewId).execute();
      const after = await this.view(trx, interview);
      await recordAudit(trx, { actor, action: 'receipt.due', entity: 'receipt', entityId: interviewId, before: { dueOn: before.dueOn }, after: { dueOn }, at: now });
      return after;
    });
  }

  /** Saves the form as it is (a draft): shapes are checked on submission, photos must be this 回执's. */
  async save(interviewId: number, draft: ReceiptDraft, actor: ReceiptActor): Promise<ReceiptStaff> {
    const interview = await this.reachable(interviewId, actor);
    await this.assertOwnPhotos(interviewId, draft);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.editable(trx, interview);
      const now = new Date().toISOString();
      await ensureRow(trx, interviewId, now);
      await trx
        .updateTable('receipts')
        .set({
          // A returned 回执 stays returned while it is being corrected: the admin still sees why it came back.
          status: before.status === 'returned' ? 'returned' : 'draft',
          topic: draft.topic,
          persons: JSON.stringify(draft.persons),
          contact_name: draft.contactName,
          contact_phone: draft.contactPhone,
          contact_email: draft.contactEmail,
          note: draft.note,
          updated_at: now,
        })
        .where('interview_id', '=', interviewId)
        .execute();
      const after = await this.view(trx, interview);
      await recordAudit(trx, { actor, action: 'receipt.save', entity: 'receipt', entityId: interviewId, before: contentOf(before), after: contentOf(after), at: now });
      return after;
    });
  }

  /** Sends the saved form to the admin: 400 naming the first field the form lacks. */
  async submit(interviewId: number, actor: ReceiptActor): Promise<ReceiptStaff> {
    const interview = await this.reachable(interviewId, actor);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.editable(trx, interview);
      const problem = submissionProblem(before);
      if (problem) throw new DomainError('validation', problem.field, problem.detail);
      const now = new Date().toISOString();
      await trx.updateTable('receipts').set({ status: 'submitted', submitted_at: now, submitted_by: actor.id, updated_at: now }).where('interview_id', '=', interviewId).execute();
      const after = await this.view(trx, interview);
      await recordAudit(trx, { actor, action: 'receipt.submit', entity: 'receipt', entityId: interviewId, before: { status: before.status }, after: contentOf(after), at: now });
      return after;
    });
  }

  /**
   * The admin's decision on a submitted 回执. Accepting it makes its 访谈嘉宾 the interview's guests (name, 职务,
   * 简介, photo; 工作人员 stay off the public page) and its topic the interview's when that has none.
   */
  async decide(interviewId: number, decision: ReceiptDecision, actor: ReceiptActor): Promise<ReceiptStaff> {
    const interview = await this.reachable(interviewId, actor);
    const { receipt, changed } = await this.db.transaction().execute(async (trx) => {
      const before = await this.view(trx, interview);
      if (before.status !== 'submitted') throw new DomainError('conflict', 'status', 'receipt_not_submitted');
      const now = new Date().toISOString();
      const who = { decided_at: now, decided_by: actor.id, updated_at: now };
      if (decision.decision === 'return') {
        await trx.updateTable('receipts').set({ ...who, status: 'returned', return_reason: decision.reason }).where('interview_id', '=', interviewId).execute();
        const after = await this.view(trx, interview);
        await recordAudit(trx, { actor, action: 'receipt.return', entity: 'receipt', entityId: interviewId, before: { status: before.status }, after: { status: after.status }, reason: decision.reason, at: now });
        return { receipt: after, changed: undefined };
      }
      await trx.updateTable('receipts').set({ ...who, status: 'accepted', return_reason: null }).where('interview_id', '=', interviewId).execute();
      const after = await this.view(trx, interview);
      await recordAudit(trx, { actor, action: 'receipt.accept', entity: 'receipt', entityId: interviewId, before: { status: before.status }, after: contentOf(after), at: now });
      const changed = await this.fillInterview(trx, interview, after, actor, now);
      return { receipt: after, changed };
    });
    // Viewers' pages and the studio learn of the new guests only once they are committed.
    if (changed) this.bus.emit('interview:changed', changed);
    return receipt;
  }

  /** Stores the outline (replacing any earlier one, which is removed once the new one is committed). */
  async uploadOutline(interviewId: number, body: Buffer, uploadedName: string | undefined, actor: ReceiptActor): Promise<ReceiptStaff> {
    const interview = await this.reachable(interviewId, actor);
    // Refused before anything is written: a bad upload leaves the 回执 (and its earlier outline) as it was.
    const type = await checkOutline(body, this.limits.outlineMaxBytes);
    const file = await this.outlines.save(body, type);
    let previous: string | null = null;
    try {
      const after = await this.db.transaction().execute(async (trx) => {
        const before = await this.editable(trx, interview);
        const now = new Date().toISOString();
        const row = await ensureRow(trx, interviewId, now);
        previous = row.outline_file;
        const name = outlineDownloadName(uploadedName, type);
        await trx
          .updateTable('receipts')
          .set({
            status: before.status === 'returned' ? 'returned' : 'draft',
            outline_file: file,
            outline_name: name,
            outline_type: type,
            outline_bytes: body.length,
            outline_at: now,
            updated_at: now,
          })
          .where('interview_id', '=', interviewId)
          .execute();
        const after = await this.view(trx, interview);
        await recordAudit(trx, { actor, action: 'receipt.outline', entity: 'receipt', entityId: interviewId, before: { outline: before.outline }, after: { outline: after.outline }, at: now });
        return after;
      });
      await this.outlines.remove(previous);
      return after;
    } catch (err) {
      await this.outlines.remove(file);
      throw err;
    }
  }

  /** The outline's bytes for a staff download. */
  async outline(interviewId: number, actor: ReceiptActor): Promise<{ bytes: Buffer; name: string; type: OutlineType }> {
    await this.reachable(interviewId, actor);
    const row = await this.db.selectFrom('receipts').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
    const bytes = row?.outline_file ? await this.outlines.read(row.outline_file) : undefined;
    if (!row || !bytes) throw new DomainError('not_found', 'outline');
    return { bytes, name: row.outline_name ?? '访谈提纲', type: row.outline_type as OutlineType };
  }

  /** Checks, re-encodes (orientation applied, metadata gone) and stores a person's photo for this 回执. */
  async uploadPhoto(interviewId: number, body: Buffer, contentType: string | undefined, actor: ReceiptActor): Promise<ReceiptPhoto> {
    const interview = await this.reachable(interviewId, actor);
    await this.editable(this.db, interview);
    const encoded = await encodePhoto(body, contentType, this.limits.photo);
    const names = await this.photos.save(encoded);
    try {
      const row = await this.db
        .insertInto('receipt_photos')
        .values({ interview_id: interviewId, small_file: names.small, large_file: names.large, width: encoded.width, height: encoded.height, uploaded_by: actor.id, created_at: new Date().toISOString() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toReceiptPhoto(row);
    } catch (err) {
      await this.photos.remove([names.small, names.large]);
      throw err;
    }
  }

  /**
   * Deletes the 回执 photos uploaded before `before` that neither their 回执's persons nor any interview's
   * guests name (uploaded and never saved, replaced, or the person removed); answers how many.
   */
  async sweepUnused(before: string): Promise<number> {
    const old = await this.db.selectFrom('receipt_photos').select(['id', 'interview_id', 'small_file', 'large_file']).where('created_at', '<', before).execute();
    if (old.length === 0) return 0;
    const interviewIds = [...new Set(old.map((p) => p.interview_id))];
    const named = new Set<number>();
    for (const r of await this.db.selectFrom('receipts').selectAll().where('interview_id', 'in', interviewIds).execute()) {
      for (const p of personsOf(r)) if (p.photoId !== null) named.add(p.photoId);
    }
    const unnamed = old.filter((p) => !named.has(p.id));
    if (unnamed.length === 0) return 0;
    // An accepted guest's photo may be kept by another interview's guests too (copied): any interview counts.
    const guests = (await this.db.selectFrom('interviews').select('guests').execute()).map((i) => i.guests).join('\n');
    const unused = unnamed.filter((p) => !guests.includes(guestPhotoRef(p.small_file)));
    if (unused.length === 0) return 0;
    await this.db.deleteFrom('receipt_photos').where('id', 'in', unused.map((p) => p.id)).execute();
    await this.photos.remove(unused.flatMap((p) => [p.small_file, p.large_file]));
    return unused.length;
  }

  /** A 回执 photo (the large rendering) for staff who may see that 回执. */
  async photoBytes(photoId: number, actor: ReceiptActor): Promise<Buffer> {
    const row = await this.db.selectFrom('receipt_photos').selectAll().where('id', '=', photoId).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'photo');
    await this.reachable(row.interview_id, actor);
    const bytes = await this.photos.read(row.large_file);
    if (!bytes) throw new DomainError('not_found', 'photo');
    return bytes;
  }

  /**
   * An accepted guest's photo: only a file that an interview's guests name — for the public a public
   * (non-draft) interview's, for staff (`withDrafts`) any's. Staff persons' photos and anything not accepted
   * stay unreachable.
   */
  async guestPhoto(file: string, withDrafts = false): Promise<Buffer | undefined> {
    if (!isPhotoFileName(file)) return undefined;
    let q = this.db
      .selectFrom('interviews')
      .select('id')
      .where((eb) => eb(eb.fn('instr', ['guests', eb.val(guestPhotoRef(file))]), '>', 0));
    if (!withDrafts) q = q.where('status', '!=', 'draft');
    return (await q.executeTakeFirst()) ? this.photos.read(file) : undefined;
  }

  /** Today on the site's calendar (YYYY-MM-DD): due dates are days there. */
  today(now = new Date()): string {
    const c = wallClock(now, this.timeZone);
    return `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
  }

  /** The interview, if this actor may reach its 回执: another unit's liaison is refused (403). */
  private async reachable(interviewId: number, actor: ReceiptActor): Promise<InterviewStaff> {
    const interview = await this.interviews.getById(interviewId);
    if (UNIT_BOUND.includes(actor.role) && (actor.unitId === null || interview.unitId !== actor.unitId)) throw new DomainError('forbidden', 'receipt', 'receipt_other_unit');
    return interview;
  }

  private async view(db: Db | Transaction<Database>, interview: InterviewStaff): Promise<ReceiptStaff> {
    const row = await db.selectFrom('receipts').selectAll().where('interview_id', '=', interview.id).executeTakeFirst();
    const photos = await db.selectFrom('receipt_photos').selectAll().where('interview_id', '=', interview.id).execute();
    return toReceiptStaff(interview, row, photos, this.today());
  }

  /** The current 回执, if the unit may still change it (not submitted, not accepted): else 409. */
  private async editable(db: Db | Transaction<Database>, interview: InterviewStaff): Promise<ReceiptStaff> {
    const current = await this.view(db, interview);
    if (!RECEIPT_EDITABLE.includes(current.status)) throw new DomainError('conflict', 'status', current.status === 'accepted' ? 'receipt_accepted' : 'receipt_submitted');
    return current;
  }

  private async assertOwnPhotos(interviewId: number, draft: ReceiptDraft): Promise<void> {
    const ids = draft.persons.map((p) => p.photoId).filter((id): id is number => id !== null);
    if (ids.length === 0) return;
    const own = new Set((await this.db.selectFrom('receipt_photos').select('id').where('interview_id', '=', interviewId).where('id', 'in', ids).execute()).map((r) => r.id));
    const bad = draft.persons.findIndex((p) => p.photoId !== null && !own.has(p.photoId));
    if (bad >= 0) throw new DomainError('validation', `persons.${bad}.photoId`, 'receipt_photo_unknown');
  }

  /** Writes the accepted guests (and the topic, if the interview has none) into the interview, audited. */
  private async fillInterview(trx: Transaction<Database>, interview: InterviewStaff, receipt: ReceiptStaff, actor: ReceiptActor, now: string): Promise<InterviewStaff> {
    const files = new Map(
      (await trx.selectFrom('receipt_photos').select(['id', 'small_file']).where('interview_id', '=', interview.id).execute()).map((p) => [p.id, p.small_file]),
    );
    const guests: Guest[] = receipt.persons
      .filter((p) => p.role === 'guest')
      .map((p) => {
        const file = p.photoId !== null ? files.get(p.photoId) : undefined;
        return { name: p.name, title: p.title, bio: p.bio, ...(file && { photo: `${GUEST_PHOTO_PATH}${file}` }) };
      });
    const topic = interview.topic.trim() === '' ? receipt.topic : interview.topic;
    const row = await trx
      .updateTable('interviews')
      .set({ guests: JSON.stringify(guests), topic, updated_at: now })
      .where('id', '=', interview.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toInterviewStaff(row, this.timeZone);
    await recordAudit(trx, {
      actor,
      action: 'interview.guests_from_receipt',
      entity: 'interview',
      entityId: interview.id,
      before: { guests: interview.guests, topic: interview.topic },
      after: { guests: after.guests, topic: after.topic },
      at: now,
    });
    return after;
  }
}

/** Makes the interview's 回执 row if there is none (not started), and returns it. */
async function ensureRow(trx: Transaction<Database>, interviewId: number, now: string): Promise<ReceiptRow> {
  await trx
    .insertInto('receipts')
    .values({ interview_id: interviewId, status: 'not_started' satisfies ReceiptStatus, due_on: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('interview_id').doNothing())
    .execute();
  return trx.selectFrom('receipts').selectAll().where('interview_id', '=', interviewId).executeTakeFirstOrThrow();
}

/** What the audit log keeps of a 回执's content (the form, not its bookkeeping). */
function contentOf(r: ReceiptStaff) {
  return { status: r.status, topic: r.topic, persons: r.persons, contactName: r.contactName, contactPhone: r.contactPhone, contactEmail: r.contactEmail, note: r.note, outline: r.outline };
}

