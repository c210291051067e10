/**
 * Issue 15 A5: query parameters as Kubernetes' apiserver parses them, one
 * test per spelling, over HTTPS against a real cluster. Booleans follow
 * Convert_Slice_string_To_bool (present and not "0"/"false" in any case is
 * true, so `?watch` and `?watch=yes` watch); integers follow strconv.ParseInt
 * (a sign is allowed, sent as %2B since + in a query is a space; a limit of zero or less is no limit); list options are
 * validated as ValidateListOptions does, with 422 Invalid; a watch-list
 * (sendInitialEvents) ends its initial events with the annotated bookmark;
 * client-go's Accept list with protobuf first gets JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawApiClient, type ApiResponse, type RawApiClient, type StatusBody } from './helpers/api-http';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;
let api: RawApiClient;
const NS = '/api/v1/namespaces/default';
const CM = `${NS}/configmaps`;
let rv = '';

beforeAll(async () => {
  tc = await startTestCluster();
  api = rawApiClient(tc.cluster.apiUrl, tc.cluster.token, tc.cluster.caPem);
  for (const name of ['qp-a', 'qp-b', 'qp-c']) {
    const res = await api.call('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { set: 'qp' } }, data: { k: name } }));
    expect(res.status).toBe(201);
  }
  rv = ((await api.call('GET', CM)).json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
});
afterAll(async () => {
  api?.close();
  await tc?.stop();
});

/** events splits a watch body into its events. */
function events(res: ApiResponse): { type: string; object: { kind?: string; metadata: { name?: string; annotations?: Record<string, string> } } }[] {
  return res.text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name?: string } } });
}

function expectInvalid(res: ApiResponse, message: string): void {
  expect(res.status, res.text).toBe(422);
  const s = res.json as StatusBody;
  expect(s).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422, details: { group: 'meta.k8s.io', kind: 'ListOptions' } });
  expect(s.message).toBe(`ListOptions.meta.k8s.io "" is invalid: ${message}`);
}

describe('booleans: present and not "0"/"false" is true', () => {
  for (const v of ['true', '1', 'True', 'TRUE', 't', 'yes', '']) {
    it(`?watch=${v} watches`, async () => {
      const res = await api.call('GET', `${CM}?watch=${v}&labelSelector=set%3Dqp&timeoutSeconds=1`);
      expect(res.status, res.text).toBe(200);
      expect(events(res).filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name).sort()).toEqual(['qp-a', 'qp-b', 'qp-c']);
    });
  }
  it('?watch (no value) watches', async () => {
    const res = await api.call('GET', `${CM}?watch&labelSelector=set%3Dqp&timeoutSeconds=1`);
    expect(events(res).map((e) => e.type)).toContain('ADDED');
  });
  for (const v of ['false', '0', 'False', 'FALSE']) {
    it(`?watch=${v} lists`, async () => {
      const res = await api.call('GET', `${CM}?watch=${v}&labelSelector=set%3Dqp`);
      expect(res.status, res.text).toBe(200);
      expect((res.json as { kind: string; items: unknown[] }).kind).toBe('ConfigMapList');
    });
  }
  for (const spelling of ['1', 'True', 'false']) {
    it(`DELETE ?orphanDependents=${spelling} ${spelling === 'false' ? 'deletes at once' : 'leaves the orphan finalizer for the garbage collector'} (the Python client spells True)`, async () => {
      const name = `qp-orphan-${spelling.toLowerCase()}`;
      expect((await api.call('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }))).status).toBe(201);
      const res = await api.call('DELETE', `${CM}/${name}?orphanDependents=${spelling}`);
      expect(res.status, res.text).toBe(200);
      const after = await api.call('GET', `${CM}/${name}`);
      if (spelling === 'false') expect(after.status).toBe(404);
      else expect((after.json as { metadata: { finalizers?: string[] } }).metadata.finalizers).toEqual(['orphan']);
    });
  }
});

describe('integers: strconv.ParseInt', () => {
  for (const v of ['2', '+2', '02']) {
    it(`?limit=${v} pages by 2`, async () => {
      const res = await api.call('GET', `${CM}?labelSelector=set%3Dqp&limit=${encodeURIComponent(v)}`);
      const list = res.json as { items: unknown[]; metadata: { continue?: string } };
      expect(list.items).toHaveLength(2);
      expect(list.metadata.continue).toBeTruthy();
    });
  }
  for (const v of ['0', '-5']) {
    it(`?limit=${v} is no limit`, async () => {
      const res = await api.call('GET', `${CM}?labelSelector=set%3Dqp&limit=${v}`);
      expect(res.status, res.text).toBe(200);
      expect((res.json as { items: unknown[] }).items).toHaveLength(3);
    });
  }
  for (const v of ['ten', '1.5', '0x10']) {
    it(`?limit=${v} is a 400 naming limit`, async () => {
      const res = await api.call('GET', `${CM}?limit=${v}`);
      expect(res.status).toBe(400);
      expect((res.json as StatusBody).message).toBe(`invalid value for limit: strconv.ParseInt: parsing "${v}": invalid syntax`);
    });
  }
  it('?timeoutSeconds=-1 ends a watch at once (a deadline already passed)', async () => {
    const res = await api.call('GET', `${CM}?watch=1&timeoutSeconds=-1`);
    expect(res.status, res.text).toBe(200);
  });
  it('?gracePeriodSeconds=-3 on a pod means 1 s, as on Kubernetes', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'qp-grace' }, spec: { nodeName: 'nowhere', containers: [{ name: 'c', image: 'busybox' }] } };
    expect((await api.call('POST', `${NS}/pods`, JSON.stringify(pod))).status).toBe(201);
    const res = await api.call('DELETE', `${NS}/pods/qp-grace?gracePeriodSeconds=-3`);
    expect(res.status, res.text).toBe(200);
    expect((res.json as { metadata: { deletionGracePeriodSeconds?: number } }).metadata.deletionGracePeriodSeconds).toBe(1);
    await api.call('DELETE', `${NS}/pods/qp-grace?gracePeriodSeconds=0`);
  });
});

