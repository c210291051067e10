/**
 * What one sync of a pod must do, as a pure function (Kubernetes'
 * computePodActions): from the pod spec, the runtime's view of the pod's
 * containers, the back-off and probe state and the clock, decide which
 * containers to start, kill or leave, and the pod-level actions (kill the
 * pod, create a new sandbox). Nothing here talks to the runtime or the API:
 * `pod-sync.ts` gathers the input, calls computePodActions and carries the
 * actions out. Table tests: pod-actions.test.ts.
 */
import type { Container, Pod, PodPhase } from '../../shared/api/core';
import { LABEL_ATTEMPT, LABEL_CONTAINER_NAME, LABEL_INIT, LABEL_RESTART_COUNT, LABEL_SANDBOX_ID, LABEL_TYPE, TYPE_SANDBOX } from './naming';
import type { ContainerInfo, SandboxInfo } from './runtime/types';
import { shouldRestart, type Waiting } from './status';

/** PodRuntimeState groups a pod's containers as found in the runtime. */
export interface PodRuntimeState {
  sandboxes: ContainerInfo[];
  containers: ContainerInfo[];
}

/** The back-off state the decision reads (Backoff implements it; its clock is the input clock). */
export interface BackoffView {
  get(key: string): number;
  isInBackOffSince(key: string, eventTime: number): boolean;
  remainingMs(key: string, eventTime: number): number;
}

/** The probe state the decision reads: has a liveness/startup probe of this container instance crossed its threshold. */
export interface ProbeView {
  failed(container: string, type: 'liveness' | 'startup', containerId: string): boolean;
}

export interface PodActionsInput {
  pod: Pod;
  state: PodRuntimeState;
  /** The newest sandbox as inspected (its state decides whether the pod needs a new one). */
  sandbox: SandboxInfo | undefined;
  crashBackoff: BackoffView;
  probes: ProbeView;
  /** The pod is gone from the API (its containers are removed). */
  deleted?: boolean;
}

/** A container to create and start (the previous instance, if any, is kept for `logs --previous`). */
export interface StartAction {
  container: Container;
  init: boolean;
  restartCount: number;
  /** Record a crash in the back-off before starting (the previous instance died). */
  backoffKey?: string;
  /** The previous instance's finish time, for the back-off record. */
  backoffAt?: number;
}

/** A running container to kill (liveness/startup probe failure). */
export interface KillAction {
  container: Container;
  instance: ContainerInfo;
  probe: 'liveness' | 'startup';
  graceSeconds: number;
}

export type PodActions =
  /** Gone from the API: stop everything (grace 1 s) and remove it all. */
  | { kind: 'remove' }
  /** Being deleted: preStop and SIGTERM with the grace period, remove, then delete the object. */
  | { kind: 'terminate'; graceSeconds: number }
  /** Finished for good (Succeeded/Failed reported): nothing runs; status stays as reported. */
  | { kind: 'stopTerminal' }
  | SyncActions;

/** SyncActions converge a live pod. */
export interface SyncActions {
  kind: 'sync';
  /** The sandbox is missing or dead: stop what is left (grace 2 s) and create sandbox attempt `attempt`. */
  createSandbox?: { attempt: number; replacesDead: boolean };
  /**
   * The sandbox is dead and restartPolicy is Never: stop what is left and
   * create nothing — what ran is the pod's final state (as Kubernetes does).
   */
  killPod?: boolean;
  /** Running containers to leave alone but whose probes must run. */
  keep: { container: Container; instance: ContainerInfo }[];
  kill: KillAction[];
  start: StartAction[];
  /** Waiting reasons decided here (CrashLoopBackOff, PodInitializing); keys are names, init ones `init:<name>`. */
  waiting: Map<string, Waiting>;
  /** All init containers have succeeded in the current sandbox. */
  initDone: boolean;
  /** Failed: an init container failed under restartPolicy Never. */
  phaseOverride?: PodPhase;
  /** Sync again after this many ms (back-off expiry, after a kill). */
  requeueAfterMs?: number;
}

