import { z } from 'zod';
import { Chapter } from '../../../../shared/schemas/record.js';
import { PublicationStaff, PublishPreview, TranscriptStaff, type PublishRequest, type TranscriptEdit } from '../../../../shared/schemas/recordPublish.js';
import { request } from '../api.js';

const base = (id: number) => `/api/studio/interviews/${id}/record`;

/** The record after the broadcast: the 文字实录, its chapters, and publishing (审核发布). */
export const recordService = {
  transcript: (id: number) => request('GET', `${base(id)}/transcript`, TranscriptStaff),
  saveTranscript: (id: number, body: TranscriptEdit) => request('PUT', `${base(id)}/transcript`, TranscriptStaff, body),
  regenerateTranscript: (id: number) => request('POST', `${base(id)}/transcript/regenerate`, TranscriptStaff),
  /** Where the browser downloads an export (the session cookie goes along). */
  exportUrl: (id: number, format: 'html' | 'txt' | 'docx') => `${base(id)}/transcript.${format}`,
  chapters: (id: number) => request('GET', `${base(id)}/chapters`, z.array(Chapter)),
  preview: (id: number) => request('GET', `${base(id)}/publish`, PublishPreview),
  publish: (id: number, body: PublishRequest) => request('POST', `${base(id)}/publish`, PublicationStaff, body),
  unpublish: (id: number) => request('POST', `${base(id)}/unpublish`, z.array(PublicationStaff)),
};
