import { z } from 'zod';
import { InterviewStaff, type InterviewCreate, type InterviewReopen, type InterviewUpdate } from '../../../../shared/schemas/interview.js';
import { request } from '../api.js';

/** Interviews as staff see them. */
export const interviewsService = {
  list: () => request('GET', '/api/studio/interviews', z.array(InterviewStaff)),
  get: (id: number) => request('GET', `/api/studio/interviews/${id}`, InterviewStaff),
  create: (body: InterviewCreate) => request('POST', '/api/studio/interviews', InterviewStaff, body),
  update: (id: number, body: InterviewUpdate) => request('PATCH', `/api/studio/interviews/${id}`, InterviewStaff, body),
  /** Admins: back on air after an end by mistake, on the day it ended; 409 after that day. */
  reopen: (id: number, body: InterviewReopen) => request('POST', `/api/studio/interviews/${id}/reopen`, InterviewStaff, body),
};
