import { describe, expect, it } from 'vitest';
import { PUBLISHED_PORTS_ANNOTATION, publishedAddress, publishedPortsValue } from './published-ports';

describe('published ports', () => {
  it('writes sorted keys, leaves unpublished ports out and reads them back', () => {
    const v = publishedPortsValue([
      { containerPort: 8080, protocol: 'tcp', hostIP: '10.0.0.5', hostPort: 32771 },
      { containerPort: 53, protocol: 'UDP', hostIP: '10.0.0.5', hostPort: 0 },
      { containerPort: 80, protocol: 'TCP', hostIP: '10.0.0.5', hostPort: 32770 },
    ]);
    expect(v).toBe('{"80/TCP":"10.0.0.5:32770","8080/TCP":"10.0.0.5:32771"}');
    const ann = { [PUBLISHED_PORTS_ANNOTATION]: v };
    expect(publishedAddress(ann, 8080)).toEqual({ ip: '10.0.0.5', port: 32771 });
    // The pod is elsewhere but this port is not published: unreachable, not "use the pod IP".
    expect(publishedAddress(ann, 9090)).toBeNull();
    expect(publishedAddress({}, 8080)).toBeUndefined();
    expect(publishedAddress({ [PUBLISHED_PORTS_ANNOTATION]: 'not json' }, 8080)).toBeNull();
  });
});
