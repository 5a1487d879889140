import { z } from 'zod';
import { AuditEntry, AuditVerification, QuestionHistoryEntry } from '../../../../shared/schemas/audit.js';
import { request } from '../api.js';

/** The kinds of thing the audit log records decisions about (the server's `entity` column). */
export const AUDIT_ENTITIES = ['question', 'interview', 'user', 'unit', 'invite', 'settings', 'written_reply', 'calendar', 'receipt'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export interface AuditFilter {
  entity?: AuditEntity | undefined;
  entityId?: number | undefined;
  /** 1..1000; the server answers the newest `limit` entries, oldest first. */
  limit: number;
}

/** The append-only audit log (操作日志): read-only here, there is no way to change it. */
export const auditService = {
  list: (f: AuditFilter) => {
    const params = new URLSearchParams({ limit: String(f.limit) });
    if (f.entity) params.set('entity', f.entity);
    if (f.entityId !== undefined) params.set('entityId', String(f.entityId));
    return request('GET', `/api/studio/audit?${params}`, z.array(AuditEntry));
  },
  /** One question's own history (处理记录), oldest first; moderators only. */
  history: (questionId: number) => request('GET', `/api/studio/questions/${questionId}/history`, z.array(QuestionHistoryEntry)),
  /** Recomputes the log's hash chain on the server; administrators only. */
  verify: () => request('GET', '/api/studio/audit/verify', AuditVerification),
};
