/** Jobs: status, completions and progress (succeeded / failed / active), and the pods they ran. */
import type { Job } from '../../../../shared/api/batch';
import type { Pod } from '../../../../shared/api/core';
import { jobCompletions, jobStatusWord } from '../../../../shared/api/job-status';
import { humanDuration } from '../../../../shared/api/printing';
import { GVR } from '../../../../shared/api/resources';
import { podStatus } from '../k8s/pod';
import { AGE } from './common';
import { isOwnedBy, type KindDescriptor } from './kind';

/** jobProgress is "3 succeeded, 1 failed, 2 active". */
export function jobProgress(j: Job): string {
  const s = j.status ?? {};
  return `${s.succeeded ?? 0} succeeded, ${s.failed ?? 0} failed, ${s.active ?? 0} active`;
}

/** jobDuration is how long the Job ran (until now while it runs). */
export function jobDuration(j: Job, now: number): string {
  const start = j.status?.startTime ? Date.parse(j.status.startTime) : NaN;
  if (!Number.isFinite(start)) return '';
  const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now;
  return humanDuration(end - start);
}

export const jobKind: KindDescriptor = {
  kind: 'Job',
  resource: 'jobs',
  kubectlName: 'job.batch',
  title: 'Jobs',
  gvr: GVR.jobs,
  namespaced: true,
  status: (o) => jobStatusWord(o as Job),
  columns: [
    { header: 'Status', value: (o) => jobStatusWord(o as Job) },
    { header: 'Completions', value: (o) => jobCompletions(o as Job) },
    { header: 'Progress', value: (o) => jobProgress(o as Job), wide: true },
    { header: 'Duration', value: (o, now) => jobDuration(o as Job, now) },
    AGE,
  ],
  facts: (o) => {
    const j = o as Job;
    return [
      { term: 'Completions', value: jobCompletions(j) },
      { term: 'Progress', value: jobProgress(j) },
      { term: 'Parallelism', value: String(j.spec?.parallelism ?? 1) },
      { term: 'Completion mode', value: j.spec?.completionMode ?? 'NonIndexed' },
      ...(j.status?.completedIndexes ? [{ term: 'Completed indexes', value: j.status.completedIndexes }] : []),
      { term: 'Backoff limit', value: String(j.spec?.backoffLimit ?? 6) },
      ...(j.spec?.activeDeadlineSeconds !== undefined ? [{ term: 'Active deadline', value: `${j.spec.activeDeadlineSeconds}s` }] : []),
      ...(j.spec?.ttlSecondsAfterFinished !== undefined ? [{ term: 'TTL after finished', value: `${j.spec.ttlSecondsAfterFinished}s` }] : []),
      { term: 'Suspended', value: j.spec?.suspend ? 'yes' : 'no' },
      { term: 'Started', value: j.status?.startTime ?? '' },
      { term: 'Completed', value: j.status?.completionTime ?? '' },
    ];
  },
  links: (o) => (o.metadata.ownerReferences ?? []).filter((r) => r.kind === 'CronJob').map((r) => ({ kind: 'CronJob', name: r.name, namespace: o.metadata.namespace, note: 'owner' })),
  related: [
    {
      title: 'Pods',
      resource: 'pods',
      select: (j, p) => isOwnedBy(p, j),
      note: (p) => {
        const index = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
        return index === undefined ? podStatus(p as Pod) : `index ${index}: ${podStatus(p as Pod)}`;
      },
    },
  ],
};
