import { PreviewStaff, PreviewWarnings, type PreviewUpdate } from '../../../../shared/schemas/preview.js';
import { request, requestFile } from '../api.js';

/** 预告 for the studio: the admin's preview of an interview and the list of interviews still without one. */
export const previewsService = {
  get: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/preview`, PreviewStaff),
  save: (interviewId: number, body: PreviewUpdate) => request('PUT', `/api/studio/interviews/${interviewId}/preview`, PreviewStaff, body),
  /** The poster, the file itself as the body; its description (alt text) in the query. */
  uploadPoster: (interviewId: number, file: File, alt: string) =>
    requestFile('POST', `/api/studio/interviews/${interviewId}/preview/poster?alt=${encodeURIComponent(alt)}`, PreviewStaff, file, file.type || 'application/octet-stream'),
  publish: (interviewId: number) => request('POST', `/api/studio/interviews/${interviewId}/preview/publish`, PreviewStaff),
  unpublish: (interviewId: number) => request('POST', `/api/studio/interviews/${interviewId}/preview/unpublish`, PreviewStaff, {}),
  warnings: () => request('GET', '/api/studio/previews/warnings', PreviewWarnings),
  /** The studio's address of a poster file (also before it is published). */
  posterUrl: (file: string) => `/api/studio/previews/posters/${encodeURIComponent(file)}`,
};
