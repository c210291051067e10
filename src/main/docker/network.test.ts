import { describe, expect, it } from 'vitest';
import { chooseSubnet, cidrsOverlap, hostRouteSubnets, splitSubnet } from './network';

describe('cluster network subnets', () => {
  it('splits a /20 into a pod half and a service half', () => {
    expect(splitSubnet('10.244.16.0/20')).toEqual({ podRange: '10.244.16.0/21', serviceRange: '10.244.24.0/21', gateway: '10.244.16.1' });
  });
  it('splits a /16 into a pod half and a service half', () => {
    expect(splitSubnet('10.244.0.0/16')).toEqual({ podRange: '10.244.0.0/17', serviceRange: '10.244.128.0/17', gateway: '10.244.0.1' });
  });
  it('detects overlaps', () => {
    expect(cidrsOverlap('10.244.0.0/16', '10.0.0.0/8')).toBe(true);
    expect(cidrsOverlap('10.244.0.0/16', '10.245.0.0/16')).toBe(false);
    expect(cidrsOverlap('10.244.0.0/16', '10.244.3.0/24')).toBe(true);
    expect(cidrsOverlap('10.244.0.0/16', 'fd00::/64')).toBe(false);
  });
  it('falls back when the preferred subnet is taken', () => {
    expect(chooseSubnet(['172.17.0.0/16'])).toBe('10.244.0.0/20');
    expect(chooseSubnet(['10.244.0.0/20'])).toBe('10.244.16.0/20');
    // A legacy shared `kubedeck` network (one /16) pushes new clusters past it.
    expect(chooseSubnet(['10.244.0.0/16', '10.245.0.0/20'])).toBe('10.245.16.0/20');
    expect(chooseSubnet(['10.240.0.0/12'])).toBe('172.30.0.0/20');
    expect(() => chooseSubnet(['0.0.0.0/0'])).toThrow(/no free subnet/);
  });
});

describe('hostRouteSubnets', () => {
  it('reads /proc/net/route destinations with their prefix length, without the default route', () => {
    const table = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
      'docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
      'br-1\t0000F40A\t00000000\t0001\t0\t0\t0\t00F0FFFF\t0\t0\t0',
    ].join('\n');
    expect(hostRouteSubnets(table)).toEqual(['172.17.0.0/16', '10.244.0.0/20']);
    expect(chooseSubnet(hostRouteSubnets(table))).toBe('10.244.16.0/20');
  });
});
