import { z } from 'zod';
import { QuestionStaff, type QuestionTransition } from '../../../../shared/schemas/question.js';
import { request } from '../api.js';

const Contact = z.object({ contact: z.string().nullable() });

/**
 * Staff decisions on questions. These go over HTTP rather than the socket so that each answer comes back
 * localised (Accept-Language) and CSRF-checked like every other mutation; the socket only brings news.
 */
export const questionsService = {
  list: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/questions`, z.array(QuestionStaff)),
  transition: (id: number, body: QuestionTransition) => request('POST', `/api/studio/questions/${id}/transition`, QuestionStaff, body),
  edit: (id: number, publicContent: string) => request('PATCH', `/api/studio/questions/${id}`, QuestionStaff, { publicContent }),
  /** Reveals the asker's contact; the server writes an audit entry for every call. */
  contact: (id: number) => request('GET', `/api/studio/questions/${id}/contact`, Contact),
  reorder: (interviewId: number, order: number[]) =>
    request('PUT', `/api/studio/interviews/${interviewId}/queue`, z.array(QuestionStaff), { order }),
};
