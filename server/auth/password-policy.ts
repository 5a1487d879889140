import { COMMON_PASSWORD_WORDS, KEYBOARD_RUNS } from './common-passwords.js';

/** Why a password of acceptable length is still refused; each has a sentence in http/i18n.ts. */
export type PasswordProblem = 'password_username' | 'password_common';

// Digits, symbols and spaces at either end are what people add to a word to pass a length rule.
const PADDING = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;

/** True when the whole password is one short unit said again ("1212121212", "abcabcabca"). */
function isRepeated(pw: string): boolean {
  for (let unit = 1; unit <= 4 && unit < pw.length; unit++) {
    const head = pw.slice(0, unit);
    if (head.repeat(Math.ceil(pw.length / unit)).slice(0, pw.length) === pw) return true;
  }
  return false;
}

function isKeyboardRun(pw: string): boolean {
  return KEYBOARD_RUNS.some((run) => run.includes(pw) || [...run].reverse().join('').includes(pw));
}

/**
 * The policy past the length the schemas check (10): not the username or the username padded with digits
 * and symbols, and not a common password: a listed word padded the same way, a keyboard run, a repetition.
 * NFKC first, so full-width characters typed in a Chinese input method count as their plain forms.
 */
export function passwordProblem(password: string, username: string): PasswordProblem | undefined {
  const pw = password.normalize('NFKC').toLowerCase();
  const core = pw.replace(PADDING, '');
  const name = username.normalize('NFKC').toLowerCase();
  if (name && (core === name || core === [...name].reverse().join('') || pw === name)) return 'password_username';
  if (COMMON_PASSWORD_WORDS.has(core) || isRepeated(pw) || isKeyboardRun(pw) || (core !== '' && isKeyboardRun(core))) return 'password_common';
  return undefined;
}