describe('list options: ValidateListOptions', () => {
  it('a list at an exact resourceVersion, and NotOlderThan 0', async () => {
    expect((await api.call('GET', `${CM}?resourceVersion=${rv}&resourceVersionMatch=Exact`)).status).toBe(200);
    expect((await api.call('GET', `${CM}?resourceVersion=0&resourceVersionMatch=NotOlderThan`)).status).toBe(200);
  });
  it('resourceVersionMatch without resourceVersion', async () => {
    expectInvalid(await api.call('GET', `${CM}?resourceVersionMatch=Exact`), 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  });
  it('an unknown resourceVersionMatch', async () => {
    expectInvalid(await api.call('GET', `${CM}?resourceVersion=1&resourceVersionMatch=Sometimes`), 'resourceVersionMatch: Unsupported value: "Sometimes": supported values: "NotOlderThan", "Exact"');
  });
  it('Exact at resourceVersion 0', async () => {
    expectInvalid(await api.call('GET', `${CM}?resourceVersion=0&resourceVersionMatch=Exact`), 'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
  });
  it('sendInitialEvents on a list', async () => {
    expectInvalid(await api.call('GET', `${CM}?sendInitialEvents=true`), 'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list');
  });
  it('resourceVersionMatch on a watch without sendInitialEvents', async () => {
    expectInvalid(await api.call('GET', `${CM}?watch=1&resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`), 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
  });
  it('sendInitialEvents without bookmarks or NotOlderThan', async () => {
    expectInvalid(
      await api.call('GET', `${CM}?watch=1&sendInitialEvents=true`),
      '[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true]',
    );
  });
  it('a watch-list (client-go spelling, empty resourceVersion) sends the initial events, then the bookmark that ends them', async () => {
    const res = await api.call('GET', `${CM}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&resourceVersion=&labelSelector=set%3Dqp&timeoutSeconds=2`);
    expect(res.status, res.text).toBe(200);
    const evs = events(res);
    const end = evs.findIndex((e) => e.type === 'BOOKMARK' && e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true');
    expect(end, res.text).toBeGreaterThan(0);
    expect(evs.slice(0, end).map((e) => `${e.type} ${e.object.metadata.name}`).sort()).toEqual(['ADDED qp-a', 'ADDED qp-b', 'ADDED qp-c']);
  });
});

describe('content types', () => {
  it("client-go's Accept (protobuf first, then JSON) gets JSON", async () => {
    const res = await api.call('GET', CM, undefined, undefined, 'application/vnd.kubernetes.protobuf,application/json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((res.json as { kind: string }).kind).toBe('ConfigMapList');
  });
});
