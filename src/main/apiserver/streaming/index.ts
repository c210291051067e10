/** Pod streaming subresources for the API server: log over HTTP; exec and portforward over WebSocket; portforward also over SPDY/3.1. */
import type { PodStreams } from '../http/rest-handler';
import type { PodUpgrades } from '../server';
import { statusError } from '../http/respond';
import { serveAttach } from './attach-ws';
import { serveExec } from './exec-ws';
import { serveLogs } from './logs';
import { acceptSpdyUpgrade, isSpdyUpgrade } from './portforward-spdy';
import { servePortForward } from './portforward-ws';
import type { PodStreamBackend } from '../../node-api/streaming';

export type { PodStreamBackend } from '../../node-api/streaming';

/** podStreaming adapts a backend to the API server's log and upgrade hooks. */
export function podStreaming(backend: PodStreamBackend): { streams: PodStreams; upgrades: PodUpgrades } {
  return {
    streams: {
      log: (ns, name, q, req, res) => serveLogs(backend, ns, name, q, req, res),
    },
    upgrades: {
      upgrade(ns, name, subresource, q, req, socket, head) {
        if (subresource === 'attach') return serveAttach(backend, ns, name, q, req, socket, head);
        if (subresource === 'exec') return serveExec(backend, ns, name, q, req, socket, head);
        if (subresource === 'portforward' && isSpdyUpgrade(req)) return acceptSpdyUpgrade(backend, ns, name, req, socket, head);
        if (subresource === 'portforward') return servePortForward(backend, ns, name, q, req, socket, head);
        const err = statusError(404, 'NotFound', `the server could not find the requested resource (${subresource})`);
        socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify(err.status)}`);
      },
    },
  };
}
