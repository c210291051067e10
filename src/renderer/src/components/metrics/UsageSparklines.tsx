/**
 * CPU and memory sparklines of a pod or a node from metrics.k8s.io (the
 * history the kubelets keep, 10 s resolution), with the requests/limits as
 * reference lines. Polls every 10 s; shows nothing until readings exist.
 */
import { useEffect, useState } from 'react';
import type { KubeObject } from '../../../../shared/api/meta';
import { GVR } from '../../../../shared/api/resources';
import { getResource } from '../../lib/k8s/client';
import { parseHistory, type UsageSeries } from '../../lib/k8s/metrics';
import { Sparkline } from './Sparkline';

const EMPTY: UsageSeries = { t: [], cpu: [], memory: [] };

export function UsageSparklines({ kind, namespace, name, cpuRequestMillicores, memoryRequestBytes }: { kind: 'pod' | 'node'; namespace?: string; name: string; cpuRequestMillicores?: number; memoryRequestBytes?: number }) {
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
  if (series.t.length === 0) return null;
  const lastCpu = series.cpu[series.cpu.length - 1] ?? 0;
  const lastMem = series.memory[series.memory.length - 1] ?? 0;
  return (
    <div className="usage-sparklines" data-testid={`usage-sparklines-${name}`}>
      <div>
        <span className="muted">CPU</span> <Sparkline values={series.cpu} label={`CPU of ${name}`} {...(cpuRequestMillicores !== undefined ? { reference: cpuRequestMillicores } : {})} testId="sparkline-cpu" />{' '}
        <span data-testid="cpu-now">{lastCpu}m</span>
      </div>
      <div>
        <span className="muted">Memory</span> <Sparkline values={series.memory} label={`Memory of ${name}`} {...(memoryRequestBytes !== undefined ? { reference: memoryRequestBytes } : {})} testId="sparkline-memory" />{' '}
        <span data-testid="memory-now">{Math.round(lastMem / 1024 / 1024)}Mi</span>
      </div>
    </div>
  );
}
