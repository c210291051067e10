/**
 * The contract between the cluster wiring (src/main/cluster) and its
 * components (controllers, scheduler, kubelets, proxy, ingress): a component
 * factory gets the API client and a few facts about the cluster, never the
 * store, and returns something the cluster stops before the API. Components
 * import this file, never cluster/cluster.ts.
 */
import type { SharedInformerFactory } from './informer';
import type { ApiClient } from './types';

/** A Component is a part of the cluster started after the API and stopped before it. */
export interface Component {
  name: string;
  stop(): Promise<void>;
}

/** ComponentContext is what a component factory gets: the API client, never the store. */
export interface ComponentContext {
  client: ApiClient;
  dataDir: string;
  /** The cluster's id on container engines (clusterIdFor(dataDir)): labels and filters every Docker object. */
  clusterId: string;
  log: (msg: string) => void;
  /**
   * The control plane's shared informers (one watch and one cache per
   * resource): the controller manager and the scheduler both take theirs
   * from here, each starting the informers it asked for and waiting for
   * their sync. The cluster stops them after every component has stopped.
   */
  informers: SharedInformerFactory;
}

/** ComponentFactory starts a component once the API serves; the cluster starts them in order. */
export type ComponentFactory = (ctx: ComponentContext) => Promise<Component>;
