/**
 * The CronJob controller's view of time. Normally the schedule is read on the
 * wall clock. For tests and demos config.yaml's `cronJob.secondsPerMinute`
 * makes a schedule's minute last fewer real seconds: schedule time runs
 * 60/secondsPerMinute times faster, anchored on whole seconds and whole
 * minutes so each schedule minute falls on a whole real second (status times
 * are stored to the second and read back exactly).
 */

/** ScheduleClock converts between real time and schedule time (ms since the epoch). */
export interface ScheduleClock {
  toSchedule(realMs: number): number;
  toReal(scheduleMs: number): number;
}

/** scheduleClock returns the identity for 60 seconds per minute, else a faster clock anchored at startMs. */
export function scheduleClock(secondsPerMinute: number, startMs: number): ScheduleClock {
  if (secondsPerMinute === 60) return { toSchedule: (t) => t, toReal: (t) => t };
  const scale = 60 / secondsPerMinute;
  const realEpoch = Math.floor(startMs / 1000) * 1000;
  const scheduleEpoch = Math.floor(realEpoch / 60_000) * 60_000;
  return {
    toSchedule: (t) => scheduleEpoch + (t - realEpoch) * scale,
    toReal: (t) => Math.round(realEpoch + (t - scheduleEpoch) / scale),
  };
}
