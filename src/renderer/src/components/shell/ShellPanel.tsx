/**
 * A shell in a pod's container: xterm.js over the exec WebSocket, with a TTY
 * sized to the pane (and resized with it), a choice of shell or command, the
 * exit status when it ends, and Reconnect. Loaded on first use.
 */
import { useEffect, useRef, useState } from 'react';
import type { Pod } from '../../lib/k8s/pod';
import { createTerminal, type KubedeckTerminal } from '../terminal/create-terminal';
import { openExec, type ExecSession } from '../../lib/exec/exec-session';
import { parseCommand, type ExecOutcome } from '../../lib/exec/exec-status';

const SHELLS = ['/bin/sh', '/bin/bash'];
const CUSTOM = 'custom';
/** ATTACH joins the container's main process (kubectl attach), offered for containers with stdin: true. */
const ATTACH = 'attach';

type Phase = { kind: 'idle' } | { kind: 'connecting' } | { kind: 'open' } | { kind: 'ended'; outcome: ExecOutcome };

function outcomeText(o: ExecOutcome, container: string): string {
  switch (o.kind) {
    case 'exited':
      return `Session ended: exit status ${o.exitCode}.`;
    case 'no-such-command':
      return `Container "${container}" has no ${o.command}. Choose another shell (for example /bin/sh).`;
    case 'error':
      return `Could not run the command: ${o.message}`;
    case 'disconnected':
      return 'Disconnected from the container.';
  }
}

/** ShellPanel runs an interactive command in one of the pod's running containers. */
export default function ShellPanel({ pod }: { pod: Pod }) {
  const containers = pod.spec.containers.map((c) => c.name);
  const [container, setContainer] = useState(containers[0] ?? '');
  const [shell, setShell] = useState(SHELLS[0] as string);
  const [custom, setCustom] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  // Each Connect / Reconnect bumps the attempt, which (re)opens the session.
  const [attempt, setAttempt] = useState(1);
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<KubedeckTerminal | null>(null);
  const sessionRef = useRef<ExecSession | null>(null);

  const spec = pod.spec.containers.find((c) => c.name === container);
  const canAttach = spec?.stdin === true;
  const attach = shell === ATTACH && canAttach;
  const command = attach ? [] : shell === CUSTOM ? parseCommand(custom) : shell === ATTACH ? [SHELLS[0] as string] : [shell];
  const commandKey = JSON.stringify(command);
  const namespace = pod.metadata.namespace ?? 'default';
  const podName = pod.metadata.name ?? '';
  const running = (pod.status?.containerStatuses ?? []).find((s) => s.name === container)?.state?.running !== undefined;

  // The terminal lives as long as the pane; sessions come and go in it.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const t = createTerminal(host, { cursorBlink: true, scrollback: 5000 });
    termRef.current = t;
    const input = t.term.onData((d) => sessionRef.current?.send(d));
    const resized = t.term.onResize(({ cols, rows }) => sessionRef.current?.resize(cols, rows));
    // Ctrl+Shift+C / Ctrl+Shift+V copy and paste, as terminals do (Ctrl+C stays an interrupt).
    t.term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      if (e.code === 'KeyC') {
        const sel = t.term.getSelection();
        if (sel) void navigator.clipboard?.writeText(sel).catch(() => {});
        return false;
      }
      if (e.code === 'KeyV') {
        void navigator.clipboard?.readText().then((text) => t.term.paste(text)).catch(() => {});
        return false;
      }
      return true;
    });
    const fit = () => {
      const dims = t.fit.proposeDimensions();
      if (dims && Number.isFinite(dims.cols) && Number.isFinite(dims.rows) && (dims.cols !== t.term.cols || dims.rows !== t.term.rows)) {
        t.term.resize(Math.max(dims.cols, 20), Math.max(dims.rows, 5));
      }
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(host);
    window.addEventListener('resize', fit);
    return () => {
      window.removeEventListener('resize', fit);
      ro.disconnect();
      input.dispose();
      resized.dispose();
      sessionRef.current?.close();
      sessionRef.current = null;
      t.dispose();
      termRef.current = null;
    };
  }, []);

  useEffect(() => {
    const t = termRef.current;
    if (!t || attempt === 0 || !container || (command.length === 0 && !attach)) return;
    let live = true;
    t.term.reset();
    setPhase({ kind: 'connecting' });
    const target = attach ? { namespace, pod: podName, container, command, attach, tty: spec?.tty === true } : { namespace, pod: podName, container, command };
    const session = openExec(target, { cols: t.term.cols, rows: t.term.rows }, {
      onOpen: () => {
        if (!live) return;
        setPhase({ kind: 'open' });
        t.term.focus();
      },
      onOutput: (data) => t.term.write(data),
      onEnd: (outcome) => {
        if (!live) return;
        sessionRef.current = null;
        setPhase({ kind: 'ended', outcome });
        t.term.write(`\r\n\x1b[2m[${outcomeText(outcome, container)}]\x1b[0m\r\n`);
      },
    });
    sessionRef.current = session;
    return () => {
      live = false;
      session.close();
      if (sessionRef.current === session) sessionRef.current = null;
    };
    // A new container or command waits for Connect (a new attempt) rather than cutting the running session.
  }, [attempt, namespace, podName]);

  const connect = () => setAttempt((n) => n + 1);
  const ended = phase.kind === 'ended' ? phase.outcome : undefined;

  return (
    <div className="shell-panel" data-testid="shell-panel">
      <div className="log-toolbar">
        <label>
          Container{' '}
          <select value={container} onChange={(e) => setContainer(e.target.value)} data-testid="shell-container">
            {containers.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Shell{' '}
          <select value={shell} onChange={(e) => setShell(e.target.value)} data-testid="shell-choice">
            {SHELLS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            <option value={CUSTOM}>Command…</option>
            {canAttach ? <option value={ATTACH}>Attach to the main process</option> : null}
          </select>
        </label>
        {shell === CUSTOM ? (
          <input
            type="text"
            className="mono"
            placeholder="e.g. python3 -i"
            aria-label="Command to run"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && connect()}
            data-testid="shell-command"
          />
        ) : null}
        <button type="button" className="button primary" onClick={connect} disabled={command.length === 0 && !attach} data-testid="shell-connect" data-command={commandKey}>
          {phase.kind === 'open' || phase.kind === 'connecting' ? 'Restart' : ended ? 'Reconnect' : 'Connect'}
        </button>
        <span className="muted small" data-testid="shell-state" data-phase={phase.kind}>
          {phase.kind === 'connecting' ? 'Connecting…' : phase.kind === 'open' ? `Connected to ${container} (${attach ? 'attached' : command.join(' ')})` : ''}
          {!running && phase.kind !== 'open' ? ` Container "${container}" is not running.` : ''}
        </span>
        <span className="spacer" />
        <span className="muted small">Copy: Ctrl+Shift+C · Paste: Ctrl+Shift+V</span>
      </div>
      {ended ? (
        <div
          className={`log-notice ${ended.kind === 'exited' && ended.exitCode === 0 ? 'muted' : 'error-text'}`}
          role="status"
          data-testid="shell-status"
          data-outcome={ended.kind}
          data-exit-code={ended.kind === 'exited' ? ended.exitCode : undefined}
        >
          {outcomeText(ended, container)}{' '}
          <button type="button" className="button" onClick={connect} data-testid="shell-reconnect">
            Reconnect
          </button>
        </div>
      ) : null}
      <div className="shell-host" ref={hostRef} data-testid="shell-terminal" role="region" aria-label={`Shell in container ${container}`} />
    </div>
  );
}
