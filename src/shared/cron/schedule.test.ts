import { describe, expect, it } from 'vitest';
import { CronScheduleError, isValidTimeZone, parseSchedule } from './schedule';

const at = (iso: string) => new Date(iso);
const next = (expr: string, from: string, tz?: string) => parseSchedule(expr, tz).next(at(from))?.toISOString();

describe('cron schedules', () => {
  it('fires strictly after the given time, on whole minutes', () => {
    expect(next('* * * * *', '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:01:00.000Z');
    expect(next('* * * * *', '2026-01-01T00:00:30Z')).toBe('2026-01-01T00:01:00.000Z');
    expect(next('*/15 * * * *', '2026-01-01T00:16:00Z')).toBe('2026-01-01T00:30:00.000Z');
    expect(next('@hourly', '2026-01-01T00:16:00Z')).toBe('2026-01-01T01:00:00.000Z');
  });

  it('reads the schedule in timeZone (UTC by default)', () => {
    expect(next('0 3 * * *', '2026-01-01T00:00:00Z')).toBe('2026-01-01T03:00:00.000Z');
    // Paris is UTC+1 in January and UTC+2 in July.
    expect(next('0 3 * * *', '2026-01-01T00:00:00Z', 'Europe/Paris')).toBe('2026-01-01T02:00:00.000Z');
    expect(next('0 3 * * *', '2026-07-01T00:00:00Z', 'Europe/Paris')).toBe('2026-07-01T01:00:00.000Z');
  });

  it('ORs day of month and day of week when both are restricted, as cron does', () => {
    // 2026-01-01 is a Thursday: the next 1st-of-month-or-Monday is Monday the 5th.
    expect(next('0 0 1 * 1', '2026-01-01T00:00:00Z')).toBe('2026-01-05T00:00:00.000Z');
  });

  it('refuses what Kubernetes refuses', () => {
    expect(() => parseSchedule('* * *')).toThrow(CronScheduleError);
    expect(() => parseSchedule('0 * * * * *')).toThrow(/expected exactly 5 fields/);
    expect(() => parseSchedule('TZ=UTC * * * * *')).toThrow('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
    expect(() => parseSchedule('61 * * * *')).toThrow(CronScheduleError);
    expect(() => parseSchedule('@often')).toThrow(/unrecognized descriptor/);
    expect(() => parseSchedule('* * * * *', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Local')).toBe(false);
  });
});
