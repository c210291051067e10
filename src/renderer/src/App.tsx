/** The application shell: header, navigation, the current screen, and YAML apply (drop, paste, menu). */
import { useCallback, useEffect, useState } from 'react';
import { useRoute } from './hooks/use-route';
import { useFileDrop } from './hooks/use-file-drop';
import { desktopBridge } from './lib/bridge';
import { Header } from './components/layout/Header';
import { Sidebar } from './components/layout/Sidebar';
import { Overview } from './components/overview/Overview';
import { Workloads } from './components/workloads/Workloads';
import { WorkloadLogs } from './components/workloads/WorkloadLogs';
import { PodsTable } from './components/pods/PodsTable';
import { PodDetail } from './components/pods/PodDetail';
import { ServicesTable } from './components/services/ServicesTable';
import { NodesTable } from './components/nodes/NodesTable';
import { EventsList } from './components/events/EventsList';
import { ApplyDialog, type ApplyRequest } from './components/apply/ApplyDialog';
import type { ManifestFile } from './lib/yaml/parse-manifests';
import { ActionHost } from './components/actions/ActionContext';
import { CommandPalette } from './components/palette/CommandPalette';
import { ResourceList } from './components/resources/ResourceList';
import { ResourceDetail } from './components/resources/ResourceDetail';
import { NotFound } from './components/resources/NotFound';
import { TimelineScreen } from './components/timeline/TimelineScreen';
import { FollowNext } from './components/timeline/FollowNext';
import { Shortcuts } from './components/layout/Shortcuts';
import { ClusterAwayBanner, useClusterAway } from './components/layout/ClusterAway';
import { TravelScreen } from './components/travel/TravelScreen';

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

  let screen;
  switch (route.view) {
    case 'workloads':
      screen = (
        <TravelScreen>
          <Workloads namespace={namespace} />
        </TravelScreen>
      );
      break;
    case 'pods':
      screen = (
        <TravelScreen>
          <PodsTable namespace={namespace} />
        </TravelScreen>
      );
      break;
    case 'pod':
      screen = <PodDetail namespace={route.namespace} name={route.name} tab={route.tab} />;
      break;
    case 'workload-logs':
      screen = <WorkloadLogs namespace={route.namespace} kind={route.kind} name={route.name} />;
      break;
    case 'services':
      screen = <ServicesTable namespace={namespace} />;
      break;
    case 'nodes':
      screen = <NodesTable />;
      break;
    case 'events':
      screen = <EventsList namespace={namespace} />;
      break;
    case 'list':
      screen = <ResourceList key={route.resource} resource={route.resource} namespace={namespace} />;
      break;
    case 'object':
      screen = <ResourceDetail key={`${route.resource}/${route.namespace}/${route.name}`} resource={route.resource} namespace={route.namespace} name={route.name} />;
      break;
    case 'timeline':
      screen = <TimelineScreen key={`${route.resource}/${route.namespace}/${route.name}/${route.flow}`} resource={route.resource} namespace={route.namespace} name={route.name} flow={route.flow} />;
      break;
    case 'flow':
      screen = <FollowNext key={namespace ?? '*'} namespace={namespace} />;
      break;
    case 'not-found':
      screen = <NotFound path={route.path} />;
      break;
    default:
      screen = (
        <TravelScreen>
          <Overview namespace={namespace} />
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
      {applyRequest ? <ApplyDialog request={applyRequest} namespace={namespace} onClose={() => setApplyRequest(null)} /> : null}
      <ActionHost />
      <CommandPalette namespace={namespace} />
      <Shortcuts />
    </div>
  );
}
