/**
 * Helpers for tests that need the real Docker engine: connect (failing loudly
 * when it is missing — never a silent skip), label everything with a run id,
 * and remove whatever carries that label afterwards.
 */
import { randomBytes } from 'node:crypto';
import { connectDocker } from '../../docker/endpoint';
import { DockerRuntime } from '../runtime/docker/docker-runtime';
import { LABEL_CLUSTER } from '../../cluster/identity';
import { LABEL_NETWORK } from '../../docker/network';

export const TEST_LABEL = 'kubedeck.test';

/** testRunId is a short unique id for names and labels of one test file's run. */
export function testRunId(): string {
  return randomBytes(4).toString('hex');
}

/** connectTestRuntime connects to the local engine; throws (failing the test) when Docker is unreachable. */
export async function connectTestRuntime(): Promise<DockerRuntime> {
  const { docker, endpoint } = await connectDocker();
  return new DockerRuntime(docker, { endpoint: endpoint.url });
}

/**
 * cleanupByLabel force-removes every container and volume labelled with the
 * given key=value, then the cluster networks those containers belonged to
 * (or that carry the label themselves) once nothing else is attached: a test
 * cluster's `kubedeck-<id>` network goes with its last container.
 */
export async function cleanupByLabel(rt: DockerRuntime, key: string, value: string): Promise<void> {
  const list = await rt.docker.listContainers({ all: true, filters: { label: [`${key}=${value}`] } });
  const clusters = new Set(list.map((c) => c.Labels?.[LABEL_CLUSTER]).filter((id): id is string => !!id));
  await Promise.all(list.map((c) => rt.docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  const vols = await rt.docker.listVolumes({ filters: { label: [`${key}=${value}`] } });
  await Promise.all((vols.Volumes ?? []).map((v) => rt.docker.getVolume(v.Name).remove().catch(() => undefined)));
  const nets = await rt.docker.listNetworks({ filters: { label: [LABEL_NETWORK] } });
  const ours = nets.filter((n) => n.Labels?.[key] === value || clusters.has(n.Labels?.[LABEL_CLUSTER] ?? ''));
  // Docker refuses to remove a network with containers still attached (another test's cluster): that one stays.
  await Promise.all(ours.map((n) => rt.docker.getNetwork(n.Id).remove().catch(() => undefined)));
}

/** waitFor polls cond until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(cond: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, what = 'condition', intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** readAll collects a stream into a string. */
export async function readAll(s: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(parts).toString('utf8');
}
