/**
 * One pod's convergence step (SyncPod), the side that acts: read the pod's
 * containers from the runtime by label, let computePodActions (pod-actions.ts,
 * pure) decide — sandbox, init containers in order, app containers with
 * restartPolicy and CrashLoopBackOff, liveness kills — then carry that out
 * against the Runtime (image pulls with ImagePullBackOff, env, volumes,
 * hooks, events) and compute the status to report. Level-triggered and
 * idempotent: running it twice in a row changes nothing the second time.
 */
import { rmSync } from 'node:fs';
import type { Container, Pod, PodPhase } from '../../shared/api/core';
import type { EventRecorder, EventType } from '../client/event-recorder';
import type { Backoff } from './backoff';
import { ConfigError, resolveEnv, type EnvLookups } from './env';
import { LABEL_CONTAINER_NAME, LABEL_NODE, LABEL_POD_UID, LABEL_SANDBOX_ID, podLabels } from './naming';
import { computePodActions, gcActions, instancesOf, restartCountOf, splitRuntimeState, type PodRuntimeState } from './pod-actions';
import { buildContainerConfig, buildSandboxConfig, podRef, type NodeContext } from './pod-config';
import { runHandler, type ProbeManager, type ProbeTarget } from './probes';
import { normalizeImageRef } from './runtime/docker/docker-runtime';
import type { ContainerInfo, PullProgress, Runtime, SandboxInfo } from './runtime/types';
import { PUBLISHED_PORTS_ANNOTATION, publishedPortsValue } from '../../shared/api/published-ports';
import { computePodStatus, isoSeconds, type ContainerView, type Waiting } from './status';
import type { PodStatus } from '../../shared/api/core';
import { containerMounts, podDir, prepareVolumes, type PreparedVolume } from './volumes';

export { instancesOf, splitRuntimeState, type PodRuntimeState } from './pod-actions';

export { PULL_PROGRESS_ANNOTATION } from './status-manager';
export { PUBLISHED_PORTS_ANNOTATION } from '../../shared/api/published-ports';

export interface SyncDeps {
  runtime: Runtime;
  ctx: NodeContext;
  pauseImage: string;
  dataDir: string;
  hostIP: string;
  hostCanReachPodIP: boolean;
  lookups: EnvLookups;
  recorder: EventRecorder;
  crashBackoff: Backoff;
  imageBackoff: Backoff;
  probes: ProbeManager;
  /** Writes the pull progress annotation (throttled by the caller). */
  reportPullProgress(pod: Pod, p: PullProgress | undefined): void;
  /** Writes the published-ports annotation (nodes with ctx.publishIP only). */
  reportPublishedPorts?(pod: Pod, value: string): Promise<void>;
  /**
   * Writes a status while the sync is still working: a pod whose first image
   * pull may take minutes shows ContainerCreating (as kubectl says) instead
   * of a bare Pending until the pull ends.
   */
  reportInterimStatus?(pod: Pod, status: PodStatus): Promise<void>;
  log(msg: string): void;
}

export interface SyncResult {
  /** The status to write (none once the pod is finished with). */
  status?: PodStatus;
  /** The pod's containers are gone: 'terminated' (it was being deleted: delete the object now) or 'removed' (it was already gone from the API). */
  finished?: 'terminated' | 'removed';
  /** Sync again after this many ms (back-off expiry, retry). */
  requeueAfterMs?: number;
}

function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  return normalizeImageRef(image).endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/** PodSyncer converges pods on one node. */
export class PodSyncer {
  constructor(private readonly d: SyncDeps) {}

