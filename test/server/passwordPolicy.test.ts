import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../server/auth/password-policy.js';
import { loadConfig } from '../../server/config.js';

describe('the password policy', () => {
  it('refuses the username and what people build from it', () => {
    for (const pw of ['wang.li2026', 'WANG.LI!!!!', '2026wang.li', 'il.gnaw-2026']) expect(passwordProblem(pw, 'wang.li'), pw).toBe('password_username');
    expect(passwordProblem('wang.li-and-a-long-story', 'wang.li')).toBeUndefined();
  });

  it('refuses common passwords however they are padded or typed', () => {
    for (const pw of ['password123', 'P@ssw0rd2026!', 'woaini1314520', 'ｐａｓｓｗｏｒｄ１２３', 'qwertyuiop', 'poiuytrewq', '1qaz2wsx3edc', '1234567890', '0987654321', 'abcabcabca', '1212121212', 'zzzzzzzzzz', 'fangtan2026']) {
      expect(passwordProblem(pw, 'someone'), pw).toBe('password_common');
    }
  });

  it('accepts passwords that are none of these, digits-only ones included', () => {
    for (const pw of ['Harbour-lantern-42', 'admin-password-1', '8937461029', '春天的水库2026', 'correct horse battery staple']) {
      expect(passwordProblem(pw, 'someone'), pw).toBeUndefined();
    }
  });

  it('stops the server at start on a common ADMIN_PASSWORD, naming the variable', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'Password2026!' })).toThrow(/ADMIN_PASSWORD: a common password/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'admin2026!!' })).toThrow(/ADMIN_PASSWORD: must not be the username "admin"/);
    expect(loadConfig({ ADMIN_PASSWORD: 'admin-password-1' }).ADMIN_PASSWORD).toBe('admin-password-1');
  });
});
