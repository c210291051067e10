/**
 * pods/portforward as kubectl speaks it: SPDY/3.1, either after an
 * `Upgrade: SPDY/3.1` handshake or tunnelled inside a WebSocket
 * (`SPDY/3.1+portforward.k8s.io`, kubectl's default since 1.30). For every
 * local connection kubectl opens an error stream and a data stream with the
 * same `requestID` and `port` headers; we dial the pod's port, relay the data
 * stream both ways, and say what went wrong (if anything) on the error stream,
 * closing it when the connection is over.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../../shared/errors';
import { SpdySession, type SpdyStream } from './spdy/session';
import type { PodStreamBackend } from '../../node-api/streaming';

export const SPDY_PORTFORWARD_PROTOCOL = 'portforward.k8s.io';
/** The WebSocket subprotocol of the SPDY tunnel. */
export const SPDY_TUNNEL_PROTOCOL = `SPDY/3.1+${SPDY_PORTFORWARD_PROTOCOL}`;

/** How long the second stream of a pair may keep us waiting (kubelet: the stream creation timeout). */
const PAIR_TIMEOUT_MS = 30_000;

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** isSpdyUpgrade says whether a request asks for the plain SPDY/3.1 upgrade (not a WebSocket). */
export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return String(req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1';
}

/** acceptSpdyUpgrade answers `Upgrade: SPDY/3.1` with 101 and serves port-forward on the raw connection. */
export function acceptSpdyUpgrade(backend: PodStreamBackend, namespace: string, pod: string, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '')
    .split(',')
    .map((p) => p.trim());
  if (!offered.includes(SPDY_PORTFORWARD_PROTOCOL)) {
    const body = `unable to upgrade: no supported stream protocol among [${offered.join(', ')}]; supported: ${SPDY_PORTFORWARD_PROTOCOL}`;
    socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    return;
  }
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${SPDY_PORTFORWARD_PROTOCOL}\r\n\r\n`);
  if (head.length) socket.unshift(head);
  serveSpdyPortForward(backend, namespace, pod, socket);
}

function failure(err: unknown): string {
  return err instanceof ApiError ? err.message : (err as Error).message;
}

/** serveSpdyPortForward runs a SPDY session on a transport and relays each stream pair to the pod. */
export function serveSpdyPortForward(backend: PodStreamBackend, namespace: string, pod: string, transport: Duplex): SpdySession {
  const session = new SpdySession(transport);
  const pairs = new Map<string, Pair>();

  const relay = (port: number, data: SpdyStream, error: SpdyStream) => {
    const fail = (msg: string) => {
      if (!error.writableEnded) error.end(`error forwarding port ${port} to pod ${pod}: ${msg}`);
      if (!data.writableEnded) data.end();
    };
    backend.portForward(namespace, pod, port).then(
      (conn) => {
        if (data.destroyed) return conn.destroy();
        data.pipe(conn);
        conn.pipe(data);
        conn.on('error', (err) => fail(err.message));
        conn.on('close', () => {
          if (!error.writableEnded) error.end();
        });
        data.on('close', () => conn.destroy());
      },
      (err: unknown) => fail(failure(err)),
    );
  };

  session.on('stream', (stream: SpdyStream) => {
    const type = stream.headers['streamtype'];
    const port = Number(stream.headers['port']);
    // Old clients send no requestID: the data stream then follows its error stream by one client id (two stream ids).
    const requestId = stream.headers['requestid'] ?? String(type === 'data' ? stream.id - 2 : stream.id);
    stream.on('error', () => undefined);
    if ((type !== 'data' && type !== 'error') || !Number.isInteger(port) || port < 1 || port > 65535) {
      stream.destroy();
      return;
    }
    session.reply(stream);
    const pair = pairs.get(requestId) ?? {
      timer: setTimeout(() => {
        pairs.delete(requestId);
        const p = pair;
        p.error?.end(`timed out waiting for the other stream of request ${requestId}`);
        p.data?.destroy();
      }, PAIR_TIMEOUT_MS),
    };
    pairs.set(requestId, pair);
    if (pair[type]) {
      stream.destroy();
      return;
    }
    pair[type] = stream;
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(requestId);
      relay(port, pair.data, pair.error);
    }
  });
  session.on('close', () => {
    for (const p of pairs.values()) clearTimeout(p.timer);
    pairs.clear();
  });
  return session;
}