/** A placeholder id for a sandbox this sync will create. */
export const NEW_SANDBOX = '<new>';

export function attemptOf(c: ContainerInfo): number {
  return Number(c.labels[LABEL_ATTEMPT] ?? 0);
}

export function restartCountOf(c: ContainerInfo): number {
  return Number(c.labels[LABEL_RESTART_COUNT] ?? 0);
}

export function byNewest(a: ContainerInfo, b: ContainerInfo): number {
  return restartCountOf(b) - restartCountOf(a) || Date.parse(b.createdAt) - Date.parse(a.createdAt);
}

/** instancesOf returns a container's instances, newest first. */
export function instancesOf(state: PodRuntimeState, name: string, init: boolean): ContainerInfo[] {
  return state.containers.filter((c) => c.labels[LABEL_CONTAINER_NAME] === name && (c.labels[LABEL_INIT] === 'true') === init).sort(byNewest);
}

/** splitRuntimeState sorts a pod's runtime containers into sandboxes (newest attempt first) and containers. */
export function splitRuntimeState(all: ContainerInfo[]): PodRuntimeState {
  return {
    sandboxes: all.filter((c) => c.labels[LABEL_TYPE] === TYPE_SANDBOX).sort((a, b) => attemptOf(b) - attemptOf(a)),
    containers: all.filter((c) => c.labels[LABEL_TYPE] !== TYPE_SANDBOX),
  };
}

export function isDead(c: ContainerInfo): boolean {
  return c.state === 'exited' || c.state === 'created' || c.state === 'unknown';
}

export function finishedMs(c: ContainerInfo): number {
  return Date.parse(c.finishedAt ?? c.createdAt);
}

/** crashBackoffKey names a container's CrashLoopBackOff entry. */
export function crashBackoffKey(uid: string, name: string, init: boolean): string {
  return `${uid}/${init ? 'init/' : ''}${name}`;
}

