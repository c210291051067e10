/**
 * The REST verbs on resources: maps an authenticated HTTP request onto the
 * registry's Resource methods, with Kubernetes' query parameters, content
 * negotiation (JSON or Table), streaming watch and metav1.Status errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, WatchEvent } from '../../../shared/api/meta';
import type { PatchType, Registry, RegistryDeleteOptions, Resource, WatchOptions } from '../registry/types';
import { decodeBody, mediaType, readBody } from './body';
import { boolParam, deleteOptions, isWatch, listOptions, resourceVersionParam, watchOptions, writeOptions } from './query-options';
import { includeObjectParam, TABLE_CONTENT_TYPE, wantsTable } from './negotiate';
import type { ResourceRequest } from './request-info';
import { methodNotAllowed, setWarnings, statusError, writeError, writeJson, writeText } from './respond';

/** PodStreams serves the streaming pod subresources (log, exec, portforward); provided by the kubelet side. */
export interface PodStreams {
  /** log streams GET …/pods/P/log as text/plain. */
  log(namespace: string, name: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const PATCH_TYPES: ReadonlySet<string> = new Set<PatchType>([
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);

/** handleResource serves one request on a resource path. */
export async function handleResource(
  registry: Registry,
  streams: PodStreams | undefined,
  info: ResourceRequest,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const resource = registry.lookup(info.group, info.version, info.resource);
  if (!resource) {
    throw statusError(404, 'NotFound', 'the server could not find the requested resource', {});
  }
  const q = url.searchParams;
  const ns = resource.info.namespaced ? info.namespace : undefined;
  if (!resource.info.namespaced && info.namespace) {
    throw statusError(404, 'NotFound', 'the server could not find the requested resource');
  }
  const method = req.method ?? 'GET';
  const table = wantsTable(req.headers.accept);

  if (info.subresource === 'log' && method === 'GET' && resource.info.resource === 'pods') {
    if (!streams) throw statusError(503, 'ServiceUnavailable', 'pod logs are not available: no kubelet is running');
    await streams.log(ns ?? 'default', info.name!, q, req, res);
    return;
  }

  switch (method) {
    case 'GET': {
      if (info.name && info.subresource) {
        return writeJson(res, 200, await resource.getSubresource(ns, info.name, info.subresource));
      }
      if (info.name) {
        resourceVersionParam(q);
        if (isWatch(q)) {
          // A watch on one object: the same stream, narrowed by name.
          const opts = listOptions(q);
          const byName = `metadata.name=${info.name}`;
          opts.fieldSelector = opts.fieldSelector ? `${opts.fieldSelector},${byName}` : byName;
          return serveWatch(resource, ns, watchOptions(q, opts), table, q, req, res);
        }
        const obj = await resource.get(ns, info.name);
        if (table) return writeJson(res, 200, resource.toTable([obj], { resourceVersion: obj.metadata.resourceVersion }, includeObjectParam(q)), TABLE_CONTENT_TYPE);
        return writeJson(res, 200, obj);
      }
      if (isWatch(q)) return serveWatch(resource, ns, watchOptions(q, listOptions(q)), table, q, req, res);
      if (!table && resource.listJson) {
        // Served from each object's JSON cached per revision (no parse, no stringify of unchanged objects).
        const text = await resource.listJson(ns, listOptions(q));
        if (text !== undefined) return writeText(res, 200, text);
      }
      const list = await resource.list(ns, listOptions(q));
      if (table) return writeJson(res, 200, resource.toTable(list.items, list.metadata, includeObjectParam(q)), TABLE_CONTENT_TYPE);
      return writeJson(res, 200, list);
    }
    case 'POST': {
      const opts = writeOptions(q);
      const body = decodeBody(await readBody(req), req.headers['content-type']);
      if (info.name && info.subresource) {
        const out = await resource.createSubresource(ns, info.name, info.subresource, body, opts);
        setWarnings(res, opts.warnings);
        return writeJson(res, 201, out);
      }
      if (info.name) throw methodNotAllowed(res, ['GET', 'PUT', 'PATCH', 'DELETE']);
      checkBodyNamespace(body, ns);
      const created = await resource.create(ns, body, opts);
      setWarnings(res, opts.warnings);
      return writeJson(res, 201, created);
    }
    case 'PUT': {
      if (!info.name) throw methodNotAllowed(res, ['GET', 'POST', 'DELETE']);
      const opts = writeOptions(q);
      const body = decodeBody(await readBody(req), req.headers['content-type']);
      checkBodyNamespace(body, ns);
      const subresource = info.subresource;
      const updated = await resource.update(ns, info.name, body, { ...opts, ...(subresource ? { subresource } : {}) });
      setWarnings(res, opts.warnings);
      return writeJson(res, 200, updated);
    }
    case 'PATCH': {
      if (!info.name) throw methodNotAllowed(res, ['GET', 'POST', 'DELETE']);
      const type = mediaType(req.headers['content-type']);
      if (!PATCH_TYPES.has(type)) {
        throw statusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${[...PATCH_TYPES].join(', ')}`);
      }
      const opts = writeOptions(q);
      const body = decodeBody(await readBody(req), type === 'application/apply-patch+yaml' ? 'application/yaml' : 'application/json');
      const force = boolParam(q, 'force') === true;
      const subresource = info.subresource;
      const patched = await resource.patch(ns, info.name, type as PatchType, body, {
        ...opts,
        force,
        ...(subresource ? { subresource } : {}),
      });
      setWarnings(res, opts.warnings);
      return writeJson(res, 200, patched);
    }
    case 'DELETE': {
      // Subresources (status, scale, binding…) are never deleted on their own.
      if (info.subresource) throw methodNotAllowed(res, ['GET', 'PUT', 'PATCH']);
      const fromQuery = writeOptions(q);
      const fromBody = await deleteOptions(req, q);
      // dryRun may come from the query or from the DeleteOptions body.
      const opts: RegistryDeleteOptions = { ...fromQuery, ...fromBody, dryRun: Boolean(fromBody.dryRun || fromQuery.dryRun) };
      if (!info.name) {
        // Only resources whose discovery lists deletecollection serve it (namespaces do not).
        if (!resource.info.verbs.includes('deletecollection')) throw methodNotAllowed(res, ['GET', 'POST']);
        const out = await resource.deleteCollection(ns, listOptions(q, false), opts);
        return writeJson(res, 200, out);
      }
      const out = await resource.delete(ns, info.name, opts);
      setWarnings(res, opts.warnings);
      return writeJson(res, 200, out);
    }
    default:
      throw methodNotAllowed(res, info.name ? ['GET', 'PUT', 'PATCH', 'DELETE'] : ['GET', 'POST', 'DELETE']);
  }
}

/** A body naming another namespace than the path is refused, as Kubernetes does. */
function checkBodyNamespace(body: unknown, ns: string | undefined): void {
  const meta = (body as KubeObject | null)?.metadata;
  if (ns && meta && typeof meta === 'object' && meta.namespace && meta.namespace !== ns) {
    throw statusError(400, 'BadRequest', `the namespace of the provided object does not match the namespace sent on the request`);
  }
}

/**
 * Serialised watch lines per event object and type. The registry decodes an
 * event once and hands the same object to every watcher, so twenty watchers
 * of one event serialise it once.
 */
const watchLines = new WeakMap<object, Map<string, string>>();

function watchLine(ev: WatchEvent): string {
  let byType = watchLines.get(ev.object);
  if (!byType) watchLines.set(ev.object, (byType = new Map()));
  let line = byType.get(ev.type);
  if (line === undefined) byType.set(ev.type, (line = `${JSON.stringify({ type: ev.type, object: ev.object })}\n`));
  return line;
}

/**
 * Table watch lines likewise, per event object, resource, type and
 * includeObject: twenty `kubectl get -w` of one kind render each event's row
 * once (its age as of the first rendering, within the same delivery).
 */
const tableLines = new WeakMap<object, Map<string, string>>();

function tableWatchLine(resource: Resource, ev: WatchEvent, include: 'None' | 'Metadata' | 'Object'): string {
  if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') return `${JSON.stringify({ type: ev.type, object: ev.object })}\n`;
  let byKey = tableLines.get(ev.object);
  if (!byKey) tableLines.set(ev.object, (byKey = new Map()));
  const key = `${resource.info.group}/${resource.info.version}/${resource.info.resource} ${ev.type} ${include}`;
  let line = byKey.get(key);
  if (line === undefined) {
    const object = resource.toTable([ev.object], { resourceVersion: ev.object.metadata.resourceVersion }, include);
    byKey.set(key, (line = `${JSON.stringify({ type: ev.type, object })}\n`));
  }
  return line;
}

/**
 * serveWatch streams events as newline-delimited JSON, one flush per event,
 * until the client goes away or the registry ends the watch. The 200 is only
 * written once the registry accepted the watch (or sent its first event), so
 * a watch it refuses (a bad resourceVersion or selector) gets its 4xx Status.
 */
async function serveWatch(
  resource: Resource,
  ns: string | undefined,
  opts: WatchOptions,
  table: boolean,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const include = includeObjectParam(q);
  let ended = false;
  const start = () => {
    if (res.headersSent) return;
    res.writeHead(200, {
      'Content-Type': table ? TABLE_CONTENT_TYPE : 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
  };
  const end = () => {
    if (ended) return;
    ended = true;
    start();
    if (!res.writableEnded) res.end();
  };
  const handle = await resource.watch(ns, opts, {
    event(ev: WatchEvent) {
      if (ended) return;
      start();
      res.write(table ? tableWatchLine(resource, ev, include) : watchLine(ev));
    },
    close: end,
  });
  start();
  const stop = () => {
    handle.stop();
    end();
  };
  req.on('close', stop);
  res.on('close', stop);
  if (ended) handle.stop();
}


export { writeError };
