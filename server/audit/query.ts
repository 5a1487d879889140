import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { AuditEntry, AuditFilter } from '../../shared/schemas/audit.js';
import { fromWallClockInput, wallClock } from '../../shared/time.js';
import { addDays } from '../calendar/workdays.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { Lang } from '../http/i18n.js';
import { auditActionWord, auditEntityWord } from '../../shared/auditWords.js';
import { csvCell } from '../files/csv.js';
import { recordAudit, toAuditEntry, type Actor } from './log.js';

type EB = ExpressionBuilder<Database, 'audit_log'>;

/**
 * Things that belong to an interview, by the audit log's `entity` and the table that says which interview.
 * Entries of other kinds are still found by the `interviewId` their snapshot carries (see interviewScope).
 */
const INTERVIEW_TABLES = {
  question: 'questions',
  invite: 'invites',
  livetext: 'livetext_entries',
  caption: 'caption_cues',
  caption_token: 'caption_ingest_tokens',
  plan_entry: 'plan_entries',
  written_reply: 'written_replies',
} as const;

/** The entries about one interview: its own, those of the things in it, and any whose snapshot names it. */
function interviewScope(eb: EB, id: number): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [eb.and([eb('entity', '=', 'interview'), eb('entity_id', '=', id)])];
  for (const [entity, table] of Object.entries(INTERVIEW_TABLES)) {
    ors.push(eb.and([eb('entity', '=', entity), eb('entity_id', 'in', eb.selectFrom(table).select('id').where('interview_id', '=', id))]));
  }
  // A deleted plan row or a kind added later: its before/after snapshot carries the interview's id.
  ors.push(sql<SqlBool>`json_extract(after, '$.interviewId') = ${id}`);
  ors.push(sql<SqlBool>`json_extract(before, '$.interviewId') = ${id}`);
  return eb.or(ors);
}

/** The first instant of a site-calendar day, as the log stores instants (ISO 8601, UTC). */
function dayStart(day: string, zone: string): string {
  return new Date(fromWallClockInput(`${day}T00:00`, zone)).toISOString();
}

function filtered(db: Db, f: Omit<AuditFilter, 'limit'>, zone: string) {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId !== undefined) q = q.where('entity_id', '=', f.entityId);
  if (f.interviewId !== undefined) {
    const id = f.interviewId;
    q = q.where((eb) => interviewScope(eb, id));
  }
  if (f.actor === 'system' || f.actor === 'netizen') q = q.where('actor_id', 'is', null).where('actor_name', '=', `${f.actor} (${f.actor})`);
  else if (f.actor !== undefined) q = q.where('actor_id', '=', f.actor);
  if (f.action) {
    const prefix = /\.\*?$/.test(f.action) ? f.action.replace(/\*$/, '') : null;
    // The prefix is matched by range, not LIKE, so a `_` or `%` in it means itself.
    q = prefix ? q.where('action', '>=', prefix).where('action', '<', `${prefix}\uffff`) : q.where('action', '=', f.action);
  }
  if (f.from) q = q.where('at', '>=', dayStart(f.from, zone));
  if (f.to) q = q.where('at', '<', dayStart(addDays(f.to, 1), zone));
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  return q;
}


/** The newest `limit` entries the filter matches (before `before`, when paging), oldest first. */
export async function queryAudit(db: Db, f: AuditFilter, zone: string): Promise<AuditEntry[]> {
  const rows = await filtered(db, f, zone).orderBy('id', 'desc').limit(f.limit).execute();
  return rows.reverse().map(toAuditEntry);
}

/** The actions the log holds and the staff who appear in it, for the page's filter lists. */
export async function auditFacets(db: Db): Promise<{ actions: string[]; actors: Array<{ id: number; username: string; displayName: string }> }> {
  const actions = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  const actors = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('id', 'in', db.selectFrom('audit_log').select('actor_id').where('actor_id', 'is not', null).distinct().$castTo<number>())
    .orderBy('username')
    .execute();
  return { actions: actions.map((a) => a.action), actors: actors.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name })) };
}

const HEADERS: Record<Lang, string[]> = {
  'zh-CN': ['编号', '时间', '操作人', '操作', '操作说明', '对象类型', '对象编号', '理由', '改动前', '改动后'],
  en: ['No.', 'Time', 'Actor', 'Action', 'Action in words', 'Entity', 'Entity id', 'Reason', 'Before', 'After'],
};
/** Entries read per query while the CSV streams: the whole log never sits in memory. */
const CSV_BATCH = 1000;

const pad = (n: number) => String(n).padStart(2, '0');
function siteTime(iso: string, zone: string): string {
  const w = wallClock(new Date(iso), zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/**
 * The filtered log as CSV, oldest first, for Excel: UTF-8 with a byte-order mark (Excel reads Chinese then),
 * CRLF, times on the site's clock (the header names the zone), and every cell a spreadsheet would run as a
 * formula prefixed with ' (CSV injection: a netizen's question text is in the snapshots). The export itself is
 * audited: the log leaves the system.
 */
export async function* auditCsv(db: Db, f: Omit<AuditFilter, 'limit' | 'before'>, zone: string, lang: Lang, actor: Actor): AsyncGenerator<string> {
  await recordAudit(db, { actor, action: 'audit.export', entity: 'audit', entityId: null, after: { filter: f } });
  const headers = [...HEADERS[lang]];
  headers[1] = `${headers[1]} (${zone})`;
  yield `\uFEFF${headers.map(csvCell).join(',')}\r\n`;
  let after = 0;
  for (;;) {
    const rows = await filtered(db, f, zone).where('id', '>', after).orderBy('id').limit(CSV_BATCH).execute();
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) {
      // The action's name stays (a filter in the spreadsheet keeps working), its words beside it for the reader.
      const cells = [
        String(r.id),
        siteTime(r.at, zone),
        r.actor_name,
        r.action,
        auditActionWord(r.action, lang) ?? '',
        auditEntityWord(r.entity, lang) ?? r.entity,
        r.entity_id === null ? '' : String(r.entity_id),
        r.reason ?? '',
        r.before ?? '',
        r.after ?? '',
      ];
      chunk += `${cells.map(csvCell).join(',')}\r\n`;
    }
    yield chunk;
    after = rows[rows.length - 1]!.id;
  }
}