/** backoffMessage is the CrashLoopBackOff waiting message, as the kubelet writes it. */
export function backoffMessage(pod: Pod, container: string, delayMs: number): string {
  return `back-off ${Math.round(delayMs / 1000)}s restarting failed container=${container} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** probeGracePeriod is the grace for a probe-triggered kill (probe-level terminationGracePeriodSeconds wins). */
export function probeGracePeriod(pod: Pod, c: Container, probe: 'liveness' | 'startup'): number {
  const p = probe === 'liveness' ? c.livenessProbe : c.startupProbe;
  return p?.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
}

/** computePodActions decides one sync of a pod. Pure: same input, same answer. */
export function computePodActions(input: PodActionsInput): PodActions {
  const { pod, state, crashBackoff, probes } = input;
  if (input.deleted) return { kind: 'remove' };
  if (pod.metadata.deletionTimestamp) {
    return { kind: 'terminate', graceSeconds: pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30 };
  }
  // A terminal pod is never restarted.
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return { kind: 'stopTerminal' };

  const uid = pod.metadata.uid as string;
  const out: SyncActions = { kind: 'sync', keep: [], kill: [], start: [], waiting: new Map(), initDone: true };
  const requeueIn = (ms: number) => {
    out.requeueAfterMs = out.requeueAfterMs === undefined ? ms : Math.min(out.requeueAfterMs, ms);
  };

  // 1. Sandbox: a missing or dead pause container means the whole pod starts over in a new one.
  const newest = state.sandboxes[0];
  const policy = pod.spec.restartPolicy ?? 'Always';
  let sbId: string;
  if ((!input.sandbox || input.sandbox.state !== 'running') && policy === 'Never' && newest && state.containers.length > 0) {
    // A pod that must not restart gets no second sandbox (e.g. after the engine restarted): it ends here.
    out.killPod = true;
    out.initDone = (pod.spec.initContainers ?? []).every((ic) => {
      const i = instancesOf(state, ic.name, true)[0];
      return i?.state === 'exited' && i.exitCode === 0;
    });
    const neverRan = pod.spec.containers.some((c) => instancesOf(state, c.name, false).length === 0);
    if (!out.initDone || neverRan) out.phaseOverride = 'Failed';
    return out;
  }
  if (!input.sandbox || input.sandbox.state !== 'running') {
    out.createSandbox = { attempt: newest ? attemptOf(newest) + 1 : 0, replacesDead: !!newest };
    sbId = NEW_SANDBOX;
  } else {
    sbId = input.sandbox.id;
  }
  const inSandbox = (c: ContainerInfo | undefined) => !!c && c.labels[LABEL_SANDBOX_ID] === sbId;

  // 2. Init containers, in order, one at a time.
  for (const ic of pod.spec.initContainers ?? []) {
    const inst = instancesOf(state, ic.name, true);
    const cur = inst.find(inSandbox);
    if (cur?.state === 'exited' && cur.exitCode === 0) continue;
    out.initDone = false;
    if (cur?.state === 'running') break;
    const start: StartAction = { container: ic, init: true, restartCount: inst[0] ? restartCountOf(inst[0]) + 1 : 0 };
    if (cur && isDead(cur)) {
      if (policy === 'Never') {
        out.phaseOverride = 'Failed';
        break;
      }
      const key = crashBackoffKey(uid, ic.name, true);
      if (crashBackoff.isInBackOffSince(key, finishedMs(cur))) {
        out.waiting.set(`init:${ic.name}`, { reason: 'CrashLoopBackOff', message: backoffMessage(pod, ic.name, crashBackoff.get(key)) });
        requeueIn(crashBackoff.remainingMs(key, finishedMs(cur)) + 50);
        break;
      }
      start.backoffKey = key;
      start.backoffAt = finishedMs(cur);
    }
    out.start.push(start);
    break;
  }
  if (out.phaseOverride) return out;
  if (!out.initDone) {
    for (const c of pod.spec.containers) out.waiting.set(c.name, { reason: 'PodInitializing' });
    return out;
  }

  // 3. App containers.
  for (const c of pod.spec.containers) {
    const cur = instancesOf(state, c.name, false)[0];
    if (cur && inSandbox(cur) && cur.state === 'running') {
      const probe = probes.failed(c.name, 'liveness', cur.id) ? 'liveness' : probes.failed(c.name, 'startup', cur.id) ? 'startup' : undefined;
      if (probe) {
        // Killed now; restarted (with back-off) by the next sync.
        out.kill.push({ container: c, instance: cur, probe, graceSeconds: probeGracePeriod(pod, c, probe) });
        requeueIn(0);
      } else {
        out.keep.push({ container: c, instance: cur });
      }
      continue;
    }
    const start: StartAction = { container: c, init: false, restartCount: cur ? restartCountOf(cur) + 1 : 0 };
    if (cur && inSandbox(cur) && isDead(cur)) {
      if (!shouldRestart(policy, cur.exitCode)) continue;
      const key = crashBackoffKey(uid, c.name, false);
      if (crashBackoff.isInBackOffSince(key, finishedMs(cur))) {
        out.waiting.set(c.name, { reason: 'CrashLoopBackOff', message: backoffMessage(pod, c.name, crashBackoff.get(key)) });
        requeueIn(crashBackoff.remainingMs(key, finishedMs(cur)) + 50);
        continue;
      }
      start.backoffKey = key;
      start.backoffAt = finishedMs(cur);
    }
    out.start.push(start);
  }
  return out;
}

/** gcActions picks what to remove: per container name all but the current and one previous dead instance; dead sandboxes other than the current. */
export function gcActions(state: PodRuntimeState, sbId: string): { containers: ContainerInfo[]; sandboxes: ContainerInfo[] } {
  const groups = new Map<string, ContainerInfo[]>();
  for (const c of state.containers) {
    const k = `${c.labels[LABEL_INIT] ?? ''}/${c.labels[LABEL_CONTAINER_NAME]}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const containers: ContainerInfo[] = [];
  for (const list of groups.values()) for (const old of [...list].sort(byNewest).slice(2)) if (isDead(old)) containers.push(old);
  return { containers, sandboxes: state.sandboxes.filter((sb) => sb.id !== sbId && isDead(sb)) };
}
