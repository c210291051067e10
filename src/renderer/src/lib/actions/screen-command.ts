/** The kubectl commands that show what a screen shows, for people learning kubectl. */
import type { Route } from '../../hooks/use-route';
import type { ActionTarget } from './targets';
import { targetLabel } from './targets';

const nsFlag = (namespace: string | undefined) => (namespace ? ` -n ${namespace}` : ' -A');

/** screenCommand is the kubectl command for the current screen (namespace undefined = all namespaces). */
export function screenCommand(route: Route, namespace: string | undefined): string {
  switch (route.view) {
    case 'workloads':
      return `kubectl get deployments,replicasets,pods${nsFlag(namespace)} -o wide`;
    case 'pods':
      return `kubectl get pods${nsFlag(namespace)} -o wide --watch`;
    case 'pod':
      if (route.tab === 'logs') return `kubectl logs -f pod/${route.name} -n ${route.namespace} --all-containers`;
      if (route.tab === 'shell') return `kubectl exec -it pod/${route.name} -n ${route.namespace} -- sh`;
      return `kubectl describe pod/${route.name} -n ${route.namespace}`;
    case 'workload-logs':
      return `kubectl logs -f ${route.kind === 'deployments' ? 'deployment' : 'replicaset'}/${route.name} -n ${route.namespace} --all-containers --prefix`;
    case 'services':
      return `kubectl get services${nsFlag(namespace)}`;
    case 'nodes':
      return 'kubectl get nodes -o wide';
    case 'events':
      return `kubectl get events${nsFlag(namespace)} --watch`;
    default:
      return 'kubectl get nodes,pods -A -o wide';
  }
}

/** readCommands are the read-only commands about one object (describe, YAML, logs). */
export function readCommands(t: ActionTarget): { label: string; command: string }[] {
  const ns = t.namespace && t.kind !== 'Node' ? ` -n ${t.namespace}` : '';
  const obj = targetLabel(t);
  const out = [
    { label: 'Describe', command: `kubectl describe ${obj}${ns}` },
    { label: 'Show as YAML', command: `kubectl get ${obj}${ns} -o yaml` },
  ];
  if (t.kind === 'Deployment' || t.kind === 'ReplicaSet' || t.kind === 'Pod') {
    out.push({ label: 'Follow logs', command: `kubectl logs -f ${obj}${ns} --all-containers${t.kind === 'Pod' ? '' : ' --prefix'}` });
  }
  if (t.kind === 'Deployment') out.push({ label: 'Rollout history', command: `kubectl rollout history ${obj}${ns}` });
  if (t.kind === 'Node') out.push({ label: 'Pods on the node', command: `kubectl get pods -A --field-selector spec.nodeName=${t.name}` });
  return out;
}
