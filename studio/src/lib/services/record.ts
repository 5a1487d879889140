import { z } from 'zod';
import { Chapter, RecordProgramStaff } from '../../../../shared/schemas/record.js';
import { PublicationStaff, PublishPreview, TranscriptStaff, type PublishRequest, type TranscriptEdit } from '../../../../shared/schemas/recordPublish.js';
import {
  RecordPeaks,
  RecordSubtitleTrack,
  RecordSubtitleTrackInfo,
  RecordTrim,
  type RecordCueAdd,
  type RecordCuePatch,
  type RecordCueSplit,
  type RecordSubtitleImport,
  type RecordTrimSet,
  type SubtitleFormat,
} from '../../../../shared/schemas/record-subtitles.js';
import { request } from '../api.js';

const base = (id: number) => `/api/studio/interviews/${id}/record`;
const track = (id: number, lang: string) => `${base(id)}/subtitles/${encodeURIComponent(lang)}`;

/**
 * The record after the broadcast: the composed program, in/out points, replay subtitles and waveform, the
 * 文字实录 and its chapters, and publishing (审核发布).
 */
export const recordService = {
  program: (id: number) => request('GET', base(id), RecordProgramStaff),
  /** Composes the program again (409 while live or recording, or without a capture). */
  compose: (id: number) => request('POST', `${base(id)}/compose`, RecordProgramStaff),
  trim: (id: number) => request('GET', `${base(id)}/trim`, RecordTrim),
  setTrim: (id: number, body: RecordTrimSet) => request('PUT', `${base(id)}/trim`, RecordTrim, body),
  peaks: (id: number) => request('GET', `${base(id)}/peaks`, RecordPeaks),
  tracks: (id: number) => request('GET', `${base(id)}/subtitles`, z.array(RecordSubtitleTrackInfo)),
  track: (id: number, lang: string) => request('GET', track(id, lang), RecordSubtitleTrack),
  update: (id: number, lang: string, cueId: number, body: RecordCuePatch) => request('PATCH', `${track(id, lang)}/cues/${cueId}`, RecordSubtitleTrack, body),
  add: (id: number, lang: string, body: RecordCueAdd) => request('POST', `${track(id, lang)}/cues`, RecordSubtitleTrack, body),
  remove: (id: number, lang: string, cueId: number) => request('DELETE', `${track(id, lang)}/cues/${cueId}`, RecordSubtitleTrack),
  split: (id: number, lang: string, cueId: number, body: RecordCueSplit) => request('POST', `${track(id, lang)}/cues/${cueId}/split`, RecordSubtitleTrack, body),
  merge: (id: number, lang: string, cueId: number) => request('POST', `${track(id, lang)}/cues/${cueId}/merge`, RecordSubtitleTrack),
  shift: (id: number, lang: string, deltaMs: number) => request('POST', `${track(id, lang)}/shift`, RecordSubtitleTrack, { deltaMs }),
  importFile: (id: number, lang: string, body: RecordSubtitleImport) => request('POST', `${track(id, lang)}/import`, RecordSubtitleTrack, body),
  regenerate: (id: number, lang: string) => request('POST', `${track(id, lang)}/regenerate`, RecordSubtitleTrack),
  /** A download link (the browser sends the session cookie). */
  exportUrl: (id: number, lang: string, format: SubtitleFormat) => `${track(id, lang)}/export?format=${format}`,
  transcript: (id: number) => request('GET', `${base(id)}/transcript`, TranscriptStaff),
  saveTranscript: (id: number, body: TranscriptEdit) => request('PUT', `${base(id)}/transcript`, TranscriptStaff, body),
  regenerateTranscript: (id: number) => request('POST', `${base(id)}/transcript/regenerate`, TranscriptStaff),
  /** Where the browser downloads an export (the session cookie goes along). */
  transcriptExportUrl: (id: number, format: 'html' | 'txt' | 'docx') => `${base(id)}/transcript.${format}`,
  chapters: (id: number) => request('GET', `${base(id)}/chapters`, z.array(Chapter)),
  preview: (id: number) => request('GET', `${base(id)}/publish`, PublishPreview),
  publish: (id: number, body: PublishRequest) => request('POST', `${base(id)}/publish`, PublicationStaff, body),
  unpublish: (id: number) => request('POST', `${base(id)}/unpublish`, z.array(PublicationStaff)),
};
