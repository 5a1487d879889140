import { auditActionWord, auditEntityWord } from '../../../shared/auditWords.js';
import { ROLES } from '../../../shared/roles.js';
import type { AuditEntry } from '../../../shared/schemas/audit.js';
import { INTERVIEW_STATUSES } from '../../../shared/schemas/interview.js';
import { PERSONAL_DATA_KINDS, QUESTION_STATUSES } from '../../../shared/schemas/question.js';
import { formatAuditTime, zoneLabel } from './format.js';
import { i18n, t, type MessageKey } from './i18n/index.svelte.js';

/** The fields of logged records that get a name in the UI; others show their raw key. */
const FIELDS = [
  'interviewId', 'originalContent', 'publicContent', 'nickname', 'hasContact', 'status', 'flags', 'reason', 'mergedInto',
  'queuePosition', 'answeredAt', 'sensitiveWords', 'personalData', 'duplicateOf', 'similarity', 'slug', 'title', 'unit', 'unitId',
  'topic', 'summary', 'scheduledStart', 'scheduledEnd', 'guests', 'preModeration', 'acceptsQuestions', 'username',
  'displayName', 'role', 'active', 'name', 'mustChangePassword', 'guestName', 'expiresAt', 'revokedAt', 'count', 'added', 'removed', 'format', 'order',
  'dueOn', 'persons', 'contactName', 'contactPhone', 'contactEmail', 'note', 'outline',
  'year', 'seq', 'timeText', 'windowStart', 'windowEnd', 'note', 'rows', 'createdUnits', 'interviewDeleted', 'filter',
] as const;

/**
 * Bookkeeping that says nothing about the decision (every change moves `updatedAt`), and where screening
 * matched (offsets; the words themselves are in `sensitiveWords`).
 */
const HIDDEN = new Set(['id', 'createdAt', 'updatedAt', 'sensitiveMatches']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Reasons the server writes itself, in English; a staff member's own reason is shown as typed. */
const SERVER_REASONS: Record<string, MessageKey> = {
  'pre-moderation off': 'audit.reason.autoApproved',
  'replaced on air': 'audit.reason.replacedOnAir',
  'annual plan': 'audit.reason.annualPlan',
  'annual plan edited': 'audit.reason.annualPlanEdited',
  'plan entry deleted': 'audit.reason.planEntryDeleted',
};

type Rec = Record<string, unknown>;
const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const asRecord = (v: unknown): Rec | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : null);
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** What happened, in words. The same action can mean different things by where the question came from. */
export function actionText(e: AuditEntry): string {
  const from = asRecord(e.before)?.status;
  const into = asRecord(e.after)?.mergedInto;
  if (e.action === 'question.approved' && from === 'queued') return t('audit.action.question.unqueued');
  if (e.action === 'question.approved' && from === 'rejected') return t('audit.action.question.reapproved');
  if (e.action === 'question.queued' && (from === 'on_air' || from === 'deferred')) return t('audit.action.question.requeued');
  if (e.action === 'question.merged' && typeof into === 'number') return t('audit.action.question.mergedInto', { id: into });
  return auditActionWord(e.action, i18n.lang) ?? e.action;
}

/** `reviewer1 (reviewer)` as `reviewer1（审核员）`; netizens and the system by their kind alone. */
export function actorText(actorName: string): string {
  const m = /^(.*) \((\w+)\)$/.exec(actorName);
  if (!m) return actorName;
  const [, name = '', role] = m;
  if (role === 'netizen') return t('audit.actor.netizen');
  if (role === 'system') return t('audit.actor.system');
  return isOneOf(ROLES, role) ? t('audit.actor', { name, role: t(`role.${role}`) }) : actorName;
}

export function reasonText(reason: string | null): string {
  if (!reason) return '';
  const key = SERVER_REASONS[reason];
  return key ? t(key) : reason;
}

/** `提问 #12`: what an entry is about. */
export function entityText(e: AuditEntry): string {
  const kind = auditEntityWord(e.entity, i18n.lang) ?? e.entity;
  return e.entityId === null ? kind : `${kind} #${e.entityId}`;
}

