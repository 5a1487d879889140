import { describe, expect, it } from 'vitest';
import { missingTools } from '../../server/tools.js';

describe('the start-up check of outside programs', () => {
  it('names a missing program, what goes without it and how to install it; the installed ones pass', () => {
    expect(missingTools({ CHROMIUM_PATH: '/usr/bin/chromium' })).toEqual([]);
    expect(missingTools({ CHROMIUM_PATH: '/nonexistent/chromium' })).toEqual([
      '/nonexistent/chromium not found: the yearly report as PDF will not work (install it: sudo bash scripts/setup-debian.sh)',
    ]);
  });
});
