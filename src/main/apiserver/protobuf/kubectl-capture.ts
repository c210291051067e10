/**
 * A loopback HTTP server that answers kubectl's version and discovery calls
 * from Kubedeck's own tables and records the body of every write, so tests can
 * see the exact bytes the real kubectl sends (protobuf, since 1.31's typed clients).
 * Test support only: it stores nothing and answers every write with a stub object.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  legacyAPIVersions,
  wantsAggregated,
} from '../discovery';
import { VERSION_INFO } from '../server';

/** CapturedRequest is one write kubectl sent. */
export interface CapturedRequest {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

/** KubectlCapture is a running capture server with a kubeconfig pointing at it. */
export interface KubectlCapture {
  readonly requests: CapturedRequest[];
  /** kubectl runs the real kubectl against the capture server; resolves with exit code and output. */
  kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

function send(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function discovery(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const accept = req.headers.accept;
  if (path === '/version') return send(res, 200, VERSION_INFO), true;
  if (path === '/api' || path === '/apis') {
    const agg = wantsAggregated(accept);
    const legacy = path === '/api';
    if (agg) send(res, 200, aggregatedDiscovery(legacy, agg), AGGREGATED_CONTENT_TYPE.replace('v=v2', `v=${agg}`));
    else send(res, 200, legacy ? legacyAPIVersions() : apiGroupList());
    return true;
  }
  const parts = path.split('/').filter(Boolean);
  let doc: object | undefined;
  if (parts[0] === 'api' && parts.length === 2) doc = apiResourceList('', parts[1]!);
  else if (parts[0] === 'apis' && parts.length === 2) doc = apiGroupDoc(parts[1]!);
  else if (parts[0] === 'apis' && parts.length === 3) doc = apiResourceList(parts[1]!, parts[2]!);
  if (!doc) return false;
  send(res, 200, doc);
  return true;
}

/** startKubectlCapture listens on 127.0.0.1 and writes a kubeconfig (no credentials: kubectl sends none over http). */
export async function startKubectlCapture(): Promise<KubectlCapture> {
  const requests: CapturedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'GET' && discovery(req, res, path)) return;
      if (req.method === 'GET') {
        return send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
      }
      requests.push({ method: req.method ?? '', path, contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      // A stub answer in JSON: client-go decodes by the response Content-Type, so this is enough for kubectl to print "created".
      const parts = path.split('/').filter(Boolean);
      const plural = parts[parts.length - 1] ?? 'objects';
      send(res, 201, { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 201, details: { kind: plural, name: 'captured' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-pb-capture-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: capture',
      `  cluster: {server: "http://127.0.0.1:${port}"}`,
      'contexts:',
      '- name: capture',
      '  context: {cluster: capture, namespace: default}',
      'current-context: capture',
      'users: []',
      '',
    ].join('\n'),
  );
  return {
    requests,
    kubectl(args) {
      return new Promise((resolve, reject) => {
        const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
