import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, fromWallClockInput, isBeijingTime, toWallClockInput, utcOffsetText } from '../../shared/time.js';

describe('the site clock', () => {
  it('reads a typed wall-clock time on the site’s zone, whatever zone the process runs in', () => {
    expect(fromWallClockInput('2026-05-08T10:00', 'Asia/Shanghai')).toBe('2026-05-08T10:00:00+08:00');
    expect(fromWallClockInput('2026-05-08T00:30', 'Asia/Shanghai')).toBe('2026-05-08T00:30:00+08:00');
    expect(fromWallClockInput('2026-01-15T09:00', 'Europe/Berlin')).toBe('2026-01-15T09:00:00+01:00');
    expect(fromWallClockInput('2026-07-15T09:00', 'Europe/Berlin')).toBe('2026-07-15T09:00:00+02:00');
    expect(fromWallClockInput('2026-07-15T09:00', 'UTC')).toBe('2026-07-15T09:00:00+00:00');
    expect(fromWallClockInput('2026-07-15T09:00', 'Asia/Kolkata')).toBe('2026-07-15T09:00:00+05:30');
  });

  it('moves a time skipped by daylight saving forward, and takes the first of a repeated one', () => {
    // Berlin skips 02:00–03:00 on 29 March 2026 and repeats 02:00–03:00 on 25 October 2026.
    expect(fromWallClockInput('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    expect(fromWallClockInput('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
  });

  it('shows a stored instant on the site’s clock, and back again', () => {
    expect(toWallClockInput('2026-05-08T02:00:00.000Z', 'Asia/Shanghai')).toBe('2026-05-08T10:00');
    expect(toWallClockInput('2026-05-08T10:00:00+08:00', 'Asia/Shanghai')).toBe('2026-05-08T10:00');
    expect(toWallClockInput('2026-05-07T23:30:00Z', 'Asia/Shanghai')).toBe('2026-05-08T07:30');
    expect(toWallClockInput('not a time', 'Asia/Shanghai')).toBe('');
    for (const zone of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York']) {
      const typed = '2026-11-24T14:05';
      expect(toWallClockInput(fromWallClockInput(typed, zone), zone), zone).toBe(typed);
    }
  });

  it('passes a broken or empty value through for the server to refuse', () => {
    expect(fromWallClockInput('', 'Asia/Shanghai')).toBe('');
    expect(fromWallClockInput('tomorrow', 'Asia/Shanghai')).toBe('tomorrow');
  });

  it('accepts IANA zones only, in their canonical spelling', () => {
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['+08:00', 'GMT+8 ', 'Mars/Olympus', '', 'Asia/Shanghai; DROP']) expect(canonicalTimeZone(bad), bad).toBeNull();
    expect(isBeijingTime('Asia/Shanghai')).toBe(true);
    expect(isBeijingTime('Asia/Tokyo')).toBe(false);
    expect([utcOffsetText(480), utcOffsetText(330), utcOffsetText(-180), utcOffsetText(0)]).toEqual(['UTC+8', 'UTC+5:30', 'UTC-3', 'UTC']);
  });
});
