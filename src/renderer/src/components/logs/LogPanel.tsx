/**
 * Logs of a pod or of a workload's pods: the toolbar (container, previous,
 * timestamps, tail / since, wrap, follow, download) over the log pane.
 * Loaded on first use (React.lazy), so xterm.js is not part of the first screen.
 */
import { useMemo, useState } from 'react';
import type { Pod } from '../../lib/k8s/pod';
import { ALL_CONTAINERS, containerNames, logSources, notStartedReason } from '../../lib/logs/pod-log-sources';
import { downloadName, type LogOptions } from '../../lib/logs/log-source';
import { downloadHref, fetchPrefixedLogs, saveBlob } from '../../lib/logs/log-download';
import { SCROLLBACK_LINES } from '../../lib/logs/scrollback';
import { kubectlLogsCommand } from '../../lib/logs/kubectl-command';
import { LogViewer, WIDE_COLS } from './LogViewer';

export interface LogPanelProps {
  /** pods whose logs are shown: one for a pod, the live list of a workload's pods. */
  pods: readonly Pod[];
  /** workload names the Deployment or ReplicaSet (and its pod selector); lines are then prefixed with each pod's short name. */
  workload?: { kind: string; name: string; selector: string };
}

const TAILS: { label: string; value?: number }[] = [
  { label: 'last 100 lines', value: 100 },
  { label: 'last 1,000 lines', value: 1000 },
  { label: `last ${SCROLLBACK_LINES.toLocaleString('en')} lines`, value: SCROLLBACK_LINES },
  { label: 'whole log' },
];

const SINCES: { label: string; value?: number }[] = [
  { label: 'any time' },
  { label: 'last 5 minutes', value: 300 },
  { label: 'last hour', value: 3600 },
  { label: 'last 24 hours', value: 86400 },
];

/** LogPanel shows logs with kubectl logs' choices. */
export default function LogPanel({ pods, workload }: LogPanelProps) {
  const names = useMemo(() => containerNames(pods), [pods]);
  const [container, setContainer] = useState<string | undefined>(undefined);
  const chosen = container ?? names.app[0] ?? names.init[0] ?? ALL_CONTAINERS;
  const [previous, setPrevious] = useState(false);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(true);
  const [follow, setFollow] = useState(true);
  const [tail, setTail] = useState<number | undefined>(1000);
  const [since, setSince] = useState<number | undefined>(undefined);
  const [downloading, setDownloading] = useState<string | null>(null);

  const sources = useMemo(() => logSources(pods, chosen, workload?.name), [pods, chosen, workload?.name]);
  const options: LogOptions = useMemo(() => ({ follow, previous, tailLines: tail, sinceSeconds: since }), [follow, previous, tail, since]);
  const multi = sources.length > 1;
  const single = sources.length === 1 ? sources[0] : undefined;
  const singlePod = pods.length === 1 ? pods[0] : undefined;
  const notStarted = single && singlePod ? notStartedReason(singlePod, single.container, previous) : undefined;
  const fileParts = workload ? [workload.kind.toLowerCase(), workload.name, chosen === ALL_CONTAINERS ? 'all-containers' : chosen] : [single?.pod ?? pods[0]?.metadata.name ?? 'pod', chosen === ALL_CONTAINERS ? 'all-containers' : chosen];
  const fileName = downloadName(fileParts, previous);

  const namespace = pods[0]?.metadata.namespace ?? 'default';
  const kubectl = kubectlLogsCommand({
    namespace,
    ...(workload ? { selector: workload.selector, pods: pods.length } : { target: `pod/${pods[0]?.metadata.name ?? ''}` }),
    container: chosen,
    follow,
    previous,
    timestamps,
    tailLines: tail,
    sinceSeconds: since,
  });
  const [copied, setCopied] = useState(false);
  const copyKubectl = () => {
    void navigator.clipboard
      ?.writeText(kubectl)
      .then(() => {
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      })
      .catch(() => setCopied(false));
  };

  const downloadAll = async () => {
    setDownloading('Downloading…');
    try {
      saveBlob(await fetchPrefixedLogs(sources, { previous, timestamps }), fileName);
      setDownloading(null);
    } catch (err) {
      setDownloading(`Download failed: ${(err as Error).message}`);
    }
  };

  return (
    <div className="log-panel" data-testid="log-panel">
      <div className="log-toolbar">
        <label>
          Container{' '}
          <select value={chosen} onChange={(e) => setContainer(e.target.value)} data-testid="log-container">
            {names.app.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
            {names.init.map((n) => (
              <option key={`init-${n}`} value={n}>
                {n} (init)
              </option>
            ))}
            {names.app.length + names.init.length > 1 ? <option value={ALL_CONTAINERS}>All containers</option> : null}
          </select>
        </label>
        <label>
          Show{' '}
          <select value={tail === undefined ? '' : String(tail)} onChange={(e) => setTail(e.target.value ? Number(e.target.value) : undefined)} data-testid="log-tail">
            {TAILS.map((t) => (
              <option key={t.label} value={t.value === undefined ? '' : String(t.value)}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Since{' '}
          <select value={since === undefined ? '' : String(since)} onChange={(e) => setSince(e.target.value ? Number(e.target.value) : undefined)} data-testid="log-since">
            {SINCES.map((t) => (
              <option key={t.label} value={t.value === undefined ? '' : String(t.value)}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={follow} disabled={previous} onChange={(e) => setFollow(e.target.checked)} data-testid="log-follow" /> Follow
        </label>
        <label className="checkbox" title="The log of the container's previous instance (kubectl logs --previous)">
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} data-testid="log-previous" /> Previous instance
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} data-testid="log-timestamps" /> Timestamps
        </label>
        <label className="checkbox" title={`Without wrapping, lines up to ${WIDE_COLS} characters stay on one row and the pane scrolls sideways`}>
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} data-testid="log-wrap" /> Wrap lines
        </label>
      </div>
      <LogViewer
        sources={sources}
        options={options}
        timestamps={timestamps}
        wrap={wrap}
        prefix={multi || workload !== undefined}
        notStarted={notStarted}
        actions={
          <>
            {single && !multi ? (
              <a className="button" href={downloadHref(single, { previous, timestamps })} download={fileName} title="The whole log, streamed from the API (not just what the pane holds)" data-testid="log-download">
                Download
              </a>
            ) : (
              <button type="button" className="button" onClick={() => void downloadAll()} disabled={sources.length === 0 || downloading === 'Downloading…'} title="Every log in full, each line prefixed [pod/…/container] as kubectl logs --prefix does" data-testid="log-download">
                Download all
              </button>
            )}
            {downloading ? <span className="muted small">{downloading}</span> : null}
            <button type="button" className="button ghost" onClick={copyKubectl} title={kubectl} aria-label={`Copy the kubectl command: ${kubectl}`} data-testid="log-kubectl" data-command={kubectl}>
              {copied ? 'Copied' : 'Copy kubectl'}
            </button>
          </>
        }
      />
    </div>
  );
}
