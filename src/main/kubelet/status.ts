/**
 * Pod status from runtime state (pure): containerStatuses with state,
 * lastState, restartCount, imageID, ready, started; the phase as the kubelet's
 * getPhase computes it; and the conditions PodScheduled, Initialized,
 * ContainersReady and Ready (transition times kept while a status holds).
 */
import type { Condition } from '../../shared/api/meta';
import type { Container, ContainerState, ContainerStatus, Pod, PodPhase, PodStatus } from '../../shared/api/core';
import { parseQuantity } from '../../shared/quantity';
import type { ContainerInfo } from './runtime/types';

export interface Waiting {
  reason: string;
  message?: string;
}

/** ContainerView is what the kubelet knows about one container of the spec. */
export interface ContainerView {
  spec: Container;
  /** Latest instance. */
  current?: ContainerInfo;
  /** The instance before it (lastState, --previous). */
  previous?: ContainerInfo;
  restartCount: number;
  /** A kubelet-decided waiting reason (ErrImagePull, CrashLoopBackOff, PodInitializing …). */
  waiting?: Waiting;
  ready: boolean;
  started: boolean;
}

/** terminatedReason names why a container ended: OOMKilled, Completed or Error. */
export function terminatedReason(i: ContainerInfo): string {
  if (i.oomKilled) return 'OOMKilled';
  if (i.exitCode === 0) return 'Completed';
  if (i.error) return 'ContainerCannotRun';
  return 'Error';
}

function terminatedState(i: ContainerInfo): ContainerState {
  const t: NonNullable<ContainerState['terminated']> = {
    exitCode: i.exitCode ?? (i.state === 'created' ? 128 : 0),
    reason: terminatedReason(i),
    containerID: `docker://${i.id}`,
  };
  if (i.error) t.message = i.error;
  if (i.startedAt) t.startedAt = isoSeconds(i.startedAt);
  if (i.finishedAt) t.finishedAt = isoSeconds(i.finishedAt);
  return { terminated: t };
}

/** isoSeconds renders a time as Kubernetes does (RFC 3339, second precision). */
export function isoSeconds(t: string | number | Date): string {
  return new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
}

function isDead(i: ContainerInfo | undefined): i is ContainerInfo {
  return !!i && (i.state === 'exited' || (i.state === 'created' && !!i.error));
}

/** containerStatus renders one ContainerStatus. */
export function containerStatus(v: ContainerView): ContainerStatus {
  let state: ContainerState;
  let lastState: ContainerState = {};
  const cur = v.current;
  if (v.waiting) {
    state = { waiting: { reason: v.waiting.reason, ...(v.waiting.message ? { message: v.waiting.message } : {}) } };
    if (isDead(cur)) lastState = terminatedState(cur);
    else if (isDead(v.previous)) lastState = terminatedState(v.previous);
  } else if (cur?.state === 'running') {
    state = { running: { startedAt: isoSeconds(cur.startedAt ?? cur.createdAt) } };
    if (isDead(v.previous)) lastState = terminatedState(v.previous);
  } else if (isDead(cur)) {
    state = terminatedState(cur);
    if (isDead(v.previous)) lastState = terminatedState(v.previous);
  } else {
    state = { waiting: { reason: 'ContainerCreating' } };
  }
  const s: ContainerStatus = {
    name: v.spec.name,
    state,
    lastState,
    ready: v.ready,
    restartCount: v.restartCount,
    image: v.spec.image ?? '',
    imageID: cur ? `docker://${cur.imageId}` : '',
    started: v.started,
  };
  if (cur) s.containerID = `docker://${cur.id}`;
  return s;
}

/** shouldRestart applies restartPolicy to an exited container. */
export function shouldRestart(policy: Pod['spec']['restartPolicy'], exitCode: number | undefined): boolean {
  const p = policy ?? 'Always';
  if (p === 'Always') return true;
  if (p === 'OnFailure') return exitCode !== 0;
  return false;
}

/** podPhase follows the kubelet's getPhase over app container statuses. */
export function podPhase(pod: Pod, initStatuses: ContainerStatus[], statuses: ContainerStatus[], initDone: boolean): PodPhase {
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (!initDone) {
    const failedInit = initStatuses.some((s) => s.state?.terminated && s.state.terminated.exitCode !== 0);
    if (failedInit && policy === 'Never') return 'Failed';
    return 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(prev: Condition[] | undefined, type: string, ok: boolean, now: string, reason?: string, message?: string): Condition {
  const status = ok ? 'True' : 'False';
  const old = prev?.find((c) => c.type === type);
  const c: Condition = { type, status, lastProbeTime: null, lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? now) : now };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

/** qosClass computes Guaranteed/Burstable/BestEffort from requests and limits. */
export function qosClass(pod: Pod): string {
  const cs = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (!l || !q || parseQuantity(l) !== parseQuantity(q)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export interface PodStatusInput {
  init: ContainerView[];
  app: ContainerView[];
  /** Ephemeral (kubectl debug) containers: reported, never part of readiness or the phase. */
  ephemeral?: ContainerView[];
  initDone: boolean;
  podIP?: string;
  hostIP?: string;
  now: string;
  /** Set when the kubelet decided the pod failed outright (e.g. a failed init container with restartPolicy Never). */
  phaseOverride?: PodPhase;
  message?: string;
  reason?: string;
}

/** computePodStatus renders the whole PodStatus, keeping fields the kubelet does not own (nominatedNodeName). */
export function computePodStatus(pod: Pod, input: PodStatusInput): PodStatus {
  const prev = pod.status ?? {};
  const initStatuses = input.init.map(containerStatus);
  const statuses = input.app.map(containerStatus);
  const phase = input.phaseOverride ?? podPhase(pod, initStatuses, statuses, input.initDone);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
  const incompleteInit = input.init.filter((v) => !(v.current?.state === 'exited' && v.current.exitCode === 0)).map((v) => v.spec.name);
  const containersReady = !terminal && notReady.length === 0 && input.initDone;
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const readyMsg = terminal ? undefined : `containers with unready status: [${notReady.join(' ')}]`;
  const scheduled = prev.conditions?.find((c) => c.type === 'PodScheduled');
  const conditions: Condition[] = [
    condition(prev.conditions, 'Initialized', input.initDone || terminal, input.now, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    condition(prev.conditions, 'Ready', containersReady, input.now, readyReason, readyMsg),
    condition(prev.conditions, 'ContainersReady', containersReady, input.now, readyReason, readyMsg),
    scheduled ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: input.now },
  ];
  const status: PodStatus = {
    ...prev,
    phase,
    conditions,
    qosClass: prev.qosClass ?? qosClass(pod),
    startTime: prev.startTime ?? input.now,
    containerStatuses: statuses,
  };
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  else delete status.initContainerStatuses;
  if (input.ephemeral?.length) status.ephemeralContainerStatuses = input.ephemeral.map(containerStatus);
  else delete status.ephemeralContainerStatuses;
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  if (input.hostIP) {
    status.hostIP = input.hostIP;
    (status as PodStatus & { hostIPs?: { ip: string }[] }).hostIPs = [{ ip: input.hostIP }];
  }
  if (input.message) status.message = input.message;
  else delete status.message;
  if (input.reason) status.reason = input.reason;
  else delete status.reason;
  return status;
}
