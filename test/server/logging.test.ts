import { describe, expect, it } from 'vitest';
import { urlForLog } from '../../server/http/logging.js';

describe('what the request log may say of a URL', () => {
  it('replaces question tickets and guest invitations, and keeps everything else', () => {
    expect(urlForLog('/q/AbC_123-xyz?lang=en')).toBe('/q/[ticket]?lang=en');
    expect(urlForLog('/api/questions/by-ticket/AbC_123-xyz')).toBe('/api/questions/by-ticket/[ticket]');
    expect(urlForLog('/g/Secret-Token_1')).toBe('/g/[invite]');
    expect(urlForLog('/api/invites/Secret-Token_1')).toBe('/api/invites/[invite]');
    // A staff route names an invitation by its id, which opens nothing: it stays readable.
    expect(urlForLog('/api/studio/invites/12')).toBe('/api/studio/invites/12');
    expect(urlForLog('/api/interviews/demo/questions')).toBe('/api/interviews/demo/questions');
  });
});
