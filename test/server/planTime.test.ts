import { describe, expect, it } from 'vitest';
import { parsePlanTime } from '../../shared/planTime.js';

const ok = (start: string, end: string, kind: string) => ({ ok: true, kind, start, end });
const bad = (problem: string) => ({ ok: false, problem });

describe('the 时间 column of an annual plan', () => {
  it('reads a month as its first and last day, in digits, Chinese numerals or with the year', () => {
    expect(parsePlanTime('4月', 2026)).toEqual(ok('2026-04-01', '2026-04-30', 'month'));
    expect(parsePlanTime('四月', 2026)).toEqual(ok('2026-04-01', '2026-04-30', 'month'));
    expect(parsePlanTime('十二月', 2026)).toEqual(ok('2026-12-01', '2026-12-31', 'month'));
    expect(parsePlanTime('2026年4月', 2026)).toEqual(ok('2026-04-01', '2026-04-30', 'month'));
    expect(parsePlanTime(' 2 月份 ', 2028)).toEqual(ok('2028-02-01', '2028-02-29', 'month'));
    expect(parsePlanTime('2026-09', 2026)).toEqual(ok('2026-09-01', '2026-09-30', 'month'));
  });

  it('reads a date in the notices’ and ISO forms, full-width digits included', () => {
    expect(parsePlanTime('5月8日', 2026)).toEqual(ok('2026-05-08', '2026-05-08', 'date'));
    expect(parsePlanTime('2026-05-08', 2026)).toEqual(ok('2026-05-08', '2026-05-08', 'date'));
    expect(parsePlanTime('2026年5月8日', 2026)).toEqual(ok('2026-05-08', '2026-05-08', 'date'));
    expect(parsePlanTime('５月８号', 2026)).toEqual(ok('2026-05-08', '2026-05-08', 'date'));
    expect(parsePlanTime('五月二十一日', 2026)).toEqual(ok('2026-05-21', '2026-05-21', 'date'));
    expect(parsePlanTime('2026/5/8', 2026)).toEqual(ok('2026-05-08', '2026-05-08', 'date'));
  });

  it('reads a window with any of the dashes and words the notices join them with', () => {
    for (const sep of ['—', '——', '–', '-', '~', '～', '至', '到', ' - ']) {
      expect(parsePlanTime(`5月8日${sep}5月19日`, 2023), sep).toEqual(ok('2023-05-08', '2023-05-19', 'window'));
    }
    expect(parsePlanTime('5月22日-6月2日', 2023)).toEqual(ok('2023-05-22', '2023-06-02', 'window'));
    expect(parsePlanTime('5月8日-19日', 2023)).toEqual(ok('2023-05-08', '2023-05-19', 'window'));
    expect(parsePlanTime('4月至5月', 2026)).toEqual(ok('2026-04-01', '2026-05-31', 'window'));
    expect(parsePlanTime('2026-05-08~2026-05-19', 2026)).toEqual(ok('2026-05-08', '2026-05-19', 'window'));
    expect(parsePlanTime('2026-05-08-2026-05-19', 2026)).toEqual(ok('2026-05-08', '2026-05-19', 'window'));
    expect(parsePlanTime('2026年5月8日—5月19日', 2026)).toEqual(ok('2026-05-08', '2026-05-19', 'window'));
  });

  it('says why a time cannot be a window of the year', () => {
    expect(parsePlanTime('', 2026)).toEqual(bad('time_empty'));
    expect(parsePlanTime('下半年', 2026)).toEqual(bad('time_unreadable'));
    expect(parsePlanTime('文件出台同时提供解读材料', 2026)).toEqual(bad('time_unreadable'));
    expect(parsePlanTime('19日', 2026)).toEqual(bad('time_unreadable'));
    expect(parsePlanTime('13月', 2026)).toEqual(bad('time_invalid_date'));
    expect(parsePlanTime('2月30日', 2026)).toEqual(bad('time_invalid_date'));
    expect(parsePlanTime('2025年4月', 2026)).toEqual(bad('time_outside_year'));
    expect(parsePlanTime('2027-01-05', 2026)).toEqual(bad('time_outside_year'));
    expect(parsePlanTime('2026年12月28日-2027年1月5日', 2026)).toEqual(bad('time_outside_year'));
    expect(parsePlanTime('5月19日-5月8日', 2026)).toEqual(bad('time_reversed'));
  });
});
