/**
 * The default set of components started with the cluster. Each comes from
 * its own folder and reaches state only through the API client.
 */
import { combineMetricsProviders, type MetricsProvider } from '../node-api/metrics';
import { controllerManagerComponent } from '../controller/component';
import { endpointsControllerComponent } from '../controller/endpoints/component';
import { hollowKubeletComponent } from '../kubelet-hollow/component';
import { kubeletClusterOptions, type KubeletClusterOptions } from '../kubelet/cluster-options';
import { kubeletMetricsProvider } from '../kubelet/metrics/provider';
import { ingressControllerComponent } from '../ingress/component';
import { serviceProxyComponent } from '../proxy/component';
import { schedulerComponent } from '../scheduler/component';
import { clusterServiceCIDR } from '../proxy/service-network';
import type { AuditPolicy, ClusterOptions } from './cluster';
import { clusterIdFor } from './identity';
import { dockerVolumeBackend } from '../docker/local-path-volumes';
import { pauseSwitchComponent } from './component-pause';
import { compactorOptionsOf } from './compactor';
import { kubeletsConfigOf, type AuditConfig, type ClusterConfig, type HPAConfig, type JobsConfig } from './config';
import type { JobOptions } from '../controller/manager';
import type { HPAOptions } from '../controller/hpa/hpa-controller';

/** hpaOptionsOf turns config.yaml's `hpa:` into the controller's options. */
export function hpaOptionsOf(c: HPAConfig): HPAOptions {
  return {
    ...(c.syncPeriodSeconds !== undefined ? { syncPeriodMs: c.syncPeriodSeconds * 1000 } : {}),
    ...(c.downscaleStabilizationSeconds !== undefined ? { downscaleStabilizationSeconds: c.downscaleStabilizationSeconds } : {}),
    ...(c.tolerance !== undefined ? { tolerance: c.tolerance } : {}),
  };
}

/** jobOptionsOf turns config.yaml's `jobs:` into the Job and CronJob controllers' options. */
export function jobOptionsOf(c: JobsConfig): JobOptions {
  return {
    ...(c.podFailureBackoffSeconds !== undefined ? { backoffBaseMs: c.podFailureBackoffSeconds * 1000 } : {}),
    ...(c.cronSecondsPerMinute !== undefined ? { cronSecondsPerMinute: c.cronSecondsPerMinute } : {}),
  };
}

export interface DefaultComponentOptions {
  /** The cluster's data dir (its id names the Docker network ClusterIPs come from). */
  dataDir: string;
  /** Run the Docker-backed kubelets (the local engine and configured nodes) and the Service proxy. */
  kubelet: boolean;
  /** Hollow nodes for benchmarks (no containers). */
  hollowNodes?: number;
  config?: ClusterConfig;
}

/** auditPolicyOf turns config.yaml's `audit:` into the cluster's audit policy. */
export function auditPolicyOf(c: AuditConfig): AuditPolicy {
  return {
    ...(c.level ? { level: c.level } : {}),
    ...(c.maxSizeMB !== undefined ? { maxSizeBytes: Math.round(c.maxSizeMB * 1024 * 1024) } : {}),
    ...(c.maxBackups !== undefined ? { maxBackups: c.maxBackups } : {}),
  };
}

export interface DefaultComponents extends Pick<ClusterOptions, 'components' | 'podStreams' | 'serviceCIDR' | 'metrics' | 'audit' | 'compaction'> {
  /** The kubelets (power switch for virtual nodes), when they run. */
  kubelets?: KubeletClusterOptions;
}

/**
 * defaultComponents returns the cluster options that add controllers, the
 * scheduler, kubelets and the Service proxy. With kubelets, ClusterIPs come
 * from the service half of the cluster's own Docker network so the proxy can take
 * them as static addresses; if Docker does not answer, the registry's default
 * range is used and the kubelets report the engine as unreachable.
 */
export async function defaultComponents(opts: DefaultComponentOptions, log: (msg: string) => void = () => {}): Promise<DefaultComponents> {
  const cfg = opts.config ?? {};
  const components: NonNullable<ClusterOptions['components']> = [
    // First: the components below read their paused state from it as they start.
    pauseSwitchComponent(cfg.paused ?? []),
    controllerManagerComponent({
      nodeLifecycle: {
        ...(cfg.nodeMonitorGracePeriodSeconds ? { gracePeriodMs: cfg.nodeMonitorGracePeriodSeconds * 1000 } : {}),
        ...(cfg.podEvictionTimeoutSeconds ? { defaultTolerationSeconds: cfg.podEvictionTimeoutSeconds } : {}),
      },
      ...(cfg.hpa ? { hpa: hpaOptionsOf(cfg.hpa) } : {}),
      ...(cfg.jobs ? { jobs: jobOptionsOf(cfg.jobs) } : {}),
      // Reclaimed local-path volumes are Docker volumes of the local engine, labelled with the cluster's id.
      ...(opts.kubelet ? { volumeBackend: dockerVolumeBackend(clusterIdFor(opts.dataDir)) } : {}),
    }),
    // Its own component, on the same shared informers as the controller manager.
    schedulerComponent(),
    endpointsControllerComponent(),
  ];
  // metrics.k8s.io reads the kubelets' summaries and the hollow nodes' fake ones.
  const providers: MetricsProvider[] = [];
  const metrics = combineMetricsProviders(() => providers);
  if (opts.hollowNodes) components.push(hollowKubeletComponent({ nodes: opts.hollowNodes }, (fake) => providers.push(fake)));
  const policies = {
    ...(cfg.audit ? { audit: auditPolicyOf(cfg.audit) } : {}),
    ...(cfg.history ? { compaction: compactorOptionsOf(cfg.history) } : {}),
  };
  if (!opts.kubelet) return { components, metrics, ...policies };
  const kubelets = kubeletClusterOptions(kubeletsConfigOf(cfg));
  providers.push(kubeletMetricsProvider(kubelets.registry));
  // The registry allocates ClusterIPs (from serviceCIDR below); the proxy only places them.
  components.push(...kubelets.components, serviceProxyComponent(), ingressControllerComponent(cfg.ingress ?? {}));
  let serviceCIDR: string | undefined;
  try {
    serviceCIDR = await clusterServiceCIDR(undefined, clusterIdFor(opts.dataDir));
  } catch (err) {
    log(`cluster: Docker did not answer (${(err as Error).message}); Services get addresses no proxy can serve until it does`);
  }
  return { components, podStreams: kubelets.podStreams, metrics, kubelets, ...policies, ...(serviceCIDR ? { serviceCIDR } : {}) };
}
