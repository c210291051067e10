/**
 * pods/exec over WebSocket (kubectl ≥1.30 and client-node): channel 0 stdin,
 * 1 stdout, 2 stderr, 3 error/exit Status, 4 resize; v5 close frames.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { ApiError } from '../../../shared/errors';
import { acceptChannelSocket, EXEC_PROTOCOLS, refuseOnSocket, sendChannel } from './channel-ws';
import { bool, ERROR, inputFrames, STDERR, STDOUT } from './stdio-channels';
import type { PodStreamBackend } from '../../node-api/streaming';


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
    const input = inputFrames(protocol.startsWith('v5'));
    let session: Awaited<ReturnType<PodStreamBackend['exec']>> | undefined;
    ws.on('message', (data: Buffer, isBinary: boolean) => input.onFrame(isBinary ? data : Buffer.from(data)));
    try {
      const container = q.get('container');
      session = await backend.exec(namespace, pod, { command, stdin, tty, ...(container ? { container } : {}) });
    } catch (err) {
      const message = err instanceof ApiError ? err.message : `error executing command: ${(err as Error).message}`;
      return refuseOnSocket(ws, ERROR, message, err instanceof ApiError ? err.code : 500, err instanceof ApiError ? err.reason : 'InternalError');
    }
    input.start(session);
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
