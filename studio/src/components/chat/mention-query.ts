import { ROLES, type Role } from '../../../../shared/roles.js';
import { ROLE_MENTIONS } from '../../../../shared/schemas/chat.js';
import type { Language } from '../../lib/i18n/index.svelte.js';

/** The word the @ picker inserts for a role: its first Chinese name, or its English one in the English UI. */
export function mentionWord(role: Role, lang: Language): string {
  const words = ROLE_MENTIONS[role];
  const english = words.find((w) => /^[a-z]+$/i.test(w));
  return (lang === 'en' && english) || words[0]!;
}

/** An `@` being typed just before the caret: where it starts and what follows it so far. */
export interface MentionQuery {
  start: number;
  query: string;
}

/**
 * The mention being typed at the caret, if any: an `@` at the start or after a space or punctuation (not
 * inside an e-mail address), followed by no space yet.
 */
export function mentionAt(value: string, caret: number): MentionQuery | null {
  const m = /(?:^|[\s，。；、,.;:：!?！？（）()「」"'“”])@([^\s@]{0,12})$/u.exec(value.slice(0, caret));
  if (!m) return null;
  const query = m[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/** The roles whose mention words (or shown name) start with what was typed, in the roles' usual order. */
export function rolesMatching(query: string, label: (r: Role) => string): Role[] {
  const q = query.toLowerCase();
  if (!q) return [...ROLES];
  return ROLES.filter((r) => ROLE_MENTIONS[r].some((w) => w.toLowerCase().startsWith(q)) || label(r).toLowerCase().includes(q));
}
