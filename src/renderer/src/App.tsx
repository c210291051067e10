/** The application shell: header, navigation, the current screen, and YAML apply (drop, paste, menu). */
import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { GVR } from '../../shared/api/resources';
import { prefetchLiveList } from './lib/k8s/use-list-watch';
import { useRoute } from './hooks/use-route';
import { useFileDrop } from './hooks/use-file-drop';
import { desktopBridge } from './lib/bridge';
import { Header } from './components/layout/Header';
import { Sidebar } from './components/layout/Sidebar';
import type { ApplyRequest } from './components/apply/ApplyDialog';
import { DialogFrame } from './screens/DialogFrame';
import { applyDialog, preloadDialogsWhenIdle } from './screens/dialogs';
import type { ManifestFile } from './lib/yaml/parse-manifests';
import { ActionHost } from './components/actions/ActionContext';
import { CommandPalette } from './components/palette/CommandPalette';
import { NotFound } from './components/resources/NotFound';
import { Shortcuts } from './components/layout/Shortcuts';
import { ClusterAwayBanner, useClusterAway } from './components/layout/ClusterAway';
import { TravelScreen } from './components/travel/TravelScreen';
import { ScreenFrame } from './screens/ScreenFrame';
import {
  eventsScreen,
  flowScreen,
  nodesScreen,
  overviewScreen,
  podDetailScreen,
  podsScreen,
  resourceDetailScreen,
  resourceListScreen,
  servicesScreen,
  timelineScreen,
  workloadLogsScreen,
  workloadsScreen,
} from './screens/screens';

const NAMESPACE_KEY = 'kubedeck.namespace';

function loadNamespace(): string | undefined {
  try {
    return localStorage.getItem(NAMESPACE_KEY) || undefined;
  } catch {
    return undefined;
  }
}

/** App renders the whole UI. */
export function App() {
  const route = useRoute();
  const away = useClusterAway();
  const [namespace, setNamespace] = useState<string | undefined>(loadNamespace);
  const [applyRequest, setApplyRequest] = useState<ApplyRequest | null>(null);
  // The sidebar starts collapsed in a narrow window.
  const [sidebarOpen, setSidebarOpen] = useState(() => window.innerWidth >= 1000);

  const chooseNamespace = (ns: string | undefined) => {
    setNamespace(ns);
    try {
      if (ns) localStorage.setItem(NAMESPACE_KEY, ns);
      else localStorage.removeItem(NAMESPACE_KEY);
    } catch {
      // Storage may be unavailable; the choice then lasts for this page only.
    }
  };

  const onFiles = useCallback((files: ManifestFile[]) => setApplyRequest({ files }), []);
  const dragging = useFileDrop(onFiles);

  // File → Apply YAML… in the desktop app.
  useEffect(() => desktopBridge()?.onApplyManifests(onFiles), [onFiles]);

  // The Apply and action dialogs are chunks of their own, fetched once the first screen is up.
  useEffect(() => preloadDialogsWhenIdle(), []);

  // The lists of the busiest screens are requested while their chunk loads, not after.
  const client = useQueryClient();
  useEffect(() => {
    if (route.view === 'pods') prefetchLiveList(client, GVR.pods, namespace);
    if (route.view === 'workloads') for (const gvr of [GVR.deployments, GVR.replicasets, GVR.pods]) prefetchLiveList(client, gvr, namespace);
    if (route.view === 'overview') for (const gvr of [GVR.nodes, GVR.pods]) prefetchLiveList(client, gvr);
  }, [client, route.view, namespace]);

  // Each screen is a chunk of its own (screens/screens.ts), shown in a frame
  // keyed per screen: a placeholder while it loads, a retry if it cannot.
  let screen;
  switch (route.view) {
    case 'workloads':
      screen = (
        <TravelScreen>
          <ScreenFrame key="workloads">
            <workloadsScreen.Screen namespace={namespace} />
          </ScreenFrame>
        </TravelScreen>
      );
      break;
    case 'pods':
      screen = (
        <TravelScreen>
          <ScreenFrame key="pods">
            <podsScreen.Screen namespace={namespace} />
          </ScreenFrame>
        </TravelScreen>
      );
      break;
    case 'pod':
      screen = (
        <ScreenFrame key="pod">
          <podDetailScreen.Screen namespace={route.namespace} name={route.name} tab={route.tab} />
        </ScreenFrame>
      );
      break;
    case 'workload-logs':
      screen = (
        <ScreenFrame key="workload-logs">
          <workloadLogsScreen.Screen namespace={route.namespace} kind={route.kind} name={route.name} />
        </ScreenFrame>
      );
      break;
    case 'services':
      screen = (
        <ScreenFrame key="services">
          <servicesScreen.Screen namespace={namespace} />
        </ScreenFrame>
      );
      break;
    case 'nodes':
      screen = (
        <ScreenFrame key="nodes">
          <nodesScreen.Screen />
        </ScreenFrame>
      );
      break;
    case 'events':
      screen = (
        <ScreenFrame key="events">
          <eventsScreen.Screen namespace={namespace} />
        </ScreenFrame>
      );
      break;
    case 'list':
      screen = (
        <ScreenFrame key="list">
          <resourceListScreen.Screen key={route.resource} resource={route.resource} namespace={namespace} />
        </ScreenFrame>
      );
      break;
    case 'object':
      screen = (
        <ScreenFrame key="object">
          <resourceDetailScreen.Screen key={`${route.resource}/${route.namespace}/${route.name}`} resource={route.resource} namespace={route.namespace} name={route.name} />
        </ScreenFrame>
      );
      break;
    case 'timeline':
      screen = (
        <ScreenFrame key="timeline">
          <timelineScreen.Screen key={`${route.resource}/${route.namespace}/${route.name}/${route.flow}`} resource={route.resource} namespace={route.namespace} name={route.name} flow={route.flow} />
        </ScreenFrame>
      );
      break;
    case 'flow':
      screen = (
        <ScreenFrame key="flow">
          <flowScreen.Screen key={namespace ?? '*'} namespace={namespace} />
        </ScreenFrame>
      );
      break;
    case 'not-found':
      screen = <NotFound path={route.path} />;
      break;
    default:
      screen = (
        <TravelScreen>
          <ScreenFrame key="overview">
            <overviewScreen.Screen namespace={namespace} />
          </ScreenFrame>
        </TravelScreen>
      );
  }

  return (
    <div className="app">
      <Header namespace={namespace} onNamespace={chooseNamespace} onApply={() => setApplyRequest({ paste: true })} onToggleSidebar={() => setSidebarOpen((o) => !o)} sidebarOpen={sidebarOpen} />
      <div className="body">
        {sidebarOpen ? <Sidebar route={route} /> : null}
        <main className={away ? 'main stale' : 'main'} aria-busy={away || undefined} data-stale={away || undefined}>
          <ClusterAwayBanner />
          <div className="main-content">{screen}</div>
        </main>
      </div>
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop .yaml, .yml or .json files to preview and apply
        </div>
      ) : null}
      {applyRequest ? (
        <DialogFrame onClose={() => setApplyRequest(null)}>
          <applyDialog.Screen request={applyRequest} namespace={namespace} onClose={() => setApplyRequest(null)} />
        </DialogFrame>
      ) : null}
      <ActionHost />
      <CommandPalette namespace={namespace} />
      <Shortcuts />
    </div>
  );
}
