/**
 * Pod detail in words: a container's state (never "unknown" for a pod still
 * pending), its last termination, the image pull's progress, and why a pod is
 * pending (the scheduler's verdicts from the `kubedeck.io/scheduling` annotation).
 */
import type { ContainerState, ContainerStateTerminated, Pod } from '../../../../shared/api/core';
import { parseExplanation, type Explanation, type NodeVerdict } from '../../../../shared/api/scheduling';
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
  if (pullProgress(pod)) return 'waiting: an image is being pulled';
  return 'waiting: not started yet';
}

/** PullProgress is the kubelet's pull-progress annotation. */
export interface PullProgress {
  image: string;
  fraction: number | null;
  currentBytes?: number;
  totalBytes?: number;
  /** Layers pulled of the layers announced so far (kubelets before layer counts omit them). */
  layersDone?: number;
  layersTotal?: number;
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

/** pullWords is "pulling busybox: 42% (1.2 MB of 2.8 MB), 1 of 3 layers". */
export function pullWords(p: PullProgress): string {
  const pct = p.fraction !== null && p.fraction !== undefined ? ` ${Math.round(p.fraction * 100)}%` : '';
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const bytes = p.currentBytes !== undefined && p.totalBytes ? ` (${mb(p.currentBytes)} of ${mb(p.totalBytes)})` : '';
  const layers = p.layersTotal ? `, ${p.layersDone ?? 0} of ${p.layersTotal} layer${p.layersTotal === 1 ? '' : 's'}` : '';
  return `pulling ${p.image}:${pct}${bytes}${layers}${p.status ? ` — ${p.status}` : ''}`;
}

/** NodeVerdictWords is one node's verdict in words. */
export interface NodeVerdictWords {
  node: string;
  fits: boolean;
  /** The node the scheduler chose. */
  chosen?: boolean;
  words: string;
}

/** PendingWhy explains a pending pod. */
export interface PendingWhy {
  summary: string;
  nodes: NodeVerdictWords[];
  /** A plain sentence of what would make the pod schedulable, when the reasons say. */
  fix?: string;
}

/** cpuWords is "500m CPU" or "2 CPU". */
export function cpuWords(milli: number): string {
  return milli % 1000 === 0 ? `${milli / 1000} CPU` : `${milli}m CPU`;
}

/** memoryWords is "512 MiB" or "1.5 GiB". */
export function memoryWords(bytes: number): string {
  const gi = bytes / 2 ** 30;
  if (gi >= 1) return `${Number.isInteger(gi) ? gi : gi.toFixed(1)} GiB`;
  return `${Math.ceil(bytes / 2 ** 20)} MiB`;
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

/** verdictWords says one node's verdict, with the numbers when it is short of CPU or memory. */
function verdictWords(n: NodeVerdict, x: Explanation | undefined): string {
  if (n.feasible) {
    const scores = Object.entries(n.scores ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return `fits; score ${n.total ?? 0}${scores ? ` (${scores})` : ''}`;
  }
  const parts = (n.reasons ?? ['filtered out']).map((r) => {
    const words = reasonWords(r);
    const res = n.resources;
    if (res && r === 'Insufficient cpu') return `${words} (${cpuWords(Math.max(0, res.freeMilliCPU))} free of ${cpuWords(res.allocatableMilliCPU)}${x?.request ? `, the pod requests ${cpuWords(x.request.milliCPU)}` : ''})`;
    if (res && r === 'Insufficient memory') return `${words} (${memoryWords(Math.max(0, res.freeMemory))} free of ${memoryWords(res.allocatableMemory)}${x?.request ? `, the pod requests ${memoryWords(x.request.memory)}` : ''})`;
    return words;
  });
  return `does not fit: ${parts.join('; ')}`;
}

/** resourceFix is the sentence for a pod short of one resource on every node that reports numbers. */
function resourceFix(x: Explanation, reason: string, what: 'cpu' | 'memory'): string | undefined {
  const short = x.nodes.filter((n) => !n.feasible && n.reasons?.includes(reason) && n.resources);
  if (short.length === 0 || !x.request) return undefined;
  const words = what === 'cpu' ? cpuWords : memoryWords;
  const label = what === 'cpu' ? 'CPU' : 'memory';
  const req = what === 'cpu' ? x.request.milliCPU : x.request.memory;
  const maxFree = Math.max(0, ...short.map((n) => (what === 'cpu' ? n.resources!.freeMilliCPU : n.resources!.freeMemory)));
  const maxAlloc = Math.max(...short.map((n) => (what === 'cpu' ? n.resources!.allocatableMilliCPU : n.resources!.allocatableMemory)));
  if (req > maxAlloc) {
    return `It requests ${words(req)}, more ${label} than any node has at all (the largest has ${words(maxAlloc)}): lower the ${label} request to at most ${words(maxAlloc)}, or add a node with at least ${words(req)}.`;
  }
  return `It needs ${words(req - maxFree)} more than any node has free: lower the request, free ${label} on a node (delete or scale down pods), or add a node.`;
}

/** otherFix maps a reason to what would lift it. */
function otherFix(reason: string): string | undefined {
  if (/untolerated taint/i.test(reason)) return `add a toleration for the ${reason.replace(/^.*?taint /i, 'taint ')} to the pod, or remove the taint from the node`;
  if (/unschedulable/i.test(reason)) return 'uncordon a node';
  if (/node affinity\/selector/i.test(reason)) return "label a node to match the pod's node selector, or change the selector";
  if (/free ports/i.test(reason)) return 'free the host port on a node, or drop hostPort from the pod';
  if (reason === 'Too many pods') return 'delete pods from a node, or add a node';
  if (/requested node name/i.test(reason)) return 'name an existing node in spec.nodeName';
  if (/topology spread/i.test(reason)) return 'add a node or relax the topology spread constraint';
  return undefined;
}

/** pendingFix says what would make a pod that fits nowhere schedulable. */
export function pendingFix(x: Explanation): string | undefined {
  const sentences: string[] = [];
  const cpu = resourceFix(x, 'Insufficient cpu', 'cpu');
  if (cpu) sentences.push(cpu);
  const mem = resourceFix(x, 'Insufficient memory', 'memory');
  if (mem) sentences.push(mem);
  const others = [...new Set(x.nodes.filter((n) => !n.feasible).flatMap((n) => (n.reasons ?? []).map(otherFix).filter((f): f is string => !!f)))];
  if (others.length > 0) sentences.push(`Or: ${others.join('; or ')}.`);
  if (sentences.length === 0) return undefined;
  if (!cpu && !mem) sentences[0] = `To schedule it: ${others.join('; or ')}.`;
  return sentences.join(' ');
}

/**
 * whyPending explains, in words, why a pod has no node: the scheduler's
 * message, each node's verdict (with the numbers of a node short of CPU or
 * memory) and what would fix it; when the scheduler is paused, that first.
 * Undefined when the pod is scheduled or nothing explains it yet.
 */
export function whyPending(pod: Pod, opts: { schedulerPaused?: boolean } = {}): PendingWhy | undefined {
  if (pod.spec?.nodeName || pod.metadata.deletionTimestamp) return undefined;
  const x = parseExplanation(pod.metadata.annotations);
  const unschedulable = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (!x && !unschedulable && !opts.schedulerPaused) return undefined;
  const nodes = (x?.nodes ?? []).map((n) => ({ node: n.name, fits: n.feasible, words: verdictWords(n, x) }));
  const misfits = nodes.filter((n) => !n.fits).length;
  let summary =
    nodes.length > 0
      ? `No node can run this pod: ${misfits} of ${nodes.length + (x?.omitted ?? 0)} node${nodes.length === 1 ? '' : 's'} ruled out.`
      : (unschedulable?.message ?? x?.message ?? 'The scheduler has not placed this pod yet.');
  if (opts.schedulerPaused) {
    summary = `The scheduler is paused: no node is chosen for this pod until it is resumed.${x ? ` When it last looked: ${summary}` : ''}`;
  }
  const fix = x ? pendingFix(x) : undefined;
  return { summary, nodes, ...(fix ? { fix } : {}) };
}

/** PlacedWhy explains why a scheduled pod is on its node. */
export interface PlacedWhy {
  node: string;
  summary: string;
  nodes: NodeVerdictWords[];
}

/**
 * whyHere explains a scheduled pod's node from the scheduler's explanation:
 * the nodes that fit with their scores, those ruled out and why, and the
 * one chosen. Undefined for a pod the scheduler did not place (or has not explained).
 */
export function whyHere(pod: Pod): PlacedWhy | undefined {
  const node = pod.spec?.nodeName;
  if (!node) return undefined;
  const x = parseExplanation(pod.metadata.annotations);
  if (!x?.node || x.node !== node) return undefined;
  const fits = x.nodes.filter((n) => n.feasible);
  const chosen = x.nodes.find((n) => n.name === node);
  const others = fits.length - 1;
  const out = x.nodes.length - fits.length;
  let summary = `Placed on ${node}: it passed every filter`;
  summary += others > 0 ? ` and scored highest (${chosen?.total ?? 0}) of the ${fits.length} nodes that fit` : ' and was the only node that fit';
  summary += out > 0 ? `; ${out} node${out === 1 ? ' was' : 's were'} ruled out.` : '.';
  return { node, summary, nodes: x.nodes.map((n) => ({ node: n.name, fits: n.feasible, chosen: n.name === node, words: verdictWords(n, x) })) };
}
