import { describe, expect, it } from 'vitest';
import type { Pod } from '../../shared/api/core';
import { remoteNodeAddress } from './nodes';
import { podPorts } from './pod-config';

describe('remote node address', () => {
  it('is the configured address, else the endpoint host when it is an IP; none for unix sockets and host names', () => {
    expect(remoteNodeAddress('tcp://10.0.0.5:2376')).toBe('10.0.0.5');
    expect(remoteNodeAddress('ssh://me@10.0.0.5:2222')).toBe('10.0.0.5');
    expect(remoteNodeAddress('ssh://me@[fd00::5]:22')).toBe('fd00::5');
    expect(remoteNodeAddress('ssh://me@box.lan')).toBeUndefined();
    expect(remoteNodeAddress('ssh://me@box.lan', '192.168.1.9')).toBe('192.168.1.9');
    expect(remoteNodeAddress('unix:///run/other.sock')).toBeUndefined();
  });

  it("pod ports are published on it (127.0.0.1 on the local engine's nodes)", () => {
    const pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP', hostPort: 5353 }] }] } } as Pod;
    expect(podPorts(pod)).toEqual([
      { containerPort: 80, protocol: 'TCP', hostIP: '127.0.0.1' },
      { containerPort: 53, protocol: 'UDP', hostIP: '127.0.0.1', hostPort: 5353 },
    ]);
    expect(podPorts(pod, '10.0.0.5').map((p) => p.hostIP)).toEqual(['10.0.0.5', '10.0.0.5']);
  });
});
