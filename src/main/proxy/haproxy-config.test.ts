import { describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import type { Endpoints, Service } from '../../shared/api/core';
import { backendsFor, hostPublishes, ipInSubnet, LABEL_SPEC_HASH, proxyContainerSpec, renderHaproxyConfig, wantsProxy } from './haproxy-config';
import { configArchive, startConflict } from './proxy-docker';

const svc = (spec: Service['spec'], name = 'web'): Service => ({ metadata: { name, namespace: 'shop', uid: 'u1' }, spec });

const eps: Endpoints = {
  metadata: { name: 'web', namespace: 'shop' },
  subsets: [
    {
      addresses: [
        { ip: '10.244.0.10', targetRef: { kind: 'Pod', name: 'web-b' } },
        { ip: '10.244.0.9', targetRef: { kind: 'Pod', name: 'web-a' } },
      ],
      notReadyAddresses: [{ ip: '10.244.0.11', targetRef: { kind: 'Pod', name: 'web-c' } }],
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9100, protocol: 'TCP' },
      ],
    },
  ],
};

describe('haproxy config', () => {
  it('one TCP frontend per service port, backed by the ready addresses only, matched by port name', () => {
    const cfg = renderHaproxyConfig(
      svc({ clusterIP: '10.244.128.5', ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9100 }] }),
      eps,
    );
    expect(cfg).toContain('mode tcp');
    expect(cfg).toMatch(/frontend fe-http-80\n {2}bind :80\n {2}default_backend be-http-80/);
    expect(cfg).toMatch(/backend be-http-80\n {2}balance roundrobin\n {2}server web-a 10.244.0.9:8080\n {2}server web-b 10.244.0.10:8080\n/);
    expect(cfg).toMatch(/bind :9100/);
    expect(cfg).toContain('server web-a 10.244.0.9:9100');
    expect(cfg).not.toContain('10.244.0.11');
  });

  it('a port without ready endpoints gets no listener (connections are refused), UDP ports are not proxied', () => {
    const cfg = renderHaproxyConfig(svc({ clusterIP: '10.244.128.5', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'other', port: 81 }] }), eps);
    expect(cfg).not.toContain('bind');
    expect(cfg).toContain('stats socket');
  });

  it('sessionAffinity ClientIP balances by source', () => {
    expect(renderHaproxyConfig(svc({ sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80 }] }), eps)).toContain('balance source');
  });

  it('backendsFor: an unnamed single port matches an unnamed endpoint port', () => {
    const e: Endpoints = { metadata: { name: 'x' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 8080, protocol: 'TCP' }] }] };
    expect(backendsFor({ port: 80 }, e)).toEqual([{ name: '10.0.0.1', ip: '10.0.0.1', port: 8080 }]);
    expect(backendsFor({ name: 'http', port: 80 }, e)).toEqual([]);
  });

  it('a resolver sends pods on other engines to their published address and drops unpublished ones', () => {
    // web-b is on a remote engine with 8080 published at 10.254.1.2:32771; its 9100 is not published; web-a is local.
    const resolve = (a: { targetRef?: { name?: string } }, port: number) => (a.targetRef?.name !== 'web-b' ? undefined : port === 8080 ? { ip: '10.254.1.2', port: 32771 } : null);
    const cfg = renderHaproxyConfig(svc({ clusterIP: '10.244.128.5', ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9100 }] }), eps, resolve);
    expect(cfg).toMatch(/backend be-http-80\n {2}balance roundrobin\n {2}server web-a 10.244.0.9:8080\n {2}server web-b 10.254.1.2:32771\n/);
    expect(cfg).toMatch(/backend be-metrics-9100\n {2}balance roundrobin\n {2}server web-a 10.244.0.9:9100\n*$/);
  });
});

describe('proxy container spec', () => {
  it('static ClusterIP inside the network, the three DNS aliases, nothing published for ClusterIP', () => {
    const s = proxyContainerSpec(svc({ clusterIP: '10.244.128.7', ports: [{ port: 80 }] }), '10.244.0.0/16');
    expect(s.name).toBe('kubedeck-svc-default-shop-web');
    expect(s.ip).toBe('10.244.128.7');
    expect(s.aliases).toEqual(['web.shop', 'web.shop.svc', 'web.shop.svc.cluster.local']);
    expect(s.publishes).toEqual([]);
    expect(s.labels).toMatchObject({ 'kubedeck.service.namespace': 'shop', 'kubedeck.service.name': 'web', 'kubedeck.service.uid': 'u1' });
  });

  it('a ClusterIP outside the network gets a dynamic address (DNS still reaches it)', () => {
    expect(proxyContainerSpec(svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] }), '10.244.0.0/16').ip).toBeUndefined();
  });

  it('NodePort publishes nodePorts; LoadBalancer also the service port; the spec hash changes with them', () => {
    expect(hostPublishes(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([{ containerPort: 80, hostPort: 30080 }]);
    expect(hostPublishes(svc({ type: 'LoadBalancer', ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([
      { containerPort: 80, hostPort: 30080 },
      { containerPort: 80, hostPort: 80 },
    ]);
    const a = proxyContainerSpec(svc({ type: 'NodePort', clusterIP: '10.244.128.7', ports: [{ port: 80, nodePort: 30080 }] }), '10.244.0.0/16');
    const b = proxyContainerSpec(svc({ type: 'NodePort', clusterIP: '10.244.128.7', ports: [{ port: 80, nodePort: 30081 }] }), '10.244.0.0/16');
    expect(a.labels[LABEL_SPEC_HASH]).not.toBe(b.labels[LABEL_SPEC_HASH]);
  });

  it('headless and ExternalName services get no proxy', () => {
    expect(wantsProxy(svc({ clusterIP: 'None' }))).toBe(false);
    expect(wantsProxy(svc({ type: 'ExternalName', externalName: 'example.com' }))).toBe(false);
    expect(wantsProxy(svc({}))).toBe(true);
  });

  it('ipInSubnet', () => {
    expect(ipInSubnet('10.244.200.1', '10.244.0.0/16')).toBe(true);
    expect(ipInSubnet('10.245.0.1', '10.244.0.0/16')).toBe(false);
    expect(ipInSubnet('bogus', '10.244.0.0/16')).toBe(false);
  });

  it('configArchive is a tar holding haproxy.cfg', async () => {
    const tar = await configArchive('global\n');
    const files: Record<string, string> = {};
    await new Promise<void>((resolve, reject) => {
      const x = extract();
      x.on('entry', (h, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
        stream.on('end', () => {
          files[h.name] = Buffer.concat(chunks).toString();
          next();
        });
      });
      x.on('finish', resolve);
      x.on('error', reject);
      x.end(tar);
    });
    expect(files).toEqual({ 'haproxy.cfg': 'global\n' });
  });

  it('startConflict tells a taken host port from a taken address (Docker\'s own messages)', () => {
    expect(startConflict(new Error('driver failed programming external connectivity on endpoint e (abc): Bind for 127.0.0.1:31555 failed: port is already allocated'))).toBe('port');
    expect(startConflict(new Error('Error starting userland proxy: listen tcp4 127.0.0.1:31556: bind: address already in use'))).toBe('port');
    expect(startConflict(new Error('Address already in use'))).toBe('address');
    expect(startConflict(new Error('no such image'))).toBeUndefined();
  });
});
