import { describe, expect, it } from 'vitest';
import type { Pod } from '../../shared/api/core';
import { expandVars, fieldPathValue, resolveEnv } from './env';
import { buildContainerConfig, buildSandboxConfig, podDnsAliases } from './pod-config';
import { toCreateOptions, toSandboxCreateOptions } from './runtime/docker/docker-runtime';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'shop', uid: 'u-1', labels: { app: 'web' } },
  spec: {
    nodeName: 'kubedeck',
    containers: [
      {
        name: 'app',
        image: 'busybox',
        command: ['sh', '-c'],
        args: ['echo $(GREETING) && httpd -f'],
        workingDir: '/srv',
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
        resources: { limits: { cpu: '500m', memory: '128Mi' } },
        env: [
          { name: 'GREETING', value: 'hi' },
          { name: 'MSG', value: '$(GREETING) there $$(GREETING)' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
          { name: 'PASS', valueFrom: { secretKeyRef: { name: 'sec', key: 'pw' } } },
        ],
      },
    ],
  },
};

const lookups = {
  configMap: async (_ns: string, name: string) => (name === 'cfg' ? { metadata: { name }, data: { color: 'blue' } } : undefined),
  secret: async (_ns: string, name: string) => (name === 'sec' ? { metadata: { name }, data: { pw: Buffer.from('s3cret').toString('base64') } } : undefined),
};

describe('pod → docker config', () => {
  it('builds the sandbox: name, labels, hostname, DNS search, ports on 127.0.0.1', () => {
    const sb = buildSandboxConfig(pod, { node: 'kubedeck' }, 'kubedeck/pause:3.10', 0);
    expect(sb.name).toBe('k8s_POD_web_shop_u-1_0');
    expect(sb.labels).toMatchObject({
      'io.kubernetes.pod.name': 'web',
      'io.kubernetes.pod.namespace': 'shop',
      'io.kubernetes.pod.uid': 'u-1',
      'io.kubernetes.docker.type': 'podsandbox',
      'kubedeck.node': 'kubedeck',
    });
    expect(sb.dnsSearch).toEqual(['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
    const docker = toSandboxCreateOptions(sb, 'kubedeck');
    expect(docker.Hostname).toBe('web');
    expect(docker.HostConfig?.NetworkMode).toBe('kubedeck');
    expect(docker.HostConfig?.DnsOptions).toEqual(['ndots:5']);
    expect(docker.HostConfig?.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  });

  it('builds an app container: env (literal, expansion, valueFrom), command/args, limits, labels', async () => {
    const c = pod.spec.containers[0]!;
    const env = await resolveEnv(pod, c, lookups, '10.244.0.5', '10.244.0.1');
    expect(env).toEqual([
      { name: 'GREETING', value: 'hi' },
      { name: 'MSG', value: 'hi there $(GREETING)' },
      { name: 'POD', value: 'web' },
      { name: 'COLOR', value: 'blue' },
      { name: 'PASS', value: 's3cret' },
    ]);
    const cfg = buildContainerConfig(pod, c, { node: 'kubedeck' }, { sandboxId: 'sb1', restartCount: 2, env, mounts: [{ volume: 'kubedeck-u-1-data', containerPath: '/data', readOnly: false }], init: false });
    expect(cfg.name).toBe('k8s_app_web_shop_u-1_2');
    expect(cfg.entrypoint).toEqual(['sh', '-c']);
    expect(cfg.cmd).toEqual(['echo hi && httpd -f']);
    expect(cfg.labels).toMatchObject({ 'io.kubernetes.container.name': 'app', 'io.kubernetes.sandbox.id': 'sb1', 'io.kubernetes.container.restartCount': '2' });
    const docker = toCreateOptions(cfg);
    expect(docker.HostConfig).toMatchObject({ NetworkMode: 'container:sb1', NanoCpus: 5e8, Memory: 128 * 2 ** 20 });
    expect(docker.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'kubedeck-u-1-data', Target: '/data', ReadOnly: false }]);
    expect(docker.Env).toContain('PASS=s3cret');
    expect(docker.WorkingDir).toBe('/srv');
  });

  it('fails clearly on a missing configmap key', async () => {
    const bad: Pod = { ...pod, spec: { containers: [{ name: 'x', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }] } };
    await expect(resolveEnv(bad, bad.spec.containers[0]!, lookups)).rejects.toThrow('configmap "nope" not found');
  });

  it('expands and resolves field paths', () => {
    expect(expandVars('$(A)-$(B)', new Map([['A', '1']]))).toBe('1-$(B)');
    expect(fieldPathValue(pod, "metadata.labels['app']", undefined, undefined)).toBe('web');
    expect(fieldPathValue(pod, 'status.podIP', '10.0.0.9', undefined)).toBe('10.0.0.9');
  });
});

describe('pod DNS aliases (hostname.subdomain)', () => {
  it('a pod with hostname and subdomain is reachable as <hostname>.<subdomain>.<ns>[.svc[.cluster.local]]', () => {
    const pod: Pod = { metadata: { name: 'web-1', namespace: 'shop', uid: 'u' }, spec: { hostname: 'web-1', subdomain: 'nginx', containers: [{ name: 'c', image: 'i' }] } };
    const sb = buildSandboxConfig(pod, { node: 'kubedeck' }, 'kubedeck/pause:3.10', 0);
    expect(sb.hostname).toBe('web-1');
    expect(sb.aliases).toEqual(['web-1.nginx.shop', 'web-1.nginx.shop.svc', 'web-1.nginx.shop.svc.cluster.local']);
    expect(podDnsAliases({ ...pod, spec: { ...pod.spec, subdomain: undefined } }, 'web-1')).toEqual([]);
  });
});
