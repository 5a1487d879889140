import { SensitiveWords } from '../../../../shared/schemas/settings.js';
import { request, requestVoid } from '../api.js';

/** The sensitive-word list screening uses (read: admin and reviewers; write: admin). */
export const settingsService = {
  sensitiveWords: () => request('GET', '/api/studio/settings/sensitive-words', SensitiveWords),
  // The answer's body (if any) is not needed: the list saved is the list sent.
  saveSensitiveWords: (words: string[]) => requestVoid('PUT', '/api/studio/settings/sensitive-words', { words }),
};
