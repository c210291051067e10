import { describe, expect, it } from 'vitest';
import { hpaSummary, parseHistory, sparklinePoints } from './metrics';

describe('metrics helpers', () => {
  it('parseHistory reads the annotation and ignores junk', () => {
    const obj = { metadata: { annotations: { 'kubedeck.io/usage-history': '[[10,5,1024],["x"],[20,7,2048]]' } } };
    expect(parseHistory(obj)).toEqual({ t: [10, 20], cpu: [5, 7], memory: [1024, 2048] });
    expect(parseHistory({ metadata: { annotations: { 'kubedeck.io/usage-history': '{' } } })).toEqual({ t: [], cpu: [], memory: [] });
  });

  it('hpaSummary shows current/target utilisation like kubectl', () => {
    const s = hpaSummary({
      metadata: { name: 'h' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      status: { desiredReplicas: 3, currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75 } } }] },
    });
    expect(s).toEqual({ resource: 'cpu', current: '75%', target: '50%', min: 1, max: 5, currentReplicas: 2, desiredReplicas: 3 });
  });

  it('sparklinePoints scales to the box, against a ceiling when given', () => {
    expect(sparklinePoints([0, 10], 100, 20)).toBe('0.0,20.0 100.0,0.0');
    expect(sparklinePoints([5], 100, 20, 10)).toBe('0.0,10.0');
    expect(sparklinePoints([], 100, 20)).toBe('');
  });
});
