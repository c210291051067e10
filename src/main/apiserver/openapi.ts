/**
 * /openapi/v3: a discovery document naming one document per group-version,
 * and per group-version documents with the paths and operations kubectl reads.
 * kubectl apply checks that the PATCH operation of a resource path carries
 * x-kubernetes-group-version-kind and a fieldValidation parameter; if so it
 * leaves validation to the server (fieldValidation=Strict). components.schemas
 * carries each kind's real schema (openapi/schemas.ts), which `kubectl explain`
 * reads by x-kubernetes-group-version-kind.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../../shared/api/resources';
import { schemasForGroupVersion } from './openapi/schemas';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
}));

function operations(r: ResourceInfo, kind: { group: string; version: string; kind: string }, item: boolean): object {
  const gvk = { 'x-kubernetes-group-version-kind': kind };
  const ok = { responses: { '200': { description: 'OK' } } };
  const ops: Record<string, object> = {};
  const can = (verb: string) => r.verbs.includes(verb);
  if (item) {
    if (can('get')) ops.get = { ...ok, ...gvk, 'x-kubernetes-action': 'get' };
    if (can('update')) ops.put = { ...ok, ...gvk, parameters: QUERY_PARAMS, 'x-kubernetes-action': 'put' };
    if (can('patch')) {
      ops.patch = {
        ...ok,
        ...gvk,
        parameters: [...QUERY_PARAMS, { name: 'force', in: 'query', schema: { type: 'boolean' } }],
        requestBody: {
          content: Object.fromEntries(
            ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'].map((t) => [
              t,
              { schema: { type: 'object' } },
            ]),
          ),
        },
        'x-kubernetes-action': 'patch',
      };
    }
    if (can('delete')) ops.delete = { ...ok, ...gvk, parameters: QUERY_PARAMS, 'x-kubernetes-action': 'delete' };
  } else {
    if (can('list')) ops.get = { ...ok, ...gvk, 'x-kubernetes-action': 'list' };
    if (can('create')) ops.post = { ...ok, ...gvk, parameters: QUERY_PARAMS, 'x-kubernetes-action': 'post' };
  }
  return ops;
}

/** openapiGroupVersionDoc builds the OpenAPI v3 document of one group-version (undefined if not served). */
export function openapiGroupVersionDoc(group: string, version: string): object | undefined {
  const rs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const base = `/${gvPath(group, version)}`;
  const paths: Record<string, object> = {};
  for (const r of rs) {
    const kind = { group: r.group, version: r.version, kind: r.kind };
    const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}` : `${base}/${r.resource}`;
    paths[collection] = operations(r, kind, false);
    paths[`${collection}/{name}`] = operations(r, kind, true);
    if (r.namespaced) paths[`${base}/${r.resource}`] = { get: { ...operations(r, kind, false) } };
    for (const s of r.subresources) {
      if (s.name === 'status' || s.name === 'scale') {
        paths[`${collection}/{name}/${s.name}`] = operations({ ...r, verbs: s.verbs }, s.responseKind, true);
      }
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: schemasForGroupVersion(group, version, rs.map((r) => r.kind)) },
  };
}

const hashes = new Map<string, string>();

function docHash(group: string, version: string): string {
  const key = apiVersionOf({ group, version });
  let h = hashes.get(key);
  if (!h) {
    h = createHash('sha512').update(JSON.stringify(openapiGroupVersionDoc(group, version))).digest('hex').slice(0, 32).toUpperCase();
    hashes.set(key, h);
  }
  return h;
}

/** openapiDoc answers GET /openapi/v3/<api|apis/group>/<version>. */
export function openapiDoc(group: string, version: string): object | undefined {
  return openapiGroupVersionDoc(group, version);
}

/** OPENAPI_V2_PROTOBUF is the Content-Type of the protobuf answer (kubectl asks with `…spec.v2@v1.0+protobuf`; Go's mime parser refuses the '@' in a reply). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function protoString(field: number, value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  // Lengths here stay below 128, so the length is a one-byte varint.
  return Buffer.concat([Buffer.from([(field << 3) | 2, bytes.length]), bytes]);
}

/**
 * openapiV2 answers GET /openapi/v2 with an empty Swagger 2.0 document (no
 * definitions). kubectl's client-side validator reads it and skips kinds it
 * finds no schema for, so an unknown kind reaches kubectl's own clear error
 * (`no matches for kind "Widget" in version …`) instead of failing on a 404.
 * Built-in kinds are validated by the server (fieldValidation, see v3).
 */
export function openapiV2(accept: string | undefined): { contentType: string; body: Buffer } {
  const info = { title: 'Kubernetes', version: 'v1.32.0' };
  if (accept?.includes('protobuf')) {
    // gnostic openapi_v2.Document: swagger = 1, info = 2 (Info: title = 1, version = 2).
    const body = Buffer.concat([protoString(1, '2.0'), protoString(2, Buffer.concat([protoString(1, info.title), protoString(2, info.version)]))]);
    return { contentType: OPENAPI_V2_PROTOBUF, body };
  }
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify({ swagger: '2.0', info, paths: {}, definitions: {} })) };
}

/** openapiRoot answers GET /openapi/v3. */
export function openapiRoot(): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of RESOURCES) {
    const p = gvPath(r.group, r.version);
    paths[p] ??= { serverRelativeURL: `/openapi/v3/${p}?hash=${docHash(r.group, r.version)}` };
  }
  return { paths };
}
