import { describe, expect, it } from 'vitest';
import { InterviewCreate, InterviewUpdate } from '../../shared/schemas/interview.js';
import { askerStatus, compareForDisplay, QuestionSubmit } from '../../shared/schemas/question.js';
import { UserCreate } from '../../shared/schemas/auth.js';

describe('QuestionSubmit', () => {
  it('trims, and treats blank optional fields as absent', () => {
    expect(QuestionSubmit.parse({ content: '  问题  ', nickname: '  ', contact: '' })).toEqual({ content: '问题' });
  });
  it('accepts a mobile, a landline or an email as contact', () => {
    for (const contact of ['13812345678', '138 1234 5678', '0912-3456789', 'a@b.cn']) {
      expect(QuestionSubmit.safeParse({ content: 'x', contact }).success, contact).toBe(true);
    }
  });
  it('refuses empty or too long content, a long nickname and a contact that is neither', () => {
    expect(QuestionSubmit.safeParse({ content: '   ' }).success).toBe(false);
    expect(QuestionSubmit.safeParse({ content: '问'.repeat(501) }).success).toBe(false);
    expect(QuestionSubmit.safeParse({ content: 'x', nickname: '名'.repeat(21) }).success).toBe(false);
    const r = QuestionSubmit.safeParse({ content: 'x', contact: '12345' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['contact']);
  });
  it('refuses wrong types', () => {
    expect(QuestionSubmit.safeParse({ content: 42 }).success).toBe(false);
    expect(QuestionSubmit.safeParse(null).success).toBe(false);
  });
});

describe('InterviewCreate', () => {
  const base = {
    slug: 'housing-2026',
    title: '访谈',
    unit: '住建局',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
  };
  it('defaults to 先审后发 and no guests', () => {
    expect(InterviewCreate.parse(base)).toMatchObject({ preModeration: true, guests: [], topic: '' });
  });
  it('refuses an end before the start, naming scheduledEnd', () => {
    const r = InterviewCreate.safeParse({ ...base, scheduledEnd: base.scheduledStart });
    expect(r.error?.issues[0]?.path).toEqual(['scheduledEnd']);
  });
  it('leaves out of an update what it does not mention', () => {
    expect(InterviewUpdate.parse({ status: 'live' })).toEqual({ status: 'live' });
  });
  it('refuses a slug with capitals or spaces', () => {
    expect(InterviewCreate.safeParse({ ...base, slug: 'Bad Slug' }).success).toBe(false);
  });
});

describe('UserCreate', () => {
  it('requires a 10-character password and a known role', () => {
    expect(UserCreate.safeParse({ username: 'abc', displayName: 'A', role: 'host', password: 'short' }).success).toBe(false);
    expect(UserCreate.safeParse({ username: 'abc', displayName: 'A', role: 'netizen', password: 'long-enough-1' }).success).toBe(false);
    expect(UserCreate.safeParse({ username: 'abc', displayName: 'A', role: 'host', password: 'long-enough-1' }).success).toBe(true);
  });
});

describe('asker status and display order', () => {
  it('tells the asker only what they need', () => {
    expect(askerStatus('queued')).toBe('approved');
    expect(askerStatus('on_air')).toBe('approved');
    expect(askerStatus('merged')).toBe('not_published');
    expect(askerStatus('rejected')).toBe('not_published');
  });
  it('lists on air first, then the queue in order, then newest approved, then answered', () => {
    const q = (id: number, status: any, queuePosition: number | null = null, answeredAt: string | null = null) => ({ id, status, queuePosition, answeredAt });
    const list = [q(1, 'answered', null, '2026-01-01'), q(2, 'approved'), q(3, 'queued', 2), q(4, 'on_air'), q(5, 'queued', 1), q(6, 'approved')];
    expect(list.sort(compareForDisplay).map((x) => x.id)).toEqual([4, 5, 3, 6, 2, 1]);
  });
});
