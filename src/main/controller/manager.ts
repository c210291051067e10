/**
 * The controller manager: every controller on the shared informer factory
 * (the cluster's, which the scheduler shares too; src/main/scheduler/component.ts),
 * each with its own work queue and workers — all through the API client
 * only. `stop()` shuts the queues down (and the informers, when the manager
 * made its own) and waits for the workers.
 */
import type { Lease } from '../../shared/api/coordination';
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../shared/api/apps';
import type { PersistentVolume, PersistentVolumeClaim } from '../../shared/api/core';
import type { StorageClass } from '../../shared/api/storage';
import { StatefulSetController } from './statefulset/statefulset-controller';
import { PersistentVolumeController } from './volume/persistent-volume-controller';
import type { VolumeBackend } from './volume/local-path';
import type { CronJob, Job } from '../../shared/api/batch';
import type { Namespace, Node, Pod, Service } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import type { Clock } from '../client/clock';
import { SharedInformerFactory } from '../client/informer';
import { followPause, PauseGate, pauseInformer } from '../client/pause-gate';
import { clientFor, type ApiClient } from '../client/types';
import { CronJobController } from './cronjob/cronjob-controller';
import { DaemonSetController } from './daemonset/daemonset-controller';
import { DeploymentController } from './deployment/deployment-controller';
import { JobController } from './job/job-controller';
import { createEventRecorder, type ApiEventRecorder } from '../client/event-recorder';
import { GarbageCollector } from './garbagecollector/garbage-collector';
import { NamespaceController } from './namespace/namespace-controller';
import { NodeLifecycleController, type NodeLifecycleOptions, NODE_LEASE_NAMESPACE } from './nodelifecycle/node-lifecycle-controller';
import { ReplicaSetController } from './replicaset/replicaset-controller';
import { HPAController, type HPAOptions } from './hpa/hpa-controller';
import { apiPodUsage } from './hpa/metrics-source';
import type { HorizontalPodAutoscaler } from '../../shared/api/autoscaling';
import type { EndpointSlice } from '../../shared/api/discovery';
import { EndpointSliceController } from './endpointslices/endpointslice-controller';

export type ControllerName = 'replicaset' | 'deployment' | 'daemonset' | 'statefulset' | 'persistentvolume' | 'job' | 'cronjob' | 'garbagecollector' | 'namespace' | 'nodelifecycle' | 'horizontalpodautoscaling' | 'endpointslice';
export const ALL_CONTROLLERS: readonly ControllerName[] = ['replicaset', 'deployment', 'daemonset', 'statefulset', 'persistentvolume', 'job', 'cronjob', 'garbagecollector', 'namespace', 'nodelifecycle', 'horizontalpodautoscaling', 'endpointslice'];

/** JobOptions tune the Job and CronJob controllers (config.yaml `jobs:`). */
export interface JobOptions {
  /** First delay before a failed Job pod is replaced (Kubernetes: 10 s, doubled per failure). */
  backoffBaseMs?: number;
  /** Real seconds a CronJob schedule minute lasts (default 60; tests shorten it). */
  cronSecondsPerMinute?: number;
}

export interface ControllerManagerOptions {
  /** Which controllers to run (default: all). */
  controllers?: readonly ControllerName[];
  /** Workers per controller (default 5; namespace and node lifecycle use 2). */
  workers?: number;
  /** The shared informers to use (the cluster's, ComponentContext.informers); without one the manager makes and stops its own. */
  factory?: SharedInformerFactory;
  nodeLifecycle?: NodeLifecycleOptions;
  /** The HPA controller's timings (config.yaml `hpa:`). */
  hpa?: HPAOptions;
  /** The Job and CronJob controllers' timings (config.yaml `jobs:`). */
  jobs?: JobOptions;
  /** Removes the storage of reclaimed local-path volumes (the Docker engine's volumes); without it only PV objects go. */
  volumeBackend?: VolumeBackend;
  clock?: Clock;
  /** Errors controllers recover from (retried with back-off). */
  onError?: (component: string, key: string, err: unknown) => void;
  log?: (msg: string) => void;
}

