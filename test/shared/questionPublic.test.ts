import { describe, expect, it } from 'vitest';
import { applyPublicChange, publicChange, publicList, publicQuestion } from '../../shared/questionPublic.js';
import { isPublicStatus, QUESTION_STATUSES, type QuestionStaff, type QuestionStatus } from '../../shared/schemas/question.js';

const question = (status: QuestionStatus, extra: Partial<QuestionStaff> = {}): QuestionStaff => ({
  id: 7,
  interviewId: 1,
  originalContent: '我的电话13812345678，加装电梯怎么补贴？',
  publicContent: '我的电话138****5678，加装电梯怎么补贴？',
  nickname: '市民',
  hasContact: true,
  status,
  flags: { sensitiveWords: [], sensitiveMatches: [], personalData: ['mobile'], duplicateOf: null, similarity: null },
  reason: status === 'rejected' ? '与主题无关' : null,
  mergedInto: status === 'merged' ? 3 : null,
  queuePosition: status === 'queued' ? 2 : null,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:05:00.000Z',
  answeredAt: status === 'answered' ? '2026-12-01T08:10:00.000Z' : null,
  askedInAdvance: false,
  ...extra,
});

describe('the public view of a question, decided in one place', () => {
  it('shows only public statuses, and never the original wording, the contact or moderation detail', () => {
    for (const status of QUESTION_STATUSES) {
      const pub = publicQuestion(question(status));
      expect(pub === null, status).toBe(!isPublicStatus(status));
      if (pub) expect(JSON.stringify(pub), status).not.toMatch(/13812345678|与主题无关|mobile|hasContact/);
    }
  });

  it('the fan-out applied to what a viewer holds gives the server list, for every status before and after', () => {
    const others = [publicQuestion(question('approved', { id: 1 })), publicQuestion(question('queued', { id: 2, queuePosition: 1 }))];
    for (const from of [null, ...QUESTION_STATUSES]) {
      for (const to of QUESTION_STATUSES) {
        const before = from === null ? null : question(from);
        const after = question(to, { publicContent: from === to ? '改过的措辞' : '我的电话138****5678，加装电梯怎么补贴？' });
        const held = publicList([...others, before && publicQuestion(before)]);
        const change = publicChange(before, after);
        const viewer = change ? applyPublicChange(held, change) : held;
        expect(viewer, `${from} → ${to}`).toEqual(publicList([...others, publicQuestion(after)]));
      }
    }
  });

  it('says nothing to viewers about a staff-only change', () => {
    const before = question('approved');
    expect(publicChange(before, { ...before, flags: { ...before.flags, sensitiveWords: ['发票'] }, updatedAt: '2026-12-01T09:00:00.000Z' })).toBeNull();
    expect(publicChange(question('pending'), question('rejected'))).toBeNull();
  });
});
