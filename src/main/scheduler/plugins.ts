/**
 * Filter and score plugins of the default profile, in Kubernetes' order:
 * filters NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
 * NodePorts, NodeResourcesFit, PodTopologySpread; scores NodeResourcesFit
 * (LeastAllocated), NodeResourcesBalancedAllocation and PodTopologySpread
 * (weight 2). Reasons are Kubernetes' own strings, so the FitError message
 * reads the same.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint } from '../../shared/api/core';
import { selectorMatcher } from '../controller/common/label-selector';
import { tolerationsTolerate } from '../controller/nodelifecycle/taints';
import type { NodeInfo, PodResources } from './node-info';

/** Reasons are the filters' failure strings, exactly as Kubernetes words them. */
export const Reasons = {
  unschedulable: 'node(s) were unschedulable',
  nodeName: "node(s) didn't match the requested node name",
  affinity: "node(s) didn't match Pod's node affinity/selector",
  ports: "node(s) didn't have free ports for the requested pod ports",
  cpu: 'Insufficient cpu',
  memory: 'Insufficient memory',
  pods: 'Too many pods',
  spread: "node(s) didn't match pod topology spread constraints",
} as const;

/** untoleratedTaintReason is Kubernetes' TaintToleration message. */
export const untoleratedTaintReason = (t: Taint) => `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;

/** The pod, pre-digested once per scheduling attempt. */
export interface PodInfo {
  pod: Readonly<Pod>;
  res: PodResources;
  nodeSelector: [string, string][];
  requiredTerms: NodeSelectorTerm[] | undefined;
}

/** preparePod digests a pod for the filters. */
export function preparePod(pod: Readonly<Pod>, res: PodResources): PodInfo {
  return {
    pod,
    res,
    nodeSelector: Object.entries(pod.spec.nodeSelector ?? {}),
    requiredTerms: pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
  };
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined) return false;
      const v = Number(value);
      const ref = Number(r.values?.[0]);
      if (!Number.isInteger(v) || !Number.isInteger(ref)) return false;
      return r.operator === 'Gt' ? v > ref : v < ref;
    }
    default:
      return false;
  }
}

/** nodeMatchesTerms: the terms are ORed, each term's requirements ANDed; an empty term matches nothing. */
export function nodeMatchesTerms(terms: NodeSelectorTerm[], labels: Record<string, string>, name: string): boolean {
  return terms.some((t) => {
    const exprs = t.matchExpressions ?? [];
    const fields = t.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((e) => requirementMatches(e, labels[e.key])) && fields.every((f) => requirementMatches(f, f.key === 'metadata.name' ? name : undefined));
  });
}

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

/** portsConflict: the same protocol/IP/port, or 0.0.0.0 against any IP on the same protocol and port. */
function portsConflict(wanted: string[], used: Map<string, number>): boolean {
  for (const port of wanted) {
    if (used.has(port)) return true;
    const [proto, ip, num] = port.split('/');
    if (ip !== '0.0.0.0') {
      if (used.has(`${proto}/0.0.0.0/${num}`)) return true;
      continue;
    }
    for (const k of used.keys()) if (k.startsWith(`${proto}/`) && k.endsWith(`/${num}`)) return true;
  }
  return false;
}

/** filterNode runs the filters in order and returns the first failing plugin's reasons (empty = feasible). */
export function filterNode(p: PodInfo, n: NodeInfo): string[] {
  const node = n.node!;
  const pod = p.pod;
  if (node.spec?.unschedulable && !tolerationsTolerate(pod.spec.tolerations, UNSCHEDULABLE_TAINT)) return [Reasons.unschedulable];
  if (pod.spec.nodeName && pod.spec.nodeName !== n.name) return [Reasons.nodeName];
  const taints = node.spec?.taints;
  if (taints) {
    for (const t of taints) {
      if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
      if (!tolerationsTolerate(pod.spec.tolerations, t)) return [untoleratedTaintReason(t)];
    }
  }
  if (p.nodeSelector.length > 0 || p.requiredTerms) {
    const labels = node.metadata.labels ?? {};
    for (const [k, v] of p.nodeSelector) if (labels[k] !== v) return [Reasons.affinity];
    if (p.requiredTerms && !nodeMatchesTerms(p.requiredTerms, labels, n.name)) return [Reasons.affinity];
  }
  if (p.res.ports.length > 0 && n.ports.size > 0 && portsConflict(p.res.ports, n.ports)) return [Reasons.ports];
  const reasons: string[] = [];
  if (n.podCount + 1 > n.allocPods) reasons.push(Reasons.pods);
  if (p.res.milliCPU > 0 && n.milliCPU + p.res.milliCPU > n.allocMilliCPU) reasons.push(Reasons.cpu);
  if (p.res.memory > 0 && n.memory + p.res.memory > n.allocMemory) reasons.push(Reasons.memory);
  return reasons;
}

// Module-level helpers: these run for every node of every pod, so no closures are made per call.
function freeShare(req: number, alloc: number): number {
  return alloc <= 0 || req > alloc ? 0 : ((alloc - req) * 100) / alloc;
}

function usedFraction(req: number, alloc: number): number {
  return alloc <= 0 ? 1 : Math.min(1, req / alloc);
}

/** leastAllocatedScore: the mean over cpu and memory of free share after placing the pod, 0–100. */
export function leastAllocatedScore(p: PodInfo, n: NodeInfo): number {
  return Math.floor((freeShare(n.nonZeroMilliCPU + p.res.nonZeroMilliCPU, n.allocMilliCPU) + freeShare(n.nonZeroMemory + p.res.nonZeroMemory, n.allocMemory)) / 2);
}

/** balancedAllocationScore: 100·(1 − std of the cpu and memory fractions) after placing the pod. */
export function balancedAllocationScore(p: PodInfo, n: NodeInfo): number {
  const cpu = usedFraction(n.nonZeroMilliCPU + p.res.nonZeroMilliCPU, n.allocMilliCPU);
  const mem = usedFraction(n.nonZeroMemory + p.res.nonZeroMemory, n.allocMemory);
  return Math.floor((1 - Math.abs(cpu - mem) / 2) * 100);
}

/** explicitSpreadFilter enforces DoNotSchedule constraints on kubernetes.io/hostname (other keys are not modelled). */
export function explicitSpreadFilter(pod: Readonly<Pod>, candidate: NodeInfo, all: NodeInfo[], podsOn: (n: NodeInfo) => readonly Readonly<Pod>[]): boolean {
  for (const c of pod.spec.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== 'DoNotSchedule' || c.topologyKey !== 'kubernetes.io/hostname') continue;
    const match = selectorMatcher(c.labelSelector);
    const count = (n: NodeInfo) => podsOn(n).filter((p) => p.metadata.namespace === pod.metadata.namespace && match(p.metadata.labels)).length;
    const min = Math.min(...all.map(count));
    if (count(candidate) + 1 - min > c.maxSkew) return false;
  }
  return true;
}
