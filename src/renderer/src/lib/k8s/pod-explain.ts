/**
 * Pod detail in words: a container's state (never "unknown" for a pod still
 * pending), its last termination, the image pull's progress, and why a pod is
 * pending (the scheduler's verdicts from the `kubedeck.io/scheduling` annotation).
 */
import type { ContainerState, ContainerStateTerminated, Pod } from '../../../../shared/api/core';
import { parseExplanation } from '../../../../shared/api/scheduling';
import { formatAge } from './age';

/** PULL_PROGRESS_ANNOTATION is where the kubelet reports an image pull in progress (JSON). */
export const PULL_PROGRESS_ANNOTATION = 'kubedeck.io/pull-progress';

/** terminatedWords is "exit code 3 (Error), signal 9, finished 2m ago". */
export function terminatedWords(t: ContainerStateTerminated, now: number): string {
  const parts = [`exit code ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}`];
  if (t.signal) parts.push(`signal ${t.signal}`);
  if (t.finishedAt) parts.push(`finished ${formatAge(t.finishedAt, now)} ago`);
  if (t.message) parts.push(t.message);
  return parts.join(', ');
}

/** containerStateWords says what a container is doing; `pod` explains a missing state. */
export function containerStateWords(state: ContainerState | undefined, pod: Pod, now: number): string {
  if (state?.running) return `running, started ${formatAge(state.running.startedAt, now)} ago`;
  if (state?.waiting) return `waiting: ${state.waiting.reason ?? 'starting'}${state.waiting.message ? ` (${state.waiting.message})` : ''}`;
  if (state?.terminated) return `terminated: ${terminatedWords(state.terminated, now)}`;
  // No state yet: the pod is not on a node, or the kubelet has not reported.
  if (!pod.spec?.nodeName) return 'waiting: not scheduled to a node yet';
  return 'waiting: not started yet';
}

/** PullProgress is the kubelet's pull-progress annotation. */
export interface PullProgress {
  image: string;
  fraction: number | null;
  currentBytes?: number;
  totalBytes?: number;
  status?: string;
}

/** pullProgress reads the pull in progress, if any. */
export function pullProgress(pod: Pod): PullProgress | undefined {
  const raw = pod.metadata.annotations?.[PULL_PROGRESS_ANNOTATION];
  if (!raw) return undefined;
  try {
    const p = JSON.parse(raw) as PullProgress;
    return typeof p?.image === 'string' ? p : undefined;
  } catch {
    return undefined;
  }
}

/** pullWords is "pulling busybox: 42% (1.2 MB of 2.8 MB)". */
export function pullWords(p: PullProgress): string {
  const pct = p.fraction !== null && p.fraction !== undefined ? ` ${Math.round(p.fraction * 100)}%` : '';
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const bytes = p.currentBytes !== undefined && p.totalBytes ? ` (${mb(p.currentBytes)} of ${mb(p.totalBytes)})` : '';
  return `pulling ${p.image}:${pct}${bytes}${p.status ? ` — ${p.status}` : ''}`;
}

/** NodeVerdictWords is one node's verdict in words. */
export interface NodeVerdictWords {
  node: string;
  fits: boolean;
  words: string;
}

/** PendingWhy explains a pending pod. */
export interface PendingWhy {
  summary: string;
  nodes: NodeVerdictWords[];
}

/** reasonWords turns the scheduler's reason strings into a sentence ("Insufficient cpu" → "not enough CPU"). */
export function reasonWords(reason: string): string {
  const m = /^Insufficient (.+)$/.exec(reason);
  if (m) return `not enough ${m[1] === 'cpu' ? 'CPU' : m[1]} free`;
  if (/untolerated taint/i.test(reason)) return `it has a taint the pod does not tolerate (${reason.replace(/^.*?taint/i, 'taint')})`;
  if (/unschedulable/i.test(reason)) return 'it is cordoned (unschedulable)';
  if (/didn't match Pod's node affinity\/selector/i.test(reason)) return "its labels do not match the pod's node selector";
  if (/free ports/i.test(reason)) return 'the requested host port is taken';
  if (/requested node name/i.test(reason)) return 'it is not the node the pod asks for (spec.nodeName)';
  if (reason === 'Too many pods') return 'it already runs as many pods as it allows';
  if (/topology spread/i.test(reason)) return "placing it there would break the pod's topology spread";
  return reason;
}

/**
 * whyPending explains, in words, why a pod has no node: the scheduler's
 * message and each node's verdict. Undefined when the pod is scheduled or
 * the scheduler has not explained yet.
 */
export function whyPending(pod: Pod): PendingWhy | undefined {
  if (pod.spec?.nodeName) return undefined;
  const x = parseExplanation(pod.metadata.annotations);
  const unschedulable = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (!x && !unschedulable) return undefined;
  const nodes = (x?.nodes ?? []).map((n) => ({
    node: n.name,
    fits: n.feasible,
    words: n.feasible ? 'fits' : `does not fit: ${(n.reasons ?? ['filtered out']).map(reasonWords).join('; ')}`,
  }));
  const misfits = nodes.filter((n) => !n.fits).length;
  const summary =
    nodes.length > 0
      ? `No node can run this pod: ${misfits} of ${nodes.length + (x?.omitted ?? 0)} node${nodes.length === 1 ? '' : 's'} ruled out.`
      : (unschedulable?.message ?? x?.message ?? 'The scheduler has not placed this pod yet.');
  return { summary, nodes };
}
