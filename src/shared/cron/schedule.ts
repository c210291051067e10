/**
 * Cron schedules for CronJobs (Kubernetes' robfig/cron standard parser:
 * five fields or a descriptor such as `@hourly`, evaluated in a time zone),
 * on the croner library. Shared by the API server (validation), the CronJob
 * controller (the times to run) and the renderer (the next run shown).
 */
import { Cron } from 'croner';

/** Schedule answers when a cron expression next fires. */
export interface Schedule {
  /** next returns the first time strictly after `after` at which the schedule fires (undefined: never). */
  next(after: Date): Date | undefined;
}

/** CronScheduleError explains why an expression or time zone is refused. */
export class CronScheduleError extends Error {
  override name = 'CronScheduleError';
}

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** isValidTimeZone reports whether tz names an IANA time zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.toLowerCase() === 'local') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** parseSchedule parses a CronJob's schedule in timeZone (default UTC, as the controller's own zone); throws CronScheduleError. */
export function parseSchedule(expr: string, timeZone?: string): Schedule {
  const text = expr.trim();
  if (/^(CRON_)?TZ=/.test(text)) throw new CronScheduleError('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  if (text.startsWith('@')) {
    if (!DESCRIPTORS.has(text)) throw new CronScheduleError(`unrecognized descriptor: ${text}`);
  } else {
    const fields = text.split(/\s+/).filter(Boolean);
    if (fields.length !== 5) throw new CronScheduleError(`expected exactly 5 fields, found ${fields.length}: ${text}`);
  }
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) throw new CronScheduleError(`unknown time zone ${timeZone}`);
  let cron: Cron;
  try {
    cron = new Cron(text, { paused: true, timezone: timeZone ?? 'Etc/UTC', mode: '5-part', domAndDow: false });
  } catch (err) {
    throw new CronScheduleError((err as Error).message);
  }
  return {
    next(after: Date) {
      return cron.nextRun(after) ?? undefined;
    },
  };
}
