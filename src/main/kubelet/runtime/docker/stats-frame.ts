/**
 * Docker's stats frames (GET /containers/{id}/stats, one JSON document per
 * line) turned into usage as cAdvisor and metrics-server report it: CPU as
 * the rate of the cumulative CPU time between the frame's `precpu` and `cpu`
 * readings (nanocores), memory as the working set (usage − inactive_file).
 */
import type { UsageSample } from '../types';

/** DockerStatsFrame is the part of a Docker stats document used here. */
export interface DockerStatsFrame {
  read?: string;
  preread?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  precpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; stats?: { inactive_file?: number; total_inactive_file?: number } };
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * usageOfFrame computes a sample from one frame, or undefined for a frame
 * without counters (a stopped container answers with zeroes). The first
 * frame of a stream has no `precpu` reading: its CPU is 0.
 */
export function usageOfFrame(f: DockerStatsFrame): UsageSample | undefined {
  const total = f.cpu_stats?.cpu_usage?.total_usage;
  const readMs = f.read ? Date.parse(f.read) : NaN;
  if (total === undefined || !Number.isFinite(readMs) || readMs <= 0) return undefined;
  const pre = f.precpu_stats?.cpu_usage?.total_usage ?? 0;
  const preMs = f.preread && f.preread !== ZERO_TIME ? Date.parse(f.preread) : NaN;
  const seconds = (readMs - preMs) / 1000;
  // Counters that went back (a restart) or no previous reading: no rate this time.
  const cpuNanoCores = Number.isFinite(seconds) && seconds > 0 && pre > 0 && total >= pre ? Math.round((total - pre) / seconds) : 0;
  const m = f.memory_stats ?? {};
  // cgroup v2 names it inactive_file; cgroup v1 total_inactive_file (as cAdvisor reads them).
  const inactive = m.stats?.inactive_file ?? m.stats?.total_inactive_file ?? 0;
  const usage = m.usage ?? 0;
  return { timeMs: readMs, cpuNanoCores, cpuUsageNanoSeconds: total, memoryWorkingSetBytes: Math.max(0, usage - inactive) };
}
