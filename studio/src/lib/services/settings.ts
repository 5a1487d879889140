import {
  SensitiveWordImportResult,
  SensitiveWords,
  type SensitiveWordImport,
  type WordFileFormat,
} from '../../../../shared/schemas/settings.js';
import { request, requestVoid } from '../api.js';

/** The sensitive-word list screening uses (read and export: admin and reviewers; write and import: admin). */
export const settingsService = {
  sensitiveWords: () => request('GET', '/api/studio/settings/sensitive-words', SensitiveWords),
  // The answer's body (if any) is not needed: the list saved is the list sent.
  saveSensitiveWords: (words: string[]) => requestVoid('PUT', '/api/studio/settings/sensitive-words', { words }),
  /** Preview a word-list file, or merge it into the list, or replace the list with it. */
  importSensitiveWords: (file: SensitiveWordImport) => request('POST', '/api/studio/settings/sensitive-words/import', SensitiveWordImportResult, file),
  /** Where the browser downloads the list from (a plain link: the session cookie goes along). */
  exportUrl: (format: WordFileFormat) => `/api/studio/settings/sensitive-words/export?format=${format}`,
};

/**
 * Reads a word-list file as text: UTF-8, or else GB18030 (GBK), as lists saved by older Windows tools are.
 * Bytes neither can read become U+FFFD, which the server reports with the line they are on.
 */
export async function readWordFile(file: File): Promise<{ content: string; format: WordFileFormat }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    content = new TextDecoder('gb18030').decode(bytes);
  }
  return { content, format: /\.csv$/i.test(file.name) ? 'csv' : 'txt' };
}
