import { z } from 'zod';
import {
  WrittenReplyStaff,
  WrittenReplyUnitOverview,
  type WrittenReplyListQuery,
} from '../../../../shared/schemas/writtenReply.js';
import { request } from '../api.js';

type ListQuery = Partial<Pick<WrittenReplyListQuery, 'unitId' | 'interviewId'>> & { state?: WrittenReplyListQuery['state'] };

const query = (q: ListQuery) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** 书面答复: the due lists, the liaison's drafts, the reviewer's approval. */
export const repliesService = {
  list: (q: ListQuery = {}) => request('GET', `/api/studio/replies${query(q)}`, z.array(WrittenReplyStaff)),
  overview: () => request('GET', '/api/studio/replies/overview', z.array(WrittenReplyUnitOverview)),
  saveDraft: (id: number, content: string) => request('PUT', `/api/studio/replies/${id}/draft`, WrittenReplyStaff, { content }),
  submit: (id: number, content: string) => request('POST', `/api/studio/replies/${id}/submit`, WrittenReplyStaff, { content }),
  approve: (id: number) => request('POST', `/api/studio/replies/${id}/approve`, WrittenReplyStaff),
  giveBack: (id: number, reason: string) => request('POST', `/api/studio/replies/${id}/return`, WrittenReplyStaff, { reason }),
};
