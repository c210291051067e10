/**
 * CPU and memory sparklines of a pod or a node from metrics.k8s.io (the
 * history the kubelets keep, 10 s resolution), against the pod's requests
 * and limits (a node's: the requests of its pods and its allocatable).
 * Polls every 10 s, the history's resolution; shows a note until readings exist.
 */
import { useEffect, useState } from 'react';
import type { KubeObject } from '../../../../shared/api/meta';
import { GVR } from '../../../../shared/api/resources';
import { getResource } from '../../lib/k8s/client';
import { parseHistory, type UsageSeries } from '../../lib/k8s/metrics';
import { formatBytes, formatMillicores, type ResourceAmounts } from '../../lib/k8s/resource-amounts';
import { Sparkline } from './Sparkline';

const EMPTY: UsageSeries = { t: [], cpu: [], memory: [] };

/** Bounds are the reference lines: requests (dashed) and limits (dotted), in millicores and bytes. */
export interface Bounds {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
  /** The words for the two lines ("request"/"limit", or "requested"/"allocatable" on a node). */
  requestWord: string;
  limitWord: string;
}

export function UsageSparklines({ kind, namespace, name, bounds }: { kind: 'pod' | 'node'; namespace?: string; name: string; bounds: Bounds }) {
  const [series, setSeries] = useState<UsageSeries>(EMPTY);
  useEffect(() => {
    let alive = true;
    const load = () =>
      getResource<KubeObject>(kind === 'pod' ? GVR.podmetrics : { ...GVR.nodemetrics, namespaced: false }, kind === 'pod' ? namespace : undefined, name)
        .then((o) => alive && setSeries(parseHistory(o)))
        .catch(() => alive && setSeries(EMPTY));
    void load();
    const timer = setInterval(() => void load(), 10_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [kind, namespace, name]);
  if (series.t.length === 0) {
    return (
      <p className="muted" data-testid="usage-none">
        No usage readings yet (the kubelet samples every 10 s).
      </p>
    );
  }
  const lastCpu = series.cpu[series.cpu.length - 1] ?? 0;
  const lastMem = series.memory[series.memory.length - 1] ?? 0;
  const minutes = Math.max(1, Math.round(((series.t[series.t.length - 1] ?? 0) - (series.t[0] ?? 0)) / 60));
  const of = (v: number | undefined, word: string, fmt: (n: number) => string) => (v === undefined ? '' : ` · ${word} ${fmt(v)}`);
  return (
    <div className="usage-sparklines card" data-testid="usage-sparklines" data-name={name}>
      <div className="usage-row">
        <span className="spark-label">CPU</span>
        <Sparkline values={series.cpu} label={`CPU of ${name}, last ${minutes} min`} request={bounds.requests.cpu} limit={bounds.limits.cpu} width={220} testId="sparkline-cpu" />
        <span data-testid="cpu-now" data-millicores={lastCpu}>
          {formatMillicores(lastCpu)}
          <span className="muted">
            {of(bounds.requests.cpu, bounds.requestWord, formatMillicores)}
            {of(bounds.limits.cpu, bounds.limitWord, formatMillicores)}
          </span>
        </span>
      </div>
      <div className="usage-row">
        <span className="spark-label">Memory</span>
        <Sparkline values={series.memory} label={`Memory of ${name}, last ${minutes} min`} request={bounds.requests.memory} limit={bounds.limits.memory} width={220} testId="sparkline-memory" />
        <span data-testid="memory-now" data-bytes={lastMem}>
          {formatBytes(lastMem)}
          <span className="muted">
            {of(bounds.requests.memory, bounds.requestWord, formatBytes)}
            {of(bounds.limits.memory, bounds.limitWord, formatBytes)}
          </span>
        </span>
      </div>
      <div className="muted">
        last {minutes} min, {series.t.length} readings · <span style={{ color: 'var(--accent)' }}>┄ {bounds.requestWord}</span> <span style={{ color: 'var(--error)' }}>┈ {bounds.limitWord}</span>
      </div>
    </div>
  );
}
