import { describe, expect, it } from 'vitest';
import { kubectlLogsCommand, selectorString } from './kubectl-command';

describe('kubectlLogsCommand', () => {
  it('says what the pane shows', () => {
    expect(kubectlLogsCommand({ namespace: 'default', target: 'pod/web-1', container: 'app', follow: true, previous: false, timestamps: false, tailLines: 1000 })).toBe(
      'kubectl logs -n default pod/web-1 -c app -f --tail=1000',
    );
    expect(kubectlLogsCommand({ namespace: 'ns', selector: 'app=web,tier in (a,b)', container: '*', follow: true, previous: false, timestamps: true, sinceSeconds: 300, pods: 8 })).toBe(
      "kubectl logs -n ns -l 'app=web,tier in (a,b)' --all-containers -f --timestamps --since=300s --prefix --max-log-requests=8",
    );
    expect(kubectlLogsCommand({ namespace: 'ns', target: 'pod/p', container: 'app', follow: true, previous: true, timestamps: false })).toBe('kubectl logs -n ns pod/p -c app --previous');
  });
});

describe('selectorString', () => {
  it('writes labels and expressions as kubectl -l takes them', () => {
    expect(
      selectorString({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'NotIn', values: ['c'] },
          { key: 'y', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,tier in (a,b),x notin (c),y,!z');
  });
});
