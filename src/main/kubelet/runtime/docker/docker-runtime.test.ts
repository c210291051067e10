import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { DockerRuntime } from './docker-runtime';

/** A dockerode stand-in that records the calls the runtime makes. */
function recorder() {
  const calls: { op: string; arg: any }[] = [];
  const docker = {
    listContainers: async (arg: unknown) => (calls.push({ op: 'listContainers', arg }), []),
    listVolumes: async (arg: unknown) => (calls.push({ op: 'listVolumes', arg }), { Volumes: [] }),
    createVolume: async (arg: unknown) => calls.push({ op: 'createVolume', arg }),
    createContainer: async (arg: unknown) => (calls.push({ op: 'createContainer', arg }), { id: 'c1' }),
    getEvents: async (arg: unknown) => {
      calls.push({ op: 'getEvents', arg });
      const { PassThrough } = await import('node:stream');
      return new PassThrough();
    },
  };
  return { calls, docker: docker as unknown as Docker };
}

describe('DockerRuntime cluster identity', () => {
  it('labels what it creates with its cluster id and filters every list, volume removal and event stream on it', async () => {
    const { calls, docker } = recorder();
    const rt = new DockerRuntime(docker, { endpoint: 'test', clusterId: 'abc123' });
    await rt.listContainers({ labels: { 'kubedeck.node': 'kubedeck' } });
    await rt.removeVolumes({ 'io.kubernetes.pod.uid': 'u1' });
    await rt.ensureVolume('kubedeck-u1-data', { 'io.kubernetes.pod.uid': 'u1' });
    await rt.createContainer({ name: 'k8s_c', sandboxId: 's', image: 'i', env: [], mounts: [], labels: { a: 'b' }, tty: false, stdin: false });
    const stop = await rt.events({ 'kubedeck.node': 'kubedeck' }, () => {}, () => {});
    stop();
    const arg = (op: string) => calls.find((c) => c.op === op)!.arg;
    expect(arg('listContainers').filters.label).toEqual(['kubedeck.node=kubedeck', 'kubedeck.cluster=abc123']);
    expect(arg('listVolumes').filters.label).toEqual(['io.kubernetes.pod.uid=u1', 'kubedeck.cluster=abc123']);
    expect(arg('createVolume').Labels).toEqual({ 'io.kubernetes.pod.uid': 'u1', 'kubedeck.cluster': 'abc123' });
    expect(arg('createContainer').Labels).toEqual({ a: 'b', 'kubedeck.cluster': 'abc123' });
    expect(arg('getEvents').filters.label).toEqual(['kubedeck.node=kubedeck', 'kubedeck.cluster=abc123']);
  });
});
