/**
 * pods/portforward over WebSocket, the protocol client-node speaks
 * (`v4.channel.k8s.io`, `?ports=8080,9090`): port i uses channel 2i for data
 * and 2i+1 for errors; the first frame on each channel is the port number as
 * two little-endian bytes. kubectl 1.32 asks for SPDY inside the WebSocket
 * (`SPDY/3.1+portforward.k8s.io`) instead: those connections go to
 * portforward-spdy.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../../shared/errors';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { acceptChannelSocket, PORTFORWARD_PROTOCOLS, refuseOnSocket, sendChannel } from './channel-ws';
import { serveSpdyPortForward, SPDY_TUNNEL_PROTOCOL } from './portforward-spdy';
import type { PodStreamBackend } from '../../node-api/streaming';

function portPrefix(port: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(port);
  return b;
}

/** parsePorts reads ?ports= (repeated or comma-separated), each 1–65535. */
export function parsePorts(q: URLSearchParams): number[] | string {
  const raw = q.getAll('ports').flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  if (raw.length === 0) return 'query parameter "ports" is required';
  const ports: number[] = [];
  for (const p of raw) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535) return `invalid port "${p}": must be 1-65535`;
    ports.push(n);
  }
  return ports;
}

function offeredProtocols(req: IncomingMessage): string[] {
  return String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
}

/**
 * acceptSpdyTunnel completes the WebSocket handshake of kubectl's SPDY tunnel.
 * `SPDY/3.1+portforward.k8s.io` is not an RFC 6455 token (the '/'), which the
 * ws library refuses, so the offer is taken off the request and the accepted
 * protocol is written into the 101 response ourselves.
 */
function acceptSpdyTunnel(backend: PodStreamBackend, namespace: string, pod: string, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  delete req.headers['sec-websocket-protocol'];
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  wss.on('headers', (headers: string[]) => headers.push(`Sec-WebSocket-Protocol: ${SPDY_TUNNEL_PROTOCOL}`));
  wss.handleUpgrade(req, socket, head, (ws) => {
    serveSpdyPortForward(backend, namespace, pod, createWebSocketStream(ws));
    wss.close();
  });
}

/** servePortForward upgrades the request and relays each requested port. */
export function servePortForward(backend: PodStreamBackend, namespace: string, pod: string, q: URLSearchParams, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  if (offeredProtocols(req).includes(SPDY_TUNNEL_PROTOCOL)) return acceptSpdyTunnel(backend, namespace, pod, req, socket, head);
  acceptChannelSocket(PORTFORWARD_PROTOCOLS, req, socket, head, (ws) => {
    const ports = parsePorts(q);
    if (typeof ports === 'string') return refuseOnSocket(ws, 1, ports);
    const streams = new Map<number, Duplex>();
    const pending = new Map<number, Buffer[]>();
    ports.forEach((port, i) => {
      sendChannel(ws, 2 * i, portPrefix(port));
      sendChannel(ws, 2 * i + 1, portPrefix(port));
      pending.set(i, []);
      backend.portForward(namespace, pod, port).then(
        (conn) => {
          streams.set(i, conn);
          for (const chunk of pending.get(i) ?? []) conn.write(chunk);
          pending.delete(i);
          conn.on('data', (chunk: Buffer) => sendChannel(ws, 2 * i, chunk));
          conn.on('error', (err) => sendChannel(ws, 2 * i + 1, `error forwarding port ${port} to pod ${pod}: ${err.message}`));
          conn.on('close', () => {
            streams.delete(i);
            if (streams.size === 0 && pending.size === 0) ws.close(1000);
          });
        },
        (err: unknown) => {
          pending.delete(i);
          const msg = err instanceof ApiError ? err.message : (err as Error).message;
          sendChannel(ws, 2 * i + 1, `error forwarding port ${port} to pod ${pod}: ${msg}`);
          if (streams.size === 0 && pending.size === 0) ws.close(1000);
        },
      );
    });
    ws.on('message', (data: Buffer) => {
      const channel = data[0]!;
      if (channel % 2 !== 0) return;
      const i = channel / 2;
      const payload = data.subarray(1);
      const conn = streams.get(i);
      if (conn) conn.write(payload);
      else pending.get(i)?.push(payload);
    });
    ws.on('close', () => {
      for (const conn of streams.values()) conn.destroy();
    });
  });
}