  private event(pod: Pod, type: EventType, reason: string, message: string): void {
    this.d.recorder.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, type, reason, message);
  }

  /** runtimeState lists the pod's containers on this node. */
  async runtimeState(uid: string): Promise<PodRuntimeState> {
    const all = await this.d.runtime.listContainers({ labels: { [LABEL_POD_UID]: uid, [LABEL_NODE]: this.d.ctx.node } });
    return splitRuntimeState(all);
  }

  /** sync converges one pod (deleted: gone from the API) and returns its status: computePodActions decides, this carries it out. */
  async sync(pod: Pod, deleted = false): Promise<SyncResult> {
    const rt = this.d.runtime;
    const uid = pod.metadata.uid as string;
    const state = await this.runtimeState(uid);
    const now = new Date().toISOString();
    const newest = state.sandboxes[0];
    let sbInfo: SandboxInfo | undefined = newest ? await rt.inspectSandbox(newest.id) : undefined;
    const actions = computePodActions({
      pod,
      state,
      sandbox: sbInfo,
      crashBackoff: this.d.crashBackoff,
      probes: { failed: (name, type, id) => this.d.probes.failed(uid, name, type, id) },
      deleted,
    });
    if (actions.kind === 'remove' || actions.kind === 'terminate') {
      await this.terminate(pod, actions.kind === 'remove' ? 1 : actions.graceSeconds);
      await this.cleanup(uid);
      return { finished: actions.kind === 'remove' ? 'removed' : 'terminated' };
    }
    if (actions.kind === 'stopTerminal') {
      await this.stopAll(state, 0);
      return { status: this.status(pod, state, undefined, new Map(), now, pod.status?.phase) };
    }
    const waiting = actions.waiting;
    let requeue = actions.requeueAfterMs;
    const requeueIn = (ms: number) => {
      requeue = requeue === undefined ? ms : Math.min(requeue, ms);
    };

    if (actions.killPod) {
      // restartPolicy Never with a dead sandbox: nothing restarts; the containers' last states decide the phase.
      await this.stopAll(state, 2);
      this.d.probes.removePod(uid);
      const final = await this.runtimeState(uid);
      return { status: this.status(pod, final, undefined, new Map(), now, actions.phaseOverride, actions.initDone) };
    }

    // 1. Sandbox.
    if (actions.createSandbox) {
      if (actions.createSandbox.replacesDead) {
        this.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        await this.stopAll(state, 2);
      }
      try {
        const sbCfg = buildSandboxConfig(pod, this.d.ctx, this.d.pauseImage, actions.createSandbox.attempt);
        if (!(await rt.inspectImage(this.d.pauseImage))) await rt.pullImage(this.d.pauseImage);
        const id = await this.createNamed(sbCfg.name, () => rt.createSandbox(sbCfg));
        await rt.startSandbox(id);
        sbInfo = await rt.inspectSandbox(id);
      } catch (err) {
        this.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${(err as Error).message}`);
        const w = new Map<string, Waiting>(pod.spec.containers.map((c) => [c.name, { reason: 'ContainerCreating' }]));
        return { status: this.status(pod, state, undefined, w, now), requeueAfterMs: 5000 };
      }
      // Old sandboxes (dead) go once the new one runs.
      for (const old of state.sandboxes) await rt.removeSandbox(old.id);
      state.sandboxes = sbInfo ? [sbInfo] : [];
    }
    const sandbox = sbInfo as SandboxInfo;
    const sbId = sandbox.id;
    // Before any container starts (so before the pod can be a ready endpoint): where its ports are published.
    if (this.d.ctx.publishIP && this.d.reportPublishedPorts) {
      const value = publishedPortsValue(sandbox.publishedPorts);
      if (pod.metadata.annotations?.[PUBLISHED_PORTS_ANNOTATION] !== value) await this.d.reportPublishedPorts(pod, value);
    }
    let volumes: Map<string, PreparedVolume> | undefined;
    const getVolumes = async () => (volumes ??= await prepareVolumes(pod, rt, this.d.dataDir, this.d.lookups, podLabels(podRef(pod), this.d.ctx.node, this.d.ctx.extraLabels)));

    // 2. Containers: probe kills, keeps, starts (at most one init container).
    for (const w of waiting) {
      if (w[1].reason === 'CrashLoopBackOff' && !w[0].startsWith('init:')) {
        this.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${w[0]} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${uid})`);
      }
    }
    for (const k of actions.kill) {
      this.event(pod, 'Normal', 'Killing', `Container ${k.container.name} failed ${k.probe} probe, will be restarted`);
      await this.killContainer(pod, k.container, k.instance, k.graceSeconds);
      this.d.probes.removeContainer(uid, k.container.name);
    }
    for (const k of actions.keep) this.ensureProbes(pod, k.container, k.instance, sandbox);
    // Before a first pull, once: the pod's containers show ContainerCreating (or PodInitializing) while it runs.
    let announced = Boolean(pod.status?.containerStatuses?.length) || !this.d.reportInterimStatus;
    const beforePull = async () => {
      if (announced) return;
      announced = true;
      await this.d.reportInterimStatus?.(pod, this.status(pod, state, sandbox, waiting, now, actions.phaseOverride, actions.initDone)).catch(() => undefined);
    };
    for (const s of actions.start) {
      if (s.backoffKey !== undefined) this.d.crashBackoff.next(s.backoffKey, s.backoffAt);
      const w = await this.startContainer(pod, s.container, s.init, s.restartCount, sandbox, getVolumes, undefined, beforePull);
      if (w) {
        waiting.set(s.init ? `init:${s.container.name}` : s.container.name, w.waiting);
        if (w.requeueAfterMs !== undefined) requeueIn(w.requeueAfterMs);
      }
    }
    // Ephemeral containers (kubectl debug) start once each, into a running pod, and are never restarted.
    let startedEphemeral = false;
    for (const ec of pod.spec.ephemeralContainers ?? []) {
      if (instancesOf(state, ec.name, false).some((i) => i.labels[LABEL_SANDBOX_ID] === sbId)) continue;
      const target = ec.targetContainerName ? instancesOf(state, ec.targetContainerName, false).find((i) => i.state === 'running' && i.labels[LABEL_SANDBOX_ID] === sbId) : undefined;
      const w = await this.startContainer(pod, ec, false, 0, sandbox, getVolumes, target ? { pidContainerId: target.id } : {});
      if (w) {
        waiting.set(ec.name, w.waiting);
        if (w.requeueAfterMs !== undefined) requeueIn(w.requeueAfterMs);
      }
      startedEphemeral = true;
    }
    if (actions.start.length || actions.kill.length || startedEphemeral) state.containers = (await this.runtimeState(uid)).containers;
    for (const ic of pod.spec.initContainers ?? []) {
      if (!waiting.has(`init:${ic.name}`) && !instancesOf(state, ic.name, true).some((i) => i.labels[LABEL_SANDBOX_ID] === sbId)) {
        waiting.set(`init:${ic.name}`, { reason: 'PodInitializing' });
      }
    }

    const gc = gcActions(state, sbId);
    for (const c of gc.containers) await rt.removeContainer(c.id);
    for (const sb of gc.sandboxes) await rt.removeSandbox(sb.id);
    const status = this.status(pod, state, sandbox, waiting, now, actions.phaseOverride, actions.initDone);
    // A pod that has finished for good releases its sandbox (and the published ports).
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      await this.stopAll({ sandboxes: [sandbox], containers: state.containers }, 0);
    }
    const result: SyncResult = { status };
    if (requeue !== undefined) result.requeueAfterMs = requeue;
    return result;
  }

  /** createNamed creates a container, replacing a leftover with the same name (a crash between create and label bookkeeping). */
  private async createNamed(name: string, create: () => Promise<string>): Promise<string> {
    try {
      return await create();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 409) throw err;
      await this.d.runtime.removeContainer(name);
      return create();
    }
  }

  private ensureProbes(pod: Pod, c: Container, cur: ContainerInfo, sandbox: SandboxInfo): void {
    if (!c.livenessProbe && !c.readinessProbe && !c.startupProbe) return;
    const target: ProbeTarget = { runtime: this.d.runtime, containerId: cur.id, container: c, hostCanReachPodIP: this.d.hostCanReachPodIP };
    if (sandbox.ip) target.podIP = sandbox.ip;
    this.d.probes.ensure(pod.metadata.uid as string, c, cur.id, Date.parse(cur.startedAt ?? cur.createdAt), () => target);
  }

  /** ensureImage applies imagePullPolicy; returns a waiting state when the image is not usable yet. */
  private async ensureImage(pod: Pod, c: Container, beforePull?: () => Promise<void>): Promise<{ waiting: Waiting; requeueAfterMs?: number } | undefined> {
    const rt = this.d.runtime;
    const image = c.image ?? '';
    const policy = c.imagePullPolicy ?? defaultPullPolicy(image);
    const present = await rt.inspectImage(image);
    if (policy === 'Never') {
      if (present) return undefined;
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.event(pod, 'Warning', 'ErrImageNeverPull', message);
      return { waiting: { reason: 'ErrImageNeverPull', message }, requeueAfterMs: 10_000 };
    }
    if (policy === 'IfNotPresent' && present) {
      this.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return undefined;
    }
    const key = `${pod.metadata.uid}/image/${image}`;
    const lastFailure = this.lastPullFailure.get(key);
    if (lastFailure && this.d.imageBackoff.isInBackOffSince(key, lastFailure.at)) {
      const message = `Back-off pulling image "${image}": ErrImagePull: ${lastFailure.message}`;
      this.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
      return { waiting: { reason: 'ImagePullBackOff', message }, requeueAfterMs: this.d.imageBackoff.remainingMs(key, lastFailure.at) + 50 };
    }
    await beforePull?.();
    this.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const t0 = Date.now();
    try {
      await rt.pullImage(image, (p) => this.d.reportPullProgress(pod, p));
      this.d.reportPullProgress(pod, undefined);
      this.lastPullFailure.delete(key);
      this.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${((Date.now() - t0) / 1000).toFixed(3)}s`);
      return undefined;
    } catch (err) {
      this.d.reportPullProgress(pod, undefined);
      const message = (err as Error).message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
      if (present) {
        // Offline desktop: Always with a local copy runs the local copy rather than failing the pod.
        this.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}; using the local image`);
        return undefined;
      }
      const at = Date.now();
      this.d.imageBackoff.next(key, at);
      this.lastPullFailure.set(key, { at, message });
      this.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
      this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
      // Come back soon to show ImagePullBackOff, then again when the back-off ends.
      return { waiting: { reason: 'ErrImagePull', message }, requeueAfterMs: 1000 };
    }
  }

  private readonly lastPullFailure = new Map<string, { at: number; message: string }>();

  /** startContainer pulls, configures, creates and starts one container; returns a waiting state on failure. */
  private async startContainer(
    pod: Pod,
    c: Container,
    init: boolean,
    restartCount: number,
    sandbox: SandboxInfo,
    getVolumes: () => Promise<Map<string, PreparedVolume>>,
    ephemeral?: { pidContainerId?: string },
    beforePull?: () => Promise<void>,
  ): Promise<{ waiting: Waiting; requeueAfterMs?: number } | undefined> {
    const rt = this.d.runtime;
    const img = await this.ensureImage(pod, c, beforePull);
    if (img) return img;
    let id: string;
    try {
      const env = await resolveEnv(pod, c, this.d.lookups, sandbox.ip, this.d.hostIP);
      const mounts = containerMounts(c, await getVolumes());
      const cfg = buildContainerConfig(pod, c, this.d.ctx, { sandboxId: sandbox.id, restartCount, env, mounts, init, ...(ephemeral ? { ephemeral } : {}) });
      id = await this.createNamed(cfg.name, () => rt.createContainer(cfg));
    } catch (err) {
      const message = (err as Error).message;
      if (err instanceof ConfigError) {
        this.event(pod, 'Warning', 'Failed', `Error: ${message}`);
        return { waiting: { reason: 'CreateContainerConfigError', message }, requeueAfterMs: 5000 };
      }
      this.event(pod, 'Warning', 'Failed', `Error: ${message}`);
      return { waiting: { reason: 'CreateContainerError', message }, requeueAfterMs: 5000 };
    }
    this.event(pod, 'Normal', 'Created', `Created container ${c.name}`);
    try {
      await rt.startContainer(id);
    } catch (err) {
      const message = (err as Error).message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
      this.event(pod, 'Warning', 'Failed', `Error: failed to start container "${c.name}": ${message}`);
      // The created-but-never-run instance counts as a crash for back-off.
      if (ephemeral) return { waiting: { reason: 'RunContainerError', message } };
      this.d.crashBackoff.next(`${pod.metadata.uid}/${init ? 'init/' : ''}${c.name}`, Date.now());
      return { waiting: { reason: 'RunContainerError', message }, requeueAfterMs: 1000 };
    }
    this.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
    if (c.lifecycle?.postStart) {
      const target: ProbeTarget = { runtime: rt, containerId: id, container: c, hostCanReachPodIP: this.d.hostCanReachPodIP };
      if (sandbox.ip) target.podIP = sandbox.ip;
      const out = await runHandler(c.lifecycle.postStart, target, 30_000);
      if (!out.ok) {
        this.event(pod, 'Warning', 'FailedPostStartHook', out.message);
        await rt.stopContainer(id, 0);
      }
    }
    return undefined;
  }

  /** status computes the pod status from the runtime state and the kubelet's waiting reasons. */
  status(pod: Pod, state: PodRuntimeState, sandbox: SandboxInfo | undefined, waiting: Map<string, Waiting>, now: string, phaseOverride?: PodPhase, initDone = true): PodStatus {
    const uid = pod.metadata.uid as string;
    const sbId = sandbox?.id;
    const view = (c: Container, init: boolean): ContainerView => {
      const inst = instancesOf(state, c.name, init);
      const cur = inst[0];
      const running = cur?.state === 'running' && (!sbId || cur.labels[LABEL_SANDBOX_ID] === sbId);
      const startup = cur ? this.d.probes.result(uid, c.name, 'startup', cur.id) : undefined;
      const started = running && startup !== false;
      const readiness = cur ? this.d.probes.result(uid, c.name, 'readiness', cur.id) : undefined;
      const v: ContainerView = {
        spec: c,
        restartCount: cur ? restartCountOf(cur) : 0,
        ready: !init && started && readiness !== false,
        started: init ? running : started,
      };
      if (cur) v.current = cur;
      if (inst[1]) v.previous = inst[1];
      const w = waiting.get(init ? `init:${c.name}` : c.name);
      if (w) v.waiting = w;
      return v;
    };
    const input: Parameters<typeof computePodStatus>[1] = {
      init: (pod.spec.initContainers ?? []).map((c) => view(c, true)),
      app: pod.spec.containers.map((c) => view(c, false)),
      ephemeral: (pod.spec.ephemeralContainers ?? []).map((c) => ({ ...view(c, false), ready: false })),
      initDone,
      hostIP: this.d.hostIP,
      now: isoSeconds(now),
    };
    if (sandbox?.ip) input.podIP = sandbox.ip;
    else if (pod.status?.podIP) input.podIP = pod.status.podIP;
    if (phaseOverride) input.phaseOverride = phaseOverride;
    return computePodStatus(pod, input);
  }

  /** killContainer runs preStop then stops the container with the remaining grace period. */
  async killContainer(pod: Pod, c: Container | undefined, inst: ContainerInfo, graceSeconds: number): Promise<void> {
    const rt = this.d.runtime;
    const t0 = Date.now();
    const pre = c?.lifecycle?.preStop;
    if (pre && inst.state === 'running' && graceSeconds > 0) {
      if (pre.sleep) {
        await new Promise((r) => setTimeout(r, Math.min(pre.sleep!.seconds, graceSeconds) * 1000));
      } else {
        const target: ProbeTarget = { runtime: rt, containerId: inst.id, container: c, hostCanReachPodIP: this.d.hostCanReachPodIP };
        const sb = await rt.inspectSandbox(inst.labels[LABEL_SANDBOX_ID] ?? '');
        if (sb?.ip) target.podIP = sb.ip;
        const out = await runHandler(pre, target, graceSeconds * 1000);
        if (!out.ok) this.event(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${out.message}`);
      }
    }
    const left = Math.max(0, graceSeconds - (Date.now() - t0) / 1000);
    await rt.stopContainer(inst.id, left);
  }

  /** stopAll stops every running container and then the sandbox. */
  private async stopAll(state: PodRuntimeState, graceSeconds: number): Promise<void> {
    const rt = this.d.runtime;
    await Promise.all(state.containers.filter((c) => c.state === 'running').map((c) => rt.stopContainer(c.id, graceSeconds)));
    await Promise.all(state.sandboxes.filter((c) => c.state === 'running').map((c) => rt.stopSandbox(c.id, 0)));
  }

  /**
   * terminate kills a pod gracefully: preStop hooks and SIGTERM with the grace
   * period for app containers in parallel, then the sandbox.
   */
  async terminate(pod: Pod, graceSeconds: number): Promise<void> {
    const uid = pod.metadata.uid as string;
    const state = await this.runtimeState(uid);
    this.d.probes.removePod(uid);
    const specs = new Map([...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => [c.name, c]));
    await Promise.all(
      state.containers
        .filter((c) => c.state === 'running')
        .map(async (inst) => {
          const name = inst.labels[LABEL_CONTAINER_NAME] ?? '';
          this.event(pod, 'Normal', 'Killing', `Stopping container ${name}`);
          await this.killContainer(pod, specs.get(name), inst, graceSeconds);
        }),
    );
    for (const sb of state.sandboxes) if (sb.state === 'running') await this.d.runtime.stopSandbox(sb.id, 0);
  }

  /** cleanup removes every container, volume and file of a pod (it is gone from the API). */
  async cleanup(uid: string): Promise<void> {
    const rt = this.d.runtime;
    const state = await this.runtimeState(uid);
    await Promise.all(state.containers.map((c) => rt.removeContainer(c.id)));
    await Promise.all(state.sandboxes.map((c) => rt.removeSandbox(c.id)));
    await rt.removeVolumes({ [LABEL_POD_UID]: uid, [LABEL_NODE]: this.d.ctx.node }).catch(() => undefined);
    rmSync(podDir(this.d.dataDir, uid), { recursive: true, force: true });
    this.d.probes.removePod(uid);
    this.d.crashBackoff.resetPrefix(`${uid}/`);
    this.d.imageBackoff.resetPrefix(`${uid}/`);
  }
}
