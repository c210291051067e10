/**
 * pods/exec over WebSocket (kubectl ≥1.30 and client-node): channel 0 stdin,
 * 1 stdout, 2 stderr, 3 error/exit Status, 4 resize; v5 close frames.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { ApiError } from '../../../shared/errors';
import { acceptChannelSocket, EXEC_PROTOCOLS, refuseOnSocket, sendChannel } from './channel-ws';
import type { PodStreamBackend } from './types';

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

function bool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

/** exitStatus is what channel 3 carries when the command ends. */
export function exitStatus(code: number): object {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [exit ${code}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** serveExec upgrades the request and bridges the WebSocket to an exec session. */
export function serveExec(backend: PodStreamBackend, namespace: string, pod: string, q: URLSearchParams, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  acceptChannelSocket(EXEC_PROTOCOLS, req, socket, head, (ws, protocol) => {
    void bridge(ws, protocol);
  });

  async function bridge(ws: WebSocket, protocol: string): Promise<void> {
    const command = q.getAll('command');
    if (command.length === 0) return refuseOnSocket(ws, ERROR, 'you must specify at least one command for the container');
    const stdin = bool(q, 'stdin');
    const tty = bool(q, 'tty');
    // Frames may arrive before the session exists; keep them in order.
    const pending: Buffer[] = [];
    let session: Awaited<ReturnType<PodStreamBackend['exec']>> | undefined;
    const onFrame = (data: Buffer) => {
      if (!session) return void pending.push(data);
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === STDIN) session.stdin?.write(payload);
      else if (channel === RESIZE) {
        try {
          const size = JSON.parse(payload.toString()) as { Width: number; Height: number };
          void session.resize(size.Width, size.Height).catch(() => {});
        } catch {
          // a malformed resize is ignored, as the kubelet does
        }
      } else if (channel === CLOSE && payload[0] === STDIN && protocol.startsWith('v5')) session.stdin?.end();
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => onFrame(isBinary ? data : Buffer.from(data)));
    try {
      const container = q.get('container');
      session = await backend.exec(namespace, pod, { command, stdin, tty, ...(container ? { container } : {}) });
    } catch (err) {
      const message = err instanceof ApiError ? err.message : `error executing command: ${(err as Error).message}`;
      return refuseOnSocket(ws, ERROR, message, err instanceof ApiError ? err.code : 500, err instanceof ApiError ? err.reason : 'InternalError');
    }
    for (const frame of pending.splice(0)) onFrame(frame);
    ws.on('close', () => session?.stdin?.destroy());
    const outputs = [
      pump(session.stdout, STDOUT),
      pump(session.stderr, STDERR),
    ];
    function pump(stream: NodeJS.ReadableStream, channel: number): Promise<void> {
      return new Promise((resolve) => {
        stream.on('data', (chunk: Buffer) => sendChannel(ws, channel, chunk));
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', () => resolve());
      });
    }
    const code = await session.exitCode.catch(() => 126);
    await Promise.race([Promise.all(outputs), new Promise((r) => setTimeout(r, 2000).unref())]);
    sendChannel(ws, ERROR, JSON.stringify(exitStatus(code)));
    ws.close(1000);
  }
}
