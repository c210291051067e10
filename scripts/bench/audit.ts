/**
 * Audit log cost (issue 13 item 1): p50/p99 of an in-process create with the
 * audit log at Metadata (the default) and at RequestResponse, each beside the
 * same create on a cluster whose audit level is None, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type AuditPolicy } from '../../src/main/cluster/cluster';
import { GVR } from '../../src/shared/api/resources';
import { latencyRows, timeIt, type BenchReporter } from './reporter';

const N = 2000;

async function creates(audit: AuditPolicy): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-audit-'));
  const cluster = await startCluster({ dataDir, port: 0, audit });
  try {
    const client = cluster.client.forComponent!('bench');
    const body = (i: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}`, labels: { app: 'bench' } }, data: { key: 'x'.repeat(200) } });
    await timeIt(200, (i) => client.create(GVR.configmaps, 'default', body(N + i))); // warm-up
    const samples = await timeIt(N, (i) => client.create(GVR.configmaps, 'default', body(i)));
    await cluster.flushAudit();
    return samples;
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function audit(r: BenchReporter): Promise<void> {
  r.section('Audit log: in-process ConfigMap create');
  r.note(`${N} creates per cluster, one at a time; the log is written to the data dir (rotation at 10 MiB)`);
  const none = await creates({ level: 'None' });
  const meta = await creates({ level: 'Metadata' });
  const full = await creates({ level: 'RequestResponse' });
  latencyRows(r, 'create, audit Metadata', meta, none, 'create, audit None');
  latencyRows(r, 'create, audit RequestResponse', full, none, 'create, audit None');
}
