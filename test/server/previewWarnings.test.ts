import { describe, expect, it } from 'vitest';
import type { InterviewStaff } from '../../shared/schemas/interview.js';
import { calendarDaysUntil, previewWarnings } from '../../server/previews/warnings.js';
import { effectiveStatus, isOpenAt, tally } from '../../server/votes/tally.js';

const iv = (id: number, scheduledStart: string, status: InterviewStaff['status'] = 'scheduled'): InterviewStaff =>
  ({ id, title: `访谈${id}`, unit: '区民政局', scheduledStart, scheduledEnd: scheduledStart, status }) as InterviewStaff;

describe('预告 warnings (pure)', () => {
  it('counts days on the site calendar, not in 24-hour blocks', () => {
    // 23:30 in Shanghai, the interview at 09:30 the next morning there: one day, though only 10 hours away.
    expect(calendarDaysUntil(new Date('2026-05-07T15:30:00Z'), new Date('2026-05-08T01:30:00Z'), 'Asia/Shanghai')).toBe(1);
    expect(calendarDaysUntil(new Date('2026-05-07T15:30:00Z'), new Date('2026-05-08T01:30:00Z'), 'UTC')).toBe(1);
    expect(calendarDaysUntil(new Date('2026-05-08T00:10:00Z'), new Date('2026-05-08T01:30:00Z'), 'Asia/Shanghai')).toBe(0);
  });

  it('warns from now to less than N days ahead, drafts and scheduled only, not published ones, soonest first', () => {
    const now = new Date('2026-05-01T02:00:00Z');
    const list = [
      iv(1, '2026-05-07T01:59:00Z'), // 6 days minus a minute: warned
      iv(2, '2026-05-08T02:00:00Z'), // exactly 7 days: not "less than"
      iv(3, '2026-05-03T02:00:00Z', 'draft'),
      iv(4, '2026-05-02T02:00:00Z', 'live'),
      iv(5, '2026-04-30T02:00:00Z'), // already past its start
      iv(6, '2026-05-04T02:00:00Z'), // published
    ];
    const w = previewWarnings(list, new Set([6]), now, 7, 'Asia/Shanghai');
    expect(w.map((x) => x.interviewId)).toEqual([3, 1]);
    expect(w.map((x) => x.daysLeft)).toEqual([2, 6]);
  });
});

describe('选题投票 tally (pure)', () => {
  it('counts every candidate in order, zero for none, and closes at the closing time', () => {
    const t = tally([{ id: 1, topic: '甲' }, { id: 2, topic: '乙' }, { id: 3, topic: '丙' }], [{ candidate_id: 3, n: 2 }, { candidate_id: 1, n: 1 }]);
    expect(t).toEqual({ candidates: [{ id: 1, topic: '甲', votes: 1 }, { id: 2, topic: '乙', votes: 0 }, { id: 3, topic: '丙', votes: 2 }], total: 3 });
    const now = new Date('2026-05-01T02:00:00Z');
    expect(isOpenAt('open', null, now)).toBe(true);
    expect(isOpenAt('open', '2026-05-01T02:00:00Z', now)).toBe(false);
    expect(effectiveStatus('open', '2026-05-01T02:00:01Z', now)).toBe('open');
    expect(effectiveStatus('closed', null, now)).toBe('closed');
  });
});
