/**
 * The ingress controller as a cluster Component: it reaches Docker in the
 * background (retrying while it cannot, so the cluster starts without
 * Docker), joins the cluster's network (pods' addresses are its servers),
 * adopts the container a previous run left and serves Ingresses of class
 * kubedeck. Its container carries the cluster id: removed by reset, never
 * touched by another cluster on the same engine.
 */
import type Docker from 'dockerode';
import type { Endpoints, Secret, Service } from '../../shared/api/core';
import type { Ingress, IngressClass } from '../../shared/api/networking';
import { GVR } from '../../shared/api/resources';
import { SharedInformerFactory } from '../client/informer';
import { clientFor, type ApiClient } from '../client/types';
import type { Component, ComponentContext } from '../client/component';
import { clusterNetworkName } from '../cluster/identity';
import { createEventRecorder, type ApiEventRecorder } from '../client/event-recorder';
import { waitForClusterNetwork } from '../docker/engine-wait';
import { PROXY_IMAGE } from '../proxy/haproxy-config';
import { DockerProxyBackend } from '../proxy/proxy-docker';
import { DEFAULT_INGRESS_PORTS, INGRESS_ROLE, type IngressPorts } from './ingress-container';
import { IngressController } from './ingress-controller';

export interface IngressOptions {
  /** Host ports asked for on 127.0.0.1 (default 80 and 443; taken ones are replaced by free ones). */
  httpPort?: number;
  httpsPort?: number;
  docker?: Docker;
  image?: string;
  /** While Docker cannot be reached, retry this often. */
  retryMs?: number;
  resyncMs?: number;
}

/** RunningIngress is the started controller. */
export interface RunningIngress {
  /** ready resolves once Docker was reached and the caches synced (tests wait on it). */
  ready: Promise<IngressController>;
  stop(): Promise<void>;
}

/** startIngressController starts the controller for one cluster. */
export function startIngressController(client: ApiClient, clusterId: string, log: (msg: string) => void, opts: IngressOptions = {}): RunningIngress {
  let stopped = false;
  let factory: SharedInformerFactory | undefined;
  let controller: IngressController | undefined;
  let recorder: ApiEventRecorder | undefined;
  const onError = (key: string, err: unknown) => log(`ingress: ${key}: ${err instanceof Error ? err.message : String(err)}`);
  const ports: IngressPorts = { http: opts.httpPort ?? DEFAULT_INGRESS_PORTS.http, https: opts.httpsPort ?? DEFAULT_INGRESS_PORTS.https };

  const engine = waitForClusterNetwork({
    ...(opts.docker ? { docker: opts.docker } : {}),
    network: clusterNetworkName(clusterId),
    clusterId,
    ...(opts.retryMs !== undefined ? { retryMs: opts.retryMs } : {}),
    log: (msg) => log(`ingress: ${msg}`),
    who: 'ingress controller',
  });

  const ready = (async () => {
    const { docker, network: net } = await engine.ready;
    const network = net.name;
    factory = new SharedInformerFactory(client, { resyncMs: opts.resyncMs ?? 30_000 });
    recorder = createEventRecorder(client, { component: 'ingress-controller', onError: (err) => onError('event', err) });
    controller = new IngressController({
      client,
      ingressInformer: factory.informerFor<Ingress>(GVR.ingresses),
      classInformer: factory.informerFor<IngressClass>(GVR.ingressclasses),
      serviceInformer: factory.informerFor<Service>(GVR.services),
      endpointsInformer: factory.informerFor<Endpoints>(GVR.endpoints),
      secretInformer: factory.informerFor<Secret>(GVR.secrets),
      backend: new DockerProxyBackend(docker, network, clusterId, INGRESS_ROLE),
      ports,
      clusterId,
      image: opts.image ?? PROXY_IMAGE,
      recorder,
      log,
      onError,
    });
    await controller.adopt();
    factory.start();
    await factory.waitForCacheSync();
    if (stopped) throw new Error('ingress controller stopped before it started');
    void controller.run();
    return controller;
  })();
  ready.catch(() => {});

  return {
    ready,
    async stop() {
      stopped = true;
      engine.cancel();
      controller?.stop();
      factory?.stop();
      await recorder?.flush();
    },
  };
}

export interface IngressComponent extends Component {
  ingress: RunningIngress;
}

/** ingressControllerComponent returns the component factory (for startCluster's components). */
export function ingressControllerComponent(opts: IngressOptions = {}): (ctx: ComponentContext) => Promise<IngressComponent> {
  return async (ctx) => {
    const ingress = startIngressController(clientFor(ctx.client, 'ingress-controller'), ctx.clusterId, ctx.log, opts);
    return { name: 'ingress-controller', ingress, stop: () => ingress.stop() };
  };
}
