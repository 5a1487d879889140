import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../server/calendar/workdays.js';

// The dates below are the State Council's 2026 holiday notice, as chinese-days compiles it.
describe('working days (书面答复 deadlines)', () => {
  const cal = new WorkingCalendar();

  it('skips 国庆节 and counts its 调休 Saturday', () => {
    // 2026-10-01 … 10-07 off; Saturday 10-10 is a make-up working day.
    expect(cal.isWorkday('2026-10-05')).toBe(false);
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
    expect(cal.holidayName('2026-10-01')).toContain('国庆节');
  });

  it('skips 劳动节 and counts Saturday 5月9日', () => {
    expect(cal.isWorkday('2026-05-04')).toBe(false);
    expect(cal.isWorkday('2026-05-09')).toBe(true);
    expect(cal.addWorkingDays('2026-04-30', 5)).toBe('2026-05-11');
  });

  it('counts an ordinary week as Monday to Friday', () => {
    expect(cal.addWorkingDays('2026-06-08', 5)).toBe('2026-06-15');
    expect(cal.workingDaysBetween('2026-06-08', '2026-06-08')).toBe(0);
    expect(cal.workingDaysBetween('2026-06-08', '2026-06-15')).toBe(5);
    expect(cal.workingDaysBetween('2026-06-15', '2026-06-08')).toBe(-5);
  });

  it("lets an admin's override win, and knows only weekends in a year the library lacks", () => {
    expect(WorkingCalendar.libraryKnows(2027)).toBe(false);
    const plain = new WorkingCalendar();
    expect(plain.addWorkingDays('2027-09-30', 1)).toBe('2027-10-01');
    const fixed = new WorkingCalendar([
      { date: '2027-10-01', kind: 'holiday' },
      { date: '2027-10-09', kind: 'workday' },
    ]);
    expect(fixed.addWorkingDays('2027-09-30', 1)).toBe('2027-10-04');
    expect(fixed.isWorkday('2027-10-09')).toBe(true);
    // An override also beats the library in a year it knows.
    expect(new WorkingCalendar([{ date: '2026-06-08', kind: 'holiday' }]).isWorkday('2026-06-08')).toBe(false);
  });

  it('refuses a malformed date or count', () => {
    expect(() => cal.addWorkingDays('2026-6-8', 5)).toThrow(/calendar date/);
    expect(() => cal.addWorkingDays('2026-06-08', 0)).toThrow(/positive/);
  });
});
