import { z } from 'zod';
import { LiveTextPhotoStaff, LiveTextStaff, type LiveTextCorrect, type LiveTextCreate, type LiveTextDecision } from '../../../../shared/schemas/livetext.js';
import { request, requestFile } from '../api.js';

/** 图文直播 for the studio: the desk's entries and photos, the approvers' decisions. */
export const livetextService = {
  list: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/livetext`, z.array(LiveTextStaff)),
  create: (interviewId: number, body: z.input<typeof LiveTextCreate>) => request('POST', `/api/studio/interviews/${interviewId}/livetext`, LiveTextStaff, body),
  /** One photo, the file itself as the body; its description (alt text) in the query. */
  upload: (interviewId: number, file: File, alt: string) =>
    requestFile('POST', `/api/studio/interviews/${interviewId}/livetext/photos?alt=${encodeURIComponent(alt)}`, LiveTextPhotoStaff, file, file.type || 'application/octet-stream'),
  submit: (id: number) => request('POST', `/api/studio/livetext/${id}/submit`, LiveTextStaff),
  correct: (id: number, body: LiveTextCorrect) => request('PUT', `/api/studio/livetext/${id}`, LiveTextStaff, body),
  withdraw: (id: number, reason?: string) => request('POST', `/api/studio/livetext/${id}/withdraw`, LiveTextStaff, reason ? { reason } : {}),
  decide: (id: number, body: LiveTextDecision) => request('POST', `/api/studio/livetext/${id}/decision`, LiveTextStaff, body),
};
