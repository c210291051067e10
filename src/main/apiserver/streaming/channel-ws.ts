/**
 * The Kubernetes channel protocol over WebSocket (pods/exec, pods/attach,
 * pods/portforward): every binary frame is [channel][payload]. The server must
 * echo the subprotocol it accepts; v5 adds [255, channel] to close a stream.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
export const PORTFORWARD_PROTOCOLS = ['v4.channel.k8s.io', 'portforward.k8s.io'];

/** acceptChannelSocket completes the upgrade, echoing the best protocol both sides speak, or refuses with 400. */
export function acceptChannelSocket(
  supported: readonly string[],
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  onSocket: (ws: WebSocket, protocol: string) => void,
): void {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const protocol = supported.find((p) => offered.includes(p));
  if (!protocol) {
    const body = `unable to upgrade: no supported subprotocol among [${offered.join(', ')}]; supported: ${supported.join(', ')}`;
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    return;
  }
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => protocol, perMessageDeflate: false });
  wss.handleUpgrade(req, socket, head, (ws) => {
    onSocket(ws, protocol);
    wss.close();
  });
}

/** sendChannel sends one frame on a channel. */
export function sendChannel(ws: WebSocket, channel: number, payload: Buffer | string): void {
  if (ws.readyState !== ws.OPEN) return;
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  ws.send(Buffer.concat([Buffer.from([channel]), data]), { binary: true });
}

/** refuseOnSocket reports an error on the error channel as a Status and closes. */
export function refuseOnSocket(ws: WebSocket, errorChannel: number, message: string, code = 400, reason = 'BadRequest'): void {
  sendChannel(ws, errorChannel, JSON.stringify({ metadata: {}, status: 'Failure', message, reason, code }));
  ws.close(1000);
}
