import { z } from 'zod';
import { ReceiptPhoto, ReceiptStaff, ReceiptSummary, type ReceiptDecision, type ReceiptDraft } from '../../../../shared/schemas/receipt.js';
import { request, requestFile } from '../api.js';

/** 回执 for the studio: the lists, one interview's form, its uploads, the admin's due date and decision. */
export const receiptsService = {
  list: () => request('GET', '/api/studio/receipts', z.array(ReceiptSummary)),
  get: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/receipt`, ReceiptStaff),
  save: (interviewId: number, body: z.input<typeof ReceiptDraft>) => request('PUT', `/api/studio/interviews/${interviewId}/receipt`, ReceiptStaff, body),
  submit: (interviewId: number) => request('POST', `/api/studio/interviews/${interviewId}/receipt/submit`, ReceiptStaff),
  setDue: (interviewId: number, dueOn: string | null) => request('PUT', `/api/studio/interviews/${interviewId}/receipt/due`, ReceiptStaff, { dueOn }),
  decide: (interviewId: number, body: ReceiptDecision) => request('POST', `/api/studio/interviews/${interviewId}/receipt/decision`, ReceiptStaff, body),
  /** The outline itself as the body (the server judges its type by its bytes), its name in the query. */
  uploadOutline: (interviewId: number, file: File) =>
    requestFile('POST', `/api/studio/interviews/${interviewId}/receipt/outline?name=${encodeURIComponent(file.name)}`, ReceiptStaff, file, file.type || 'application/octet-stream'),
  uploadPhoto: (interviewId: number, file: File) =>
    requestFile('POST', `/api/studio/interviews/${interviewId}/receipt/photos`, ReceiptPhoto, file, file.type || 'application/octet-stream'),
  outlineUrl: (interviewId: number) => `/api/studio/interviews/${interviewId}/receipt/outline`,
};
