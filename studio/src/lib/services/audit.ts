import { z } from 'zod';
import type { AuditEntity } from '../../../../shared/auditWords.js';
import { AuditActors, AuditEntry, AuditVerification, QuestionHistoryEntry } from '../../../../shared/schemas/audit.js';
import { request } from '../api.js';

// The kinds of thing the audit log records decisions about (the server's `entity` column), from its word list.
export { AUDIT_ENTITIES, type AuditEntity } from '../../../../shared/auditWords.js';

export interface AuditFilter {
  entity?: AuditEntity | undefined;
  entityId?: number | undefined;
  /** The interview's own entries and those of the things in it. */
  interviewId?: number | undefined;
  /** A staff member's id, or the netizens or the system. */
  actor?: number | 'system' | 'netizen' | undefined;
  /** Exact, or a prefix ending in `.` (`question.`). */
  action?: string | undefined;
  /** Site-calendar days, both included. */
  from?: string | undefined;
  to?: string | undefined;
  /** Entries older than this id (the next page back). */
  before?: number | undefined;
  /** 1..1000; the server answers the newest `limit` entries, oldest first. */
  limit: number;
}

function params(f: Omit<AuditFilter, 'limit'> & { limit?: number }): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p;
}

/** The append-only audit log (操作日志): read-only here, there is no way to change it. */
export const auditService = {
  list: (f: AuditFilter) => request('GET', `/api/studio/audit?${params(f)}`, z.array(AuditEntry)),
  /** The CSV of every entry the filter matches (not only the pages shown), for a download link. */
  csvUrl: (f: Omit<AuditFilter, 'limit' | 'before'>) => `/api/studio/audit.csv?${params(f)}`,
  /** The actions and staff in the log, for the filter lists. */
  facets: () => request('GET', '/api/studio/audit/facets', AuditActors),
  /** One question's own history (处理记录), oldest first; moderators only. */
  history: (questionId: number) => request('GET', `/api/studio/questions/${questionId}/history`, z.array(QuestionHistoryEntry)),
  /** Recomputes the log's hash chain on the server; administrators only. */
  verify: () => request('GET', '/api/studio/audit/verify', AuditVerification),
};
