import { BROADCASTERS, UNIT_BOUND, type Role } from '../../shared/roles.js';
import {
  acceptsQuestions,
  INTERVIEW_STATUS_MOVES,
  type Guest,
  type InterviewCreate,
  type InterviewPublic,
  type InterviewStaff,
  type InterviewStatus,
  type InterviewUpdate,
} from '../../shared/schemas/interview.js';
import type { LiveTextApproval } from '../../shared/schemas/livetext.js';
import type { InterviewPreviewPublic } from '../../shared/schemas/preview.js';
import type { RecordAvailability } from '../../shared/schemas/record.js';
import { recordAudit, type Actor } from '../audit/log.js';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import { expireInvites } from '../invites/service.js';
import { DEFAULT_TIME_ZONE, isBeijingTime } from '../../shared/time.js';
import { insertUnit } from '../units/service.js';
import { reopenDeadline } from './lifecycle.js';

/** Whose view of the list: a unit-bound role (单位联络员) sees only its unit's interviews. */
export interface Viewer {
  role: Role;
  unitId: number | null;
}

type InterviewRow = Selectable<Database['interviews']>;

/** An interview as staff see it; `timeZone` is the site's clock, on which the day to reopen it ends. */
export function toInterviewStaff(r: InterviewRow, timeZone: string): InterviewStaff {
  const status = r.status as InterviewStatus;
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    unit: r.unit,
    unitId: r.unit_id,
    liveTextApproval: r.live_text_approval as LiveTextApproval,
    topic: r.topic,
    summary: r.summary,
    scheduledStart: r.scheduled_start,
    scheduledEnd: r.scheduled_end,
    status,
    guests: JSON.parse(r.guests) as Guest[],
    preModeration: r.pre_moderation === 1,
    acceptsQuestions: acceptsQuestions(status),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    endedAt: r.ended_at,
    reopenUntil: status === 'ended' ? reopenDeadline(r.ended_at, timeZone) : null,
  };
}

export function toInterviewPublic(i: InterviewStaff, record: RecordAvailability, preview: InterviewPreviewPublic | null = null): InterviewPublic {
  const { id: _id, unitId: _unitId, liveTextApproval: _lta, createdAt: _c, updatedAt: _u, endedAt: _e, reopenUntil: _r, ...pub } = i;
  return { ...pub, record, preview };
}