/** The public wording before and after, when a question entry changed it (an edit, or approval with edit). */
export function wordingChange(e: AuditEntry): { before: string; after: string } | null {
  if (e.entity !== 'question') return null;
  const before = asRecord(e.before)?.publicContent;
  const after = asRecord(e.after)?.publicContent;
  return typeof before === 'string' && typeof after === 'string' && before !== after ? { before, after } : null;
}

/** One readable line of an entry's detail: `状态：待审核 → 已通过`, or `标题：…` for a record as created. */
export interface ChangeLine {
  key: string;
  label: string;
  from?: string;
  to: string;
}

/**
 * The entry's before/after as short lines: for a change only the fields that changed, for a creation (or a
 * record alone) its non-empty fields.
 */
export function changeLines(e: AuditEntry): ChangeLine[] {
  if (Array.isArray(e.before) || Array.isArray(e.after)) {
    // queue.reorder logs the queue's ids before and after.
    const line: ChangeLine = { key: 'order', label: fieldLabel('order'), to: valueText('order', e.after, e.entity) };
    if (e.before !== null) line.from = valueText('order', e.before, e.entity);
    return [line];
  }
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  if (before && after) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !HIDDEN.has(k));
    // A change only in hidden parts (an edit moves the flags' match offsets) reads the same before and after.
    return keys
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => ({ key: k, label: fieldLabel(k), from: valueText(k, before[k], e.entity), to: valueText(k, after[k], e.entity) }))
      .filter((line) => line.from !== line.to);
  }
  const only = after ?? before;
  if (!only) return [];
  return Object.entries(only)
    .filter(([k, v]) => !HIDDEN.has(k) && !isEmpty(v))
    .map(([k, v]) => ({ key: k, label: fieldLabel(k), to: valueText(k, v, e.entity) }));
}

function fieldLabel(key: string): string {
  return isOneOf(FIELDS, key) ? t(`audit.field.${key}`) : key;
}

function valueText(key: string, v: unknown, entity: string): string {
  if (isEmpty(v)) return t('audit.value.empty');
  if (typeof v === 'boolean') return t(v ? 'audit.value.yes' : 'audit.value.no');
  if (key === 'status' && entity === 'question' && isOneOf(QUESTION_STATUSES, v)) return t(`questionStatus.${v}`);
  if (key === 'status' && entity === 'interview' && isOneOf(INTERVIEW_STATUSES, v)) return t(`interviewStatus.${v}`);
  if (key === 'role' && isOneOf(ROLES, v)) return t(`role.${v}`);
  if (key === 'similarity' && typeof v === 'number') return `${Math.round(v * 100)}%`;
  if (typeof v === 'number' && ['interviewId', 'mergedInto', 'duplicateOf'].includes(key)) return `#${v}`;
  if (typeof v === 'string' && ISO_TIME.test(v)) return `${formatAuditTime(v)} ${zoneLabel(i18n.lang)}`;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => itemText(key, x, entity)).join(t('audit.value.separator'));
  const rec = asRecord(v);
  if (!rec) return JSON.stringify(v);
  // A nested record (screening flags): its non-empty parts, `敏感词：某词；个人信息：手机号`.
  const parts = Object.entries(rec).filter(([k, x]) => !HIDDEN.has(k) && !isEmpty(x));
  if (parts.length === 0) return t('audit.value.empty');
  return parts.map(([k, x]) => t('audit.value.part', { label: fieldLabel(k), value: valueText(k, x, entity) })).join(t('audit.value.partSeparator'));
}

function itemText(key: string, x: unknown, entity: string): string {
  if (key === 'order' && typeof x === 'number') return `#${x}`;
  if (key === 'personalData' && isOneOf(PERSONAL_DATA_KINDS, x)) return t(`personal.${x}`);
  const rec = asRecord(x);
  // A guest: the name and title say who; the biography would swamp the line.
  if (rec && typeof rec.name === 'string') return typeof rec.title === 'string' && rec.title ? t('audit.value.guest', { name: rec.name, title: rec.title }) : rec.name;
  return valueText('', x, entity);
}