export interface ControllerManager {
  factory: SharedInformerFactory;
  /** Held while `controller-manager` is paused (see src/shared/api/component-pause.ts). */
  gate: PauseGate;
  replicaSets?: ReplicaSetController;
  deployments?: DeploymentController;
  daemonSets?: DaemonSetController;
  statefulSets?: StatefulSetController;
  persistentVolumes?: PersistentVolumeController;
  jobs?: JobController;
  cronJobs?: CronJobController;
  garbageCollector?: GarbageCollector;
  namespaces?: NamespaceController;
  nodeLifecycle?: NodeLifecycleController;
  hpa?: HPAController;
  endpointSlices?: EndpointSliceController;
  /** stop shuts every controller down and waits for in-flight work and event writes. */
  stop(): Promise<void>;
}

/** startControllerManager starts the controllers once their caches have synced. */
export async function startControllerManager(client: ApiClient, opts: ControllerManagerOptions = {}): Promise<ControllerManager> {
  const clock = opts.clock;
  // The shared informers watch as the controller manager (the scheduler shares them too).
  const ownFactory = !opts.factory;
  const factory = opts.factory ?? new SharedInformerFactory(clientFor(client, 'kube-controller-manager'), { clock, onError: (err) => opts.onError?.('informer', '', err) });
  const enabled = new Set(opts.controllers ?? ALL_CONTROLLERS);
  const workers = opts.workers ?? 5;
  const recorders: ApiEventRecorder[] = [];
  // Each controller writes as itself (the audit log's user), its events too; informers read through the shared client.
  const as = (component: string) => clientFor(client, component);
  const recorder = (component: string) => {
    const r = createEventRecorder(as(component), { component, clock, onError: (err) => opts.onError?.(component, 'event', err) });
    recorders.push(r);
    return r;
  };
  const onError = (component: string) => (key: string, err: unknown) => opts.onError?.(component, key, err);
  const pods = factory.informerFor<Pod>(GVR.pods);
  const rss = factory.informerFor<ReplicaSet>(GVR.replicasets);
  const gate = new PauseGate();
  const pause = pauseInformer(factory);
  followPause(pause, 'controller-manager', gate, opts.log);
  const m: ControllerManager = { factory, gate, stop: async () => {} };
  const runs: (() => Promise<void>)[] = [];
  const stops: (() => void)[] = [];

  if (enabled.has('replicaset')) {
    const c = (m.replicaSets = new ReplicaSetController({ client: as('replicaset-controller'), rsInformer: rss, podInformer: pods, recorder: recorder('replicaset-controller'), clock, onError: onError('replicaset-controller') }));
    runs.push(() => c.run(workers, gate));
    stops.push(() => c.stop());
  }
  if (enabled.has('deployment')) {
    const c = (m.deployments = new DeploymentController({
      client: as('deployment-controller'),
      deploymentInformer: factory.informerFor<Deployment>(GVR.deployments),
      rsInformer: rss,
      podInformer: pods,
      recorder: recorder('deployment-controller'),
      clock,
      onError: onError('deployment-controller'),
    }));
    runs.push(() => c.run(workers, gate));
    stops.push(() => c.stop());
  }
  if (enabled.has('daemonset')) {
    const c = (m.daemonSets = new DaemonSetController({
      client,
      dsInformer: factory.informerFor<DaemonSet>(GVR.daemonsets),
      podInformer: pods,
      nodeInformer: factory.informerFor<Node>(GVR.nodes),
      recorder: recorder('daemonset-controller'),
      clock,
      onError: onError('daemonset-controller'),
    }));
    runs.push(() => c.run(2));
    stops.push(() => c.stop());
  }
  const claims = enabled.has('statefulset') || enabled.has('persistentvolume') ? factory.informerFor<PersistentVolumeClaim>(GVR.persistentvolumeclaims) : undefined;
  if (enabled.has('statefulset')) {
    const c = (m.statefulSets = new StatefulSetController({
      client: as('statefulset-controller'),
      setInformer: factory.informerFor<StatefulSet>(GVR.statefulsets),
      podInformer: pods,
      claimInformer: claims!,
      revisionInformer: factory.informerFor<ControllerRevision>(GVR.controllerrevisions),
      recorder: recorder('statefulset-controller'),
      clock,
      onError: onError('statefulset-controller'),
    }));
    runs.push(() => c.run(2, gate));
    stops.push(() => c.stop());
  }
  if (enabled.has('persistentvolume')) {
    const c = (m.persistentVolumes = new PersistentVolumeController({
      client: as('persistent-volume-binder'),
      claimInformer: claims!,
      volumeInformer: factory.informerFor<PersistentVolume>(GVR.persistentvolumes),
      classInformer: factory.informerFor<StorageClass>(GVR.storageclasses),
      podInformer: pods,
      recorder: recorder('persistentvolume-controller'),
      ...(opts.volumeBackend ? { backend: opts.volumeBackend } : {}),
      clock,
      onError: onError('persistentvolume-controller'),
    }));
    runs.push(() => c.run(2, gate));
    stops.push(() => c.stop());
  }
  const jobs = enabled.has('job') || enabled.has('cronjob') ? factory.informerFor<Job>(GVR.jobs) : undefined;
  if (enabled.has('job')) {
    const c = (m.jobs = new JobController({
      client,
      jobInformer: jobs!,
      podInformer: pods,
      recorder: recorder('job-controller'),
      clock,
      ...(opts.jobs?.backoffBaseMs !== undefined ? { backoffBaseMs: opts.jobs.backoffBaseMs } : {}),
      onError: onError('job-controller'),
    }));
    runs.push(() => c.run(workers));
    stops.push(() => c.stop());
  }
  if (enabled.has('cronjob')) {
    const c = (m.cronJobs = new CronJobController({
      client,
      cronJobInformer: factory.informerFor<CronJob>(GVR.cronjobs),
      jobInformer: jobs!,
      recorder: recorder('cronjob-controller'),
      clock,
      ...(opts.jobs?.cronSecondsPerMinute !== undefined ? { secondsPerMinute: opts.jobs.cronSecondsPerMinute } : {}),
      onError: onError('cronjob-controller'),
    }));
    runs.push(() => c.run(2));
    stops.push(() => c.stop());
  }
  if (enabled.has('garbagecollector')) {
    const c = (m.garbageCollector = new GarbageCollector({ client: as('generic-garbage-collector'), factory, clock, onError: onError('garbage-collector') }));
    runs.push(() => c.run(workers, gate));
    stops.push(() => c.stop());
  }
  if (enabled.has('namespace')) {
    const c = (m.namespaces = new NamespaceController({ client: as('namespace-controller'), namespaceInformer: factory.informerFor<Namespace>(GVR.namespaces), clock, onError: onError('namespace-controller') }));
    runs.push(() => c.run(2, gate));
    stops.push(() => c.stop());
  }
  if (enabled.has('nodelifecycle')) {
    const c = (m.nodeLifecycle = new NodeLifecycleController({
      ...opts.nodeLifecycle,
      client: as('node-controller'),
      nodeInformer: factory.informerFor<Node>(GVR.nodes),
      leaseInformer: factory.informerFor<Lease>(GVR.leases, { namespace: NODE_LEASE_NAMESPACE }),
      podInformer: pods,
      recorder: recorder('node-controller'),
      clock,
      onError: onError('node-controller'),
    }));
    runs.push(() => c.run(2, gate));
    stops.push(() => c.stop());
  }
  if (enabled.has('horizontalpodautoscaling')) {
    const c = (m.hpa = new HPAController({
      ...opts.hpa,
      client: as('horizontal-pod-autoscaler'),
      hpaInformer: factory.informerFor<HorizontalPodAutoscaler>(GVR.horizontalpodautoscalers),
      podInformer: pods,
      usage: apiPodUsage(client),
      recorder: recorder('horizontal-pod-autoscaler'),
      clock,
      onError: onError('horizontal-pod-autoscaler'),
    }));
    runs.push(() => c.run(2, gate));
    stops.push(() => c.stop());
  }
  if (enabled.has('endpointslice')) {
    const c = (m.endpointSlices = new EndpointSliceController({
      client: as('endpointslice-controller'),
      serviceInformer: factory.informerFor<Service>(GVR.services),
      podInformer: pods,
      sliceInformer: factory.informerFor<EndpointSlice>(GVR.endpointslices),
      clock,
      onError: onError('endpointslice-controller'),
    }));
    runs.push(() => c.run(workers, gate));
    stops.push(() => c.stop());
  }
  factory.start();
  await factory.waitForCacheSync();
  const running = runs.map((r) => r().catch((err) => opts.onError?.('controller-manager', '', err)));
  opts.log?.(`controller-manager: started ${[...enabled].join(', ')}`);

  let stopped = false;
  m.stop = async () => {
    if (stopped) return;
    stopped = true;
    gate.release();
    for (const s of stops) s();
    if (ownFactory) factory.stop();
    await Promise.all(running);
    await Promise.all(recorders.map((r) => r.flush()));
  };
  return m;
}
