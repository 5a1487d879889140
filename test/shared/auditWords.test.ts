import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionWord, auditEntityWord } from '../../shared/auditWords.js';
import { QUESTION_TRANSITIONS } from '../../shared/questionMachine.js';
import { INTERVIEW_STATUSES } from '../../shared/schemas/interview.js';

/** The server's TypeScript sources, read as text. */
function serverSources(dir = 'server'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? serverSources(p) : p.endsWith('.ts') ? [fs.readFileSync(p, 'utf8')] : [];
  });
}

/**
 * Every action and entity name written into recordAudit calls: literals (both sides of a `? :`), and the
 * three built from a value, expanded from their lists. A new action without words fails here, not on the
 * admin's screen as a raw code.
 */
function recorded(): { actions: Set<string>; entities: Set<string> } {
  const text = serverSources().join('\n');
  const actions = new Set<string>();
  for (const m of text.matchAll(/action: (?:[^,}\n]*\? *)?'([a-z_.+]+)'(?: *: *'([a-z_.+]+)')?/g)) {
    actions.add(m[1]!);
    if (m[2]) actions.add(m[2]);
  }
  expect(text).toContain('action: `question.${req.to}`');
  for (const targets of Object.values(QUESTION_TRANSITIONS)) for (const to of Object.keys(targets)) actions.add(`question.${to}`);
  expect(text).toContain('action: `settings.sensitive_words.${mode}`');
  for (const mode of ['merge', 'replace']) actions.add(`settings.sensitive_words.${mode}`);
  for (const s of INTERVIEW_STATUSES) actions.add(`interview.status.${s}`);
  const entities = new Set([...text.matchAll(/entity: '([a-z_]+)'/g)].map((m) => m[1]!));
  return { actions, entities };
}

describe('the audit log’s words', () => {
  const { actions, entities } = recorded();

  it('name every action the server records, in Chinese and English', () => {
    expect(actions.size).toBeGreaterThan(60);
    const missing = [...actions].filter((a) => !auditActionWord(a, 'zh-CN') || !auditActionWord(a, 'en'));
    expect(missing).toEqual([]);
  });

  it('name every kind of object, and the status changes of an interview', () => {
    expect([...entities].filter((e) => !auditEntityWord(e, 'zh-CN') || !auditEntityWord(e, 'en'))).toEqual([]);
    expect(auditActionWord('interview.status.live', 'zh-CN')).toBe('访谈状态改为“直播中”');
    expect(auditActionWord('interview.status.live', 'en')).toBe('Interview status set to “Live”');
    expect(auditActionWord('no.such.action', 'zh-CN')).toBeNull();
  });
});
