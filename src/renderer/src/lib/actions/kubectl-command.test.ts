import { describe, expect, it } from 'vitest';
import { kubectlCommand } from './kubectl-command';
import { matchEntries, paletteEntries } from './palette-search';
import { readCommands, screenCommand } from './screen-command';

const web = { kind: 'Deployment' as const, name: 'web', namespace: 'prod' };
const node = { kind: 'Node' as const, name: 'kubedeck' };

describe('kubectlCommand', () => {
  it('spells each action as kubectl does', () => {
    expect(kubectlCommand('scale', web, { replicas: 5 })).toBe('kubectl scale deployment/web -n prod --replicas=5');
    expect(kubectlCommand('restart', web)).toBe('kubectl rollout restart deployment/web -n prod');
    expect(kubectlCommand('undo', web, { toRevision: 1 })).toBe('kubectl rollout undo deployment/web -n prod --to-revision=1');
    expect(kubectlCommand('delete', web, { propagation: 'Orphan' })).toBe('kubectl delete deployment/web -n prod --cascade=orphan');
    expect(kubectlCommand('delete', web, { propagation: 'Foreground', gracePeriodSeconds: 5 })).toBe('kubectl delete deployment/web -n prod --cascade=foreground --grace-period=5');
    expect(kubectlCommand('force-delete', { kind: 'Pod', name: 'p', namespace: 'default' })).toBe('kubectl delete pod/p -n default --grace-period=0 --force');
    expect(kubectlCommand('cordon', node)).toBe('kubectl cordon kubedeck');
    expect(kubectlCommand('drain', node, { force: true, deleteEmptyDirData: true })).toBe('kubectl drain kubedeck --ignore-daemonsets --delete-emptydir-data --force');
    expect(kubectlCommand('edit', { kind: 'Service', name: 'my svc', namespace: 'default' })).toBe(`kubectl edit 'service/my svc' -n default`);
  });
});

describe('palette search', () => {
  const entries = paletteEntries([web, node, { kind: 'Pod', name: 'web-1', namespace: 'prod' }]);
  it('finds objects and actions by the words typed, the exact name first', () => {
    expect(matchEntries(entries, 'scale web').map((e) => e.text)).toEqual(['Scale deployment/web (prod)']);
    expect(matchEntries(entries, 'web')[0]!.text).toBe('Open deployment/web (prod)');
    expect(matchEntries(entries, 'drain').map((e) => e.text)).toEqual(['Drain node/kubedeck']);
  });
});

describe('screen and read commands', () => {
  it('spells what each screen shows', () => {
    expect(screenCommand({ view: 'workloads' }, 'prod')).toBe('kubectl get deployments,replicasets,pods -n prod -o wide');
    expect(screenCommand({ view: 'pods' }, undefined)).toBe('kubectl get pods -A -o wide --watch');
    expect(screenCommand({ view: 'pod', namespace: 'prod', name: 'web-1', tab: 'details' }, undefined)).toBe('kubectl describe pod/web-1 -n prod');
    expect(screenCommand({ view: 'pod', namespace: 'prod', name: 'web-1', tab: 'logs' }, undefined)).toBe('kubectl logs -f pod/web-1 -n prod --all-containers');
    expect(screenCommand({ view: 'workload-logs', namespace: 'prod', kind: 'deployments', name: 'web' }, undefined)).toBe('kubectl logs -f deployment/web -n prod --all-containers --prefix');
    expect(readCommands(web).map((c) => c.command)).toContain('kubectl logs -f deployment/web -n prod --all-containers --prefix');
    expect(readCommands(node).map((c) => c.command)).toContain('kubectl get pods -A --field-selector spec.nodeName=kubedeck');
  });
});
