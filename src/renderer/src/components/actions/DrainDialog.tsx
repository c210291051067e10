/**
 * Drain a node as `kubectl drain --ignore-daemonsets` does: cordon, refuse
 * when pods no controller manages (or with emptyDir data) remain unless
 * forced, evict the rest through pods/eviction, wait for them to go, and
 * report what could not be evicted.
 */
import { useState } from 'react';
import type { Pod } from '../../../../shared/api/core';
import { blockedMessage, drainPlan, type DrainOptions } from '../../lib/actions/drain';
import { kubectlCommand } from '../../lib/actions/kubectl-command';
import { evictPod, listPodsOnNode, patchObject } from '../../lib/actions/requests';
import { targetLabel, type ActionTarget } from '../../lib/actions/targets';
import { POD_GVR } from '../../lib/k8s/pod';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { ActionResult, errorMessage, type Outcome } from './ActionResult';
import { CopyCommand } from './CopyCommand';
import { Modal } from './Modal';

const DRAIN_WAIT_MS = 120_000;
const podName = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;

/** DrainDialog shows the plan, then drains and reports per pod. */
export function DrainDialog({ target, onClose }: { target: ActionTarget; onClose: () => void }) {
  const pods = useListWatch<Pod>(POD_GVR);
  const [opts, setOpts] = useState<DrainOptions>({ force: false, deleteEmptyDirData: false });
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const [report, setReport] = useState<{ pod: string; ok: boolean; message: string }[]>([]);
  const plan = drainPlan(target.name, pods.items, opts);

  const drain = async () => {
    setOutcome({ state: 'working' });
    setReport([]);
    try {
      await patchObject(target, { spec: { unschedulable: true } });
      // Plan from a fresh list, not the screen: kubectl decides on the pods as they are now.
      const now = drainPlan(target.name, await listPodsOnNode(target.name), opts);
      if (now.blocked.length) {
        setReport(now.blocked.map((b) => ({ pod: podName(b.pod), ok: false, message: b.reason })));
        return setOutcome({ state: 'error', message: `node/${target.name} cordoned, but cannot drain: ${blockedMessage(now)}` });
      }
      const results: { pod: string; ok: boolean; message: string }[] = [];
      for (const p of now.evict) {
        try {
          await evictPod(p);
          results.push({ pod: podName(p), ok: true, message: 'evicted' });
        } catch (err) {
          results.push({ pod: podName(p), ok: false, message: errorMessage(err) });
        }
        setReport([...results]);
      }
      const evicted = new Set(now.evict.filter((_, i) => results[i]?.ok).map((p) => p.metadata.uid));
      const deadline = Date.now() + DRAIN_WAIT_MS;
      for (;;) {
        const left = (await listPodsOnNode(target.name)).filter((p) => evicted.has(p.metadata.uid));
        if (left.length === 0) break;
        if (Date.now() > deadline) {
          for (const p of left) results.push({ pod: podName(p), ok: false, message: 'still terminating after the drain timeout' });
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      setReport([...results]);
      const failed = results.filter((r) => !r.ok);
      setOutcome(failed.length ? { state: 'error', message: `node/${target.name} cordoned; ${failed.length} pod(s) could not be evicted` } : { state: 'done', message: `node/${target.name} drained` });
    } catch (err) {
      setOutcome({ state: 'error', message: errorMessage(err) });
    }
  };

  return (
    <Modal
      title={`Drain ${targetLabel(target)}`}
      onClose={onClose}
      testId="drain-dialog"
      busy={outcome.state === 'working'}
      footer={
        <>
          <button type="button" className="button danger" onClick={() => void drain()} disabled={outcome.state === 'working'} data-testid="drain-confirm">
            Cordon and drain
          </button>
          <button type="button" className="button" onClick={onClose} disabled={outcome.state === 'working'}>
            Close
          </button>
        </>
      }
    >
      <p>The node is cordoned, then each pod is evicted (pods/eviction) so its controller recreates it elsewhere. DaemonSet pods are ignored.</p>
      <label className="checkbox">
        <input type="checkbox" checked={opts.force} onChange={(e) => setOpts({ ...opts, force: e.target.checked })} data-testid="drain-force" />
        Force: also delete pods that no controller manages (they are gone for good)
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={opts.deleteEmptyDirData} onChange={(e) => setOpts({ ...opts, deleteEmptyDirData: e.target.checked })} data-testid="drain-emptydir" />
        Delete emptyDir data
      </label>
      <h3 className="small-heading">Plan</h3>
      <ul className="drain-plan" data-testid="drain-plan">
        {plan.evict.map((p) => (
          <li key={p.metadata.uid} data-testid="drain-evict" data-name={p.metadata.name}>
            evict {podName(p)}
          </li>
        ))}
        {plan.blocked.map((b) => (
          <li key={b.pod.metadata.uid} className="error-text" data-testid="drain-blocked" data-name={b.pod.metadata.name}>
            {podName(b.pod)}: {b.reason}
          </li>
        ))}
        {plan.skipped.map((s) => (
          <li key={s.pod.metadata.uid} className="muted">
            skip {podName(s.pod)} ({s.reason})
          </li>
        ))}
        {plan.evict.length + plan.blocked.length + plan.skipped.length === 0 ? <li className="muted">No pods on this node.</li> : null}
      </ul>
      {plan.warnings.map((w) => (
        <p key={w} className="muted small">
          Warning: {w}
        </p>
      ))}
      <ActionResult outcome={outcome} />
      {report.length ? (
        <ul className="drain-report" data-testid="drain-report">
          {report.map((r) => (
            <li key={r.pod} className={r.ok ? 'ok-text' : 'error-text'} data-testid="drain-report-row" data-ok={r.ok}>
              {r.pod}: {r.message}
            </li>
          ))}
        </ul>
      ) : null}
      <CopyCommand command={kubectlCommand('drain', target, opts)} />
    </Modal>
  );
}
