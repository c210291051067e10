/**
 * An exec session over the page's own origin: the UI server adds the token
 * and forwards the WebSocket to the API's pods/exec (v5.channel.k8s.io).
 */
import { withQuery } from '../k8s/client';
import { apiUrl } from '../k8s/context';
import { CLOSE, ERROR, EXEC_PROTOCOLS, STDERR, STDIN, STDOUT, frame, resizeFrame, splitFrame } from './channel-frames';
import { outcomeOf, type ExecOutcome, type ExecStatus } from './exec-status';

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  /** command runs with exec; empty with `attach`, which joins the container's main process instead. */
  command: string[];
  attach?: boolean;
  /** tty: exec always asks for one; attach only when the container has one (spec.tty). */
  tty?: boolean;
}

export interface ExecHandlers {
  onOpen(): void;
  onOutput(data: Uint8Array): void;
  onEnd(outcome: ExecOutcome): void;
}

export interface ExecSession {
  send(data: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

/** OUTPUT_TAIL bytes of output are kept to explain a failed start (runc prints why there). */
const OUTPUT_TAIL = 4096;

/** execUrl is the WebSocket URL of an interactive exec (TTY) or attach. */
export function execUrl(loc: { protocol: string; host: string; search?: string }, t: ExecTarget): string {
  const tty = t.tty ?? true;
  const path = withQuery(`/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/${t.attach ? 'attach' : 'exec'}`, {
    container: t.container,
    stdin: 'true',
    stdout: 'true',
    // With a TTY stderr is merged into stdout, as kubectl asks for it.
    stderr: tty ? 'false' : 'true',
    tty: tty ? 'true' : 'false',
  });
  const commands = t.attach ? '' : t.command.map((c) => `&command=${encodeURIComponent(c)}`).join('');
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${apiUrl(path, loc.search)}${commands}`;
}

/** openExec connects; `size` is sent first so the shell starts with the pane's dimensions. */
export function openExec(t: ExecTarget, size: { cols: number; rows: number }, h: ExecHandlers): ExecSession {
  const ws = new WebSocket(execUrl(window.location, t), EXEC_PROTOCOLS);
  ws.binaryType = 'arraybuffer';
  let status: ExecStatus | undefined;
  let tail = '';
  let ended = false;
  const decoder = new TextDecoder();
  const send = (data: Uint8Array) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(data);
  };
  ws.onopen = () => {
    send(resizeFrame(size.cols, size.rows));
    h.onOpen();
  };
  ws.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => {
    if (typeof ev.data === 'string') return; // the channel protocol is binary
    const { channel, payload } = splitFrame(ev.data);
    if (channel === STDOUT || channel === STDERR) {
      h.onOutput(payload);
      tail = (tail + decoder.decode(payload, { stream: true })).slice(-OUTPUT_TAIL);
    } else if (channel === ERROR) {
      try {
        status = JSON.parse(decoder.decode(payload)) as ExecStatus;
      } catch {
        status = { status: 'Failure', message: decoder.decode(payload) };
      }
    }
  };
  ws.onclose = () => {
    if (ended) return;
    ended = true;
    h.onEnd(outcomeOf(status, t.attach ? '' : (t.command[0] ?? ''), tail));
  };
  return {
    send: (data) => send(frame(STDIN, data)),
    resize: (cols, rows) => send(resizeFrame(cols, rows)),
    close: () => {
      if (ws.readyState === WebSocket.OPEN && ws.protocol.startsWith('v5')) send(new Uint8Array([CLOSE, STDIN]));
      ws.close(1000);
    },
  };
}
