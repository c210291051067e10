/**
 * Every screen of App's switch, each a chunk of its own (issue 14 item 1):
 * the first screen loads only its own code, and a screen's libraries (the
 * virtual tables, js-yaml for the YAML tabs, the timeline's diagrams) come
 * with the first screen that needs them.
 */
import { lazyScreen } from './lazy-screen';

export const overviewScreen = lazyScreen('Overview', () => import('../components/overview/Overview').then((m) => m.Overview));
export const workloadsScreen = lazyScreen('Workloads', () => import('../components/workloads/Workloads').then((m) => m.Workloads));
export const workloadLogsScreen = lazyScreen('Workload logs', () => import('../components/workloads/WorkloadLogs').then((m) => m.WorkloadLogs));
export const podsScreen = lazyScreen('Pods', () => import('../components/pods/PodsTable').then((m) => m.PodsTable));
export const podDetailScreen = lazyScreen('Pod', () => import('../components/pods/PodDetail').then((m) => m.PodDetail));
export const servicesScreen = lazyScreen('Services', () => import('../components/services/ServicesTable').then((m) => m.ServicesTable));
export const nodesScreen = lazyScreen('Nodes', () => import('../components/nodes/NodesTable').then((m) => m.NodesTable));
export const eventsScreen = lazyScreen('Events', () => import('../components/events/EventsList').then((m) => m.EventsList));
export const resourceListScreen = lazyScreen('list', () => import('../components/resources/ResourceList').then((m) => m.ResourceList));
export const resourceDetailScreen = lazyScreen('object', () => import('../components/resources/ResourceDetail').then((m) => m.ResourceDetail));
export const timelineScreen = lazyScreen('Timeline', () => import('../components/timeline/TimelineScreen').then((m) => m.TimelineScreen));
export const flowScreen = lazyScreen('Flow', () => import('../components/timeline/FollowNext').then((m) => m.FollowNext));

/** The screen behind each sidebar entry; every other entry is a kind's generic list. */
const BY_NAV_VIEW: Record<string, { preload(): Promise<void> }> = {
  overview: overviewScreen,
  workloads: workloadsScreen,
  pods: podsScreen,
  services: servicesScreen,
  nodes: nodesScreen,
  events: eventsScreen,
  flow: flowScreen,
};

/** preloadNavView starts loading the chunk of the screen a sidebar entry leads to (on hover or focus). */
export function preloadNavView(view: string): void {
  void (BY_NAV_VIEW[view] ?? resourceListScreen).preload();
}
