/** The kubectl command that shows what a log pane shows, for people learning kubectl (and for scripts). */
import type { LabelSelector } from '../../../../shared/api/meta';
import { ALL_CONTAINERS } from './pod-log-sources';

export interface LogCommandInput {
  namespace: string;
  /** target: `pod/NAME`; a workload is named by its pods' selector instead (kubectl logs deploy/x shows one pod). */
  target?: string;
  selector?: string;
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** several pods are shown: kubectl needs --prefix and a selector-sized --max-log-requests. */
  pods?: number;
}

function quote(s: string): string {
  return /^[A-Za-z0-9._/=:-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** kubectlLogsCommand builds the equivalent `kubectl logs` command line. */
export function kubectlLogsCommand(i: LogCommandInput): string {
  const args = ['kubectl', 'logs', '-n', quote(i.namespace)];
  if (i.selector !== undefined) args.push('-l', quote(i.selector));
  else args.push(quote(i.target ?? ''));
  if (i.container === ALL_CONTAINERS) args.push('--all-containers');
  else args.push('-c', quote(i.container));
  if (i.previous) args.push('--previous');
  else if (i.follow) args.push('-f');
  if (i.timestamps) args.push('--timestamps');
  if (i.tailLines !== undefined) args.push(`--tail=${i.tailLines}`);
  if (i.sinceSeconds !== undefined) args.push(`--since=${i.sinceSeconds}s`);
  if (i.selector !== undefined) {
    // kubectl follows at most 5 pods of a selector unless told otherwise.
    args.push('--prefix');
    if (i.follow && !i.previous && (i.pods ?? 0) > 5) args.push(`--max-log-requests=${i.pods}`);
  }
  return args.join(' ');
}

/** selectorString writes a LabelSelector as `kubectl -l` takes it (`app=web,tier in (a,b),!legacy`). */
export function selectorString(sel: LabelSelector | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