/** Interviews (访谈): created and edited by admins; hosts and directors may take one live and end it. */
export class InterviewService {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    /** The site's clock (SITE_TIMEZONE): "the day it ended" is a day on it. */
    private readonly timeZone: string = DEFAULT_TIME_ZONE,
  ) {}

  private toStaff = (r: InterviewRow): InterviewStaff => toInterviewStaff(r, this.timeZone);

  async list(opts: { publicOnly: boolean; viewer?: Viewer }): Promise<InterviewStaff[]> {
    let q = this.db.selectFrom('interviews').selectAll().orderBy('scheduled_start', 'desc');
    if (opts.publicOnly) q = q.where('status', '!=', 'draft');
    const unit = opts.viewer && boundUnit(opts.viewer);
    if (unit !== undefined) q = q.where('unit_id', '=', unit);
    return (await q.execute()).map(this.toStaff);
  }

  /**
   * One interview by id. For a unit-bound viewer another unit's interview does not exist (404, not 403):
   * a liaison learns nothing about what other units have planned.
   */
  async getById(id: number, viewer?: Viewer): Promise<InterviewStaff> {
    const row = await this.db.selectFrom('interviews').selectAll().where('id', '=', id).executeTakeFirst();
    const unit = viewer && boundUnit(viewer);
    if (!row || (unit !== undefined && row.unit_id !== unit)) throw new DomainError('not_found', 'interview');
    return this.toStaff(row);
  }

  /** A non-draft interview by slug: drafts do not exist for the public. */
  async getPublic(slug: string): Promise<InterviewStaff> {
    const row = await this.db
      .selectFrom('interviews')
      .selectAll()
      .where('slug', '=', slug)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'interview');
    return this.toStaff(row);
  }

  async create(input: InterviewCreate, actor: Actor, status: InterviewStatus = 'draft'): Promise<InterviewStaff> {
    await this.assertSlugFree(input.slug);
    const now = new Date().toISOString();
    const created = await this.db.transaction().execute(async (trx) => {
      const unit = await resolveUnit(trx, input, actor);
      if (!unit) throw new DomainError('validation', 'unitId', 'unit_required');
      const row = await trx
        .insertInto('interviews')
        .values({
          slug: input.slug,
          title: input.title,
          unit: unit.name,
          unit_id: unit.id,
          topic: input.topic,
          summary: input.summary,
          scheduled_start: input.scheduledStart,
          scheduled_end: input.scheduledEnd,
          status,
          pre_moderation: input.preModeration ? 1 : 0,
          live_text_approval: input.liveTextApproval,
          guests: JSON.stringify(input.guests),
          created_at: now,
          updated_at: now,
          ...(status === 'live' && { broadcast_started_at: now }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const interview = this.toStaff(row);
      await recordAudit(trx, { actor, action: 'interview.create', entity: 'interview', entityId: row.id, after: interview, at: now });
      return interview;
    });
    this.bus.emit('interview:changed', created);
    return created;
  }

  /**
   * Applies an edit. Admins may change anything; hosts and directors only the broadcast status
   * (live, ended), because that is their job on the day.
   */
  async update(id: number, input: InterviewUpdate, actor: Actor & { role: Role }): Promise<InterviewStaff> {
    const before = await this.getById(id);
    const onlyStatus = Object.keys(input).every((k) => k === 'status');
    const broadcastMove = input.status === 'live' || input.status === 'ended';
    if (actor.role !== 'admin' && !(onlyStatus && broadcastMove && BROADCASTERS.includes(actor.role))) {
      throw new DomainError('forbidden', 'interview');
    }
    if (input.status && input.status !== before.status && !INTERVIEW_STATUS_MOVES[before.status].includes(input.status)) {
      throw new DomainError('conflict', 'status', 'status_move');
    }
    if (input.slug && input.slug !== before.slug) await this.assertSlugFree(input.slug);
    const start = input.scheduledStart ?? before.scheduledStart;
    const end = input.scheduledEnd ?? before.scheduledEnd;
    if (Date.parse(end) <= Date.parse(start)) throw new DomainError('validation', 'scheduledEnd');
    const now = new Date().toISOString();
    const ending = input.status === 'ended' && before.status !== 'ended';
    const after = await this.db.transaction().execute(async (trx) => {
      const unit = await resolveUnit(trx, input, actor, before.unitId);
      const row = await trx
        .updateTable('interviews')
        .set({
          ...(input.slug !== undefined && { slug: input.slug }),
          ...(input.title !== undefined && { title: input.title }),
          ...(unit && { unit: unit.name, unit_id: unit.id }),
          ...(input.topic !== undefined && { topic: input.topic }),
          ...(input.summary !== undefined && { summary: input.summary }),
          ...(input.scheduledStart !== undefined && { scheduled_start: input.scheduledStart }),
          ...(input.scheduledEnd !== undefined && { scheduled_end: input.scheduledEnd }),
          ...(input.status !== undefined && { status: input.status }),
          ...(input.preModeration !== undefined && { pre_moderation: input.preModeration ? 1 : 0 }),
          ...(input.guests !== undefined && { guests: JSON.stringify(input.guests) }),
          ...(input.liveTextApproval !== undefined && { live_text_approval: input.liveTextApproval }),
          ...(ending && { ended_at: now }),
          // The broadcast clock starts the first time it goes live and never moves again (captions' times).
          ...(input.status === 'live' && { broadcast_started_at: sql<string>`coalesce(broadcast_started_at, ${now})` }),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const updated = this.toStaff(row);
      await recordAudit(trx, {
        actor,
        action: input.status && input.status !== before.status ? `interview.status.${input.status}` : 'interview.update',
        entity: 'interview',
        entityId: id,
        before,
        after: updated,
        at: now,
      });
      // The guests' links end with the broadcast, in the same commit.
      if (ending) await expireInvites(trx, id, actor, now);
      return updated;
    });
    this.bus.emit('interview:changed', after);
    if (ending) this.bus.emit('interview:ended', after);
    return after;
  }

  /**
   * Takes an interview ended by mistake back on air: admins only, on the day it ended (in the site's zone),
   * with a reason for the audit log. Questions are accepted again; the guests' old links stay expired.
   */
  async reopen(id: number, reason: string, actor: Actor & { role: Role }, now = new Date()): Promise<InterviewStaff> {
    if (actor.role !== 'admin') throw new DomainError('forbidden', 'interview');
    const before = await this.getById(id);
    if (before.status !== 'ended') throw new DomainError('conflict', 'status', 'reopen_not_ended');
    if (!before.reopenUntil || now.getTime() >= Date.parse(before.reopenUntil)) throw isBeijingTime(this.timeZone)
        ? new DomainError('conflict', 'status', 'reopen_too_late')
        : new DomainError('conflict', 'status', 'reopen_too_late_zone', { zone: this.timeZone });
    const at = now.toISOString();
    const after = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('interviews')
        .set({ status: 'live', ended_at: null, updated_at: at })
        .where('id', '=', id)
        // Two admins reopening at once: only the first finds it still ended.
        .where('status', '=', 'ended')
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new DomainError('conflict', 'status', 'reopen_not_ended');
      const updated = this.toStaff(row);
      await recordAudit(trx, { actor, action: 'interview.reopen', entity: 'interview', entityId: id, before, after: updated, reason, at });
      return updated;
    });
    this.bus.emit('interview:changed', after);
    return after;
  }

  private async assertSlugFree(slug: string): Promise<void> {
    const taken = await this.db.selectFrom('interviews').select('id').where('slug', '=', slug).executeTakeFirst();
    if (taken) throw new DomainError('conflict', 'slug', 'slug_taken');
  }
}

/** The unit a unit-bound viewer is limited to, or undefined for a role that sees every interview. */
function boundUnit(viewer: Viewer): number | undefined {
  // A liaison without a unit (only possible around the service) sees nothing rather than everything.
  return UNIT_BOUND.includes(viewer.role) ? (viewer.unitId ?? -1) : undefined;
}

/**
 * The unit an interview create or edit names: `unitId` (an active unit of the list), else the deprecated
 * `unit` text, which picks the unit of that name or adds it. Undefined when the input names none. Keeping
 * the unit an interview already has is allowed even after that unit was deactivated.
 */
async function resolveUnit(
  trx: Transaction<Database>,
  input: { unitId?: number; unit?: string },
  actor: Actor,
  current?: number | null,
): Promise<{ id: number; name: string } | undefined> {
  if (input.unitId !== undefined) {
    const row = await trx.selectFrom('units').selectAll().where('id', '=', input.unitId).executeTakeFirst();
    if (!row) throw new DomainError('validation', 'unitId', 'unit_unknown');
    if (row.active !== 1 && row.id !== current) throw new DomainError('validation', 'unitId', 'unit_inactive');
    return row;
  }
  if (input.unit === undefined) return undefined;
  const named = await trx.selectFrom('units').selectAll().where('name', '=', input.unit).executeTakeFirst();
  if (named && named.active !== 1 && named.id !== current) throw new DomainError('validation', 'unit', 'unit_inactive');
  return named ?? (await insertUnit(trx, input.unit, actor));
}
