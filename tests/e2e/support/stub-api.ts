/**
 * A small in-memory stand-in for the cluster's API handler, for looking at
 * and smoke-testing the UI without Docker: list, get, watch (held open,
 * pushes changes), create (with dryRun) and merge patch. It is not the API
 * server: no validation beyond "unknown kind", no Table output.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../../../src/shared/api/resources';
import type { KubeObject } from '../../../src/shared/api/meta';
import type { ApiHandler } from '../../../src/main/ui-server/ui-server';

interface Watcher {
  resource: ResourceInfo;
  namespace?: string;
  res: ServerResponse;
}

/** StubApi holds objects and serves them. */
export class StubApi implements ApiHandler {
  private rv = 100;
  private readonly objects = new Map<string, KubeObject>();
  private readonly watchers = new Set<Watcher>();
  private readonly goneFor = new Set<string>();
  /** history keeps every event, so a watch resumed from a resourceVersion replays what it missed. */
  private readonly history: { resource: ResourceInfo; type: string; object: KubeObject }[] = [];
  /** watchRequests counts watch requests by resourceVersion they started from (for resume checks). */
  readonly watchStarts: { resource: string; resourceVersion: string | null }[] = [];
  /** listRequests counts list requests per resource (for relist checks). */
  readonly listRequests = new Map<string, number>();

  /** dropWatches ends every open watch, as a server restart or a network cut would. */
  dropWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** expireWatches makes the next watch of `resource` answer 410 Gone (its version was compacted) and drops the open watches. */
  expireWatches(resource: string): void {
    this.goneFor.add(resource);
    this.dropWatches();
  }

  /** refuseWatches makes watch requests fail with 503 while set (an API that is down). */
  refuseWatches = false;

  /** watcherCount is the number of open watches. */
  get watcherCount(): number {
    return this.watchers.size;
  }

  private key(r: ResourceInfo, ns: string | undefined, name: string): string {
    return `${r.group}/${r.resource}/${ns ?? ''}/${name}`;
  }

  /** put stores (creates or replaces) an object and notifies watchers. */
  put(obj: KubeObject): KubeObject {
    const r = RESOURCES.find((x) => apiVersionOf(x) === obj.apiVersion && x.kind === obj.kind);
    if (!r) throw new Error(`unknown kind ${obj.kind}`);
    const k = this.key(r, obj.metadata.namespace, obj.metadata.name ?? '');
    const existing = this.objects.get(k);
    const stored: KubeObject = {
      ...obj,
      metadata: {
        ...obj.metadata,
        uid: existing?.metadata.uid ?? obj.metadata.uid ?? randomUUID(),
        creationTimestamp: existing?.metadata.creationTimestamp ?? obj.metadata.creationTimestamp ?? new Date().toISOString(),
        resourceVersion: String(++this.rv),
      },
    };
    this.objects.set(k, stored);
    this.notify(r, existing ? 'MODIFIED' : 'ADDED', stored);
    return stored;
  }

  /** remove deletes an object and notifies watchers. */
  remove(obj: KubeObject): void {
    const r = RESOURCES.find((x) => apiVersionOf(x) === obj.apiVersion && x.kind === obj.kind);
    if (!r) return;
    const k = this.key(r, obj.metadata.namespace, obj.metadata.name ?? '');
    const existing = this.objects.get(k);
    if (!existing) return;
    this.objects.delete(k);
    this.notify(r, 'DELETED', { ...existing, metadata: { ...existing.metadata, resourceVersion: String(++this.rv) } });
  }

  private notify(r: ResourceInfo, type: string, obj: KubeObject): void {
    this.history.push({ resource: r, type, object: obj });
    for (const w of this.watchers) {
      if (w.resource !== r || (w.namespace && w.namespace !== obj.metadata.namespace)) continue;
      w.res.write(`${JSON.stringify({ type, object: obj })}\n`);
    }
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private status(res: ServerResponse, code: number, reason: string, message: string): void {
    this.send(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message });
  }

  handleApiUpgrade(_req: IncomingMessage, socket: import('node:stream').Duplex): void {
    socket.end('HTTP/1.1 501 Not Implemented\r\n\r\n');
  }

  handleApiRequest(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => this.serve(req, res, body));
  }

  private serve(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://stub');
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return this.status(res, 404, 'NotFound', `the server could not find the requested resource ${url.pathname}`);
    const [, coreVersion, group, groupVersion, namespace, plural, name] = m;
    const r = RESOURCES.find((x) => x.group === (group ?? '') && x.version === (coreVersion ?? groupVersion) && x.resource === plural);
    if (!r) return this.status(res, 404, 'NotFound', `unknown resource ${plural}`);
    const inScope = (o: KubeObject) => o.kind === r.kind && (!namespace || o.metadata.namespace === namespace);
    const dryRun = url.searchParams.get('dryRun') === 'All';
    if (req.method === 'GET' && !name) {
      if (url.searchParams.get('watch') === 'true') {
        this.watchStarts.push({ resource: r.resource, resourceVersion: url.searchParams.get('resourceVersion') });
        if (this.refuseWatches) return this.status(res, 503, 'ServiceUnavailable', 'the cluster is stopping');
        if (this.goneFor.delete(r.resource)) {
          // Answer like the API after compaction: 410 with a Status.
          return this.status(res, 410, 'Expired', 'too old resource version');
        }
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        res.flushHeaders();
        const w: Watcher = { resource: r, namespace, res };
        const from = Number(url.searchParams.get('resourceVersion') ?? '0');
        for (const e of this.history) {
          if (e.resource !== r || Number(e.object.metadata.resourceVersion) <= from) continue;
          if (namespace && e.object.metadata.namespace !== namespace) continue;
          res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
        }
        this.watchers.add(w);
        res.on('close', () => this.watchers.delete(w));
        return;
      }
      this.listRequests.set(r.resource, (this.listRequests.get(r.resource) ?? 0) + 1);
      const items = [...this.objects.values()].filter(inScope);
      return this.send(res, 200, { apiVersion: apiVersionOf(r), kind: r.listKind, metadata: { resourceVersion: String(this.rv) }, items });
    }
    const existing = name ? this.objects.get(this.key(r, namespace, name)) : undefined;
    if (req.method === 'GET') return existing ? this.send(res, 200, existing) : this.status(res, 404, 'NotFound', `${plural} "${name}" not found`);
    const input = JSON.parse(body || '{}') as KubeObject;
    if (req.method === 'POST') {
      const obj = { ...input, metadata: { ...input.metadata, namespace } };
      if (this.objects.has(this.key(r, namespace, obj.metadata.name ?? ''))) return this.status(res, 409, 'AlreadyExists', `${plural} "${obj.metadata.name}" already exists`);
      return this.send(res, 201, dryRun ? obj : this.put(obj));
    }
    if (req.method === 'PATCH') {
      if (!existing) return this.status(res, 404, 'NotFound', `${plural} "${name}" not found`);
      const merged = mergePatch(existing, input) as KubeObject;
      return this.send(res, 200, dryRun ? merged : this.put(merged));
    }
    if (req.method === 'DELETE') {
      if (!existing) return this.status(res, 404, 'NotFound', `${plural} "${name}" not found`);
      this.remove(existing);
      return this.send(res, 200, existing);
    }
    this.status(res, 405, 'MethodNotAllowed', 'method not allowed');
  }
}

/** mergePatch applies an RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
