import { describe, expect, it } from 'vitest';
import { checkTransition, movesFor, QUESTION_TRANSITIONS } from '../../shared/questionMachine.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { QUESTION_STATUSES, type QuestionStatus } from '../../shared/schemas/question.js';

// The intended rules, written out independently of the machine's table so a slip in either shows up.
const MOD: Role[] = ['reviewer', 'admin'];
const HOST: Role[] = ['host', 'admin'];
const EXPECTED: Array<[QuestionStatus, QuestionStatus, Role[]]> = [
  ['pending', 'approved', MOD],
  ['pending', 'rejected', MOD],
  ['pending', 'merged', MOD],
  ['approved', 'queued', HOST],
  ['approved', 'on_air', HOST],
  ['approved', 'deferred', HOST],
  ['approved', 'rejected', MOD],
  ['approved', 'merged', MOD],
  ['queued', 'approved', HOST],
  ['queued', 'on_air', HOST],
  ['queued', 'deferred', HOST],
  ['on_air', 'answered', HOST],
  ['on_air', 'queued', HOST],
  ['on_air', 'deferred', HOST],
  ['deferred', 'queued', HOST],
  ['rejected', 'approved', MOD],
];

function fields(to: QuestionStatus) {
  return { to, ...(to === 'rejected' && { reason: '与主题无关' }), ...(to === 'merged' && { mergeInto: 7 }) };
}

describe('question state machine', () => {
  for (const from of QUESTION_STATUSES) {
    for (const to of QUESTION_STATUSES) {
      const rule = EXPECTED.find(([f, t]) => f === from && t === to);
      for (const role of ROLES) {
        const allowed = rule?.[2].includes(role) ?? false;
        it(`${role}: ${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
          const r = checkTransition(from, fields(to), role);
          expect(r.ok).toBe(allowed);
          if (!r.ok) expect(r.code).toBe(rule ? 'forbidden' : 'invalid_transition');
        });
      }
    }
  }

  it('lists exactly the expected moves, no more', () => {
    const listed = QUESTION_STATUSES.flatMap((from) => Object.keys(QUESTION_TRANSITIONS[from]).map((to) => `${from}>${to}`));
    expect(listed.sort()).toEqual(EXPECTED.map(([f, t]) => `${f}>${t}`).sort());
  });

  it('requires a reason to reject and a target to merge', () => {
    expect(checkTransition('pending', { to: 'rejected' }, 'reviewer')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(checkTransition('pending', { to: 'merged' }, 'reviewer')).toMatchObject({ ok: false, code: 'merge_target_required' });
  });

  it('accepts new public wording only together with an approval', () => {
    expect(checkTransition('pending', { to: 'approved', publicContent: '改写后' }, 'reviewer').ok).toBe(true);
    expect(checkTransition('pending', { to: 'rejected', reason: 'x', publicContent: '改写后' }, 'reviewer')).toMatchObject({ ok: false, code: 'validation' });
  });

  it('offers each role only its own buttons', () => {
    expect(movesFor('pending', 'reviewer').sort()).toEqual(['approved', 'merged', 'rejected']);
    expect(movesFor('pending', 'host')).toEqual([]);
    expect(movesFor('queued', 'host').sort()).toEqual(['approved', 'deferred', 'on_air']);
    expect(movesFor('on_air', 'director')).toEqual([]);
    expect(movesFor('answered', 'admin')).toEqual([]);
  });
});
