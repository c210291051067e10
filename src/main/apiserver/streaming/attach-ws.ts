/**
 * pods/attach over WebSocket (`kubectl attach`): the channel protocol of exec
 * (0 stdin, 1 stdout, 2 stderr, 3 Status, 4 resize) bridged to the container's
 * main process rather than to a new command. Closing the socket detaches;
 * the process keeps running.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { ApiError } from '../../../shared/errors';
import { acceptChannelSocket, EXEC_PROTOCOLS, refuseOnSocket, sendChannel } from './channel-ws';
import { bool, ERROR, inputFrames, STDERR, STDOUT } from './stdio-channels';
import type { PodAttachSession, PodStreamBackend } from '../../node-api/streaming';


/** serveAttach upgrades the request and bridges the WebSocket to the container's stdio. */
export function serveAttach(backend: PodStreamBackend, namespace: string, pod: string, q: URLSearchParams, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  acceptChannelSocket(EXEC_PROTOCOLS, req, socket, head, (ws) => {
    void bridge(ws);
  });

  async function bridge(ws: WebSocket): Promise<void> {
    if (!backend.attach) return refuseOnSocket(ws, ERROR, 'attach is not supported by this node', 400, 'BadRequest');
    const input = inputFrames(false);
    let session: PodAttachSession | undefined;
    let closed = false;
    ws.on('message', (data: Buffer, isBinary: boolean) => input.onFrame(isBinary ? data : Buffer.from(data)));
    ws.on('close', () => {
      closed = true;
      session?.detach();
    });
    try {
      const container = q.get('container');
      session = await backend.attach(namespace, pod, { stdin: bool(q, 'stdin'), ...(container ? { container } : {}) });
    } catch (err) {
      const message = err instanceof ApiError ? err.message : `error attaching to container: ${(err as Error).message}`;
      return refuseOnSocket(ws, ERROR, message, err instanceof ApiError ? err.code : 500, err instanceof ApiError ? err.reason : 'InternalError');
    }
    if (closed) return session.detach();
    input.start(session);
    const wantOut = q.get('stdout') !== 'false' && q.get('stdout') !== '0';
    const wantErr = q.get('stderr') !== 'false' && q.get('stderr') !== '0';
    session.stdout.on('data', (chunk: Buffer) => wantOut && sendChannel(ws, STDOUT, chunk));
    session.stderr.on('data', (chunk: Buffer) => wantErr && sendChannel(ws, STDERR, chunk));
    await session.exitCode.catch(() => 0);
    // The process ended (or the runtime dropped the stream): the attach succeeded.
    sendChannel(ws, ERROR, JSON.stringify({ metadata: {}, status: 'Success' }));
    ws.close(1000);
  }
}
