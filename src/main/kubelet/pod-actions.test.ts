import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../shared/api/core';
import { Backoff } from './backoff';
import { LABEL_ATTEMPT, LABEL_CONTAINER_NAME, LABEL_INIT, LABEL_RESTART_COUNT, LABEL_SANDBOX_ID, LABEL_TYPE, TYPE_CONTAINER, TYPE_SANDBOX } from './naming';
import { computePodActions, gcActions, type PodActions, type PodRuntimeState } from './pod-actions';
import type { ContainerInfo, SandboxInfo } from './runtime/types';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const T0 = '2026-01-01T00:00:00Z';

function sandbox(id: string, state: ContainerInfo['state'], attempt = 0): SandboxInfo {
  return { id, name: id, labels: { [LABEL_TYPE]: TYPE_SANDBOX, [LABEL_ATTEMPT]: String(attempt) }, image: 'pause', imageId: '', state, createdAt: T0, publishedPorts: [] };
}

interface C {
  id?: string;
  sb?: string;
  state?: ContainerInfo['state'];
  exit?: number;
  rc?: number;
  init?: boolean;
  /** Seconds before NOW it finished. */
  ago?: number;
}

function ctr(name: string, c: C = {}): ContainerInfo {
  const labels: Record<string, string> = { [LABEL_TYPE]: TYPE_CONTAINER, [LABEL_CONTAINER_NAME]: name, [LABEL_SANDBOX_ID]: c.sb ?? 'sb1', [LABEL_RESTART_COUNT]: String(c.rc ?? 0) };
  if (c.init) labels[LABEL_INIT] = 'true';
  const info: ContainerInfo = { id: c.id ?? `${name}-${c.rc ?? 0}`, name, labels, image: 'img', imageId: '', state: c.state ?? 'running', createdAt: T0 };
  if (c.exit !== undefined) info.exitCode = c.exit;
  if (c.state === 'exited') info.finishedAt = new Date(NOW - (c.ago ?? 60) * 1000).toISOString();
  return info;
}

interface Case {
  name: string;
  policy?: Pod['spec']['restartPolicy'];
  init?: string[];
  app?: string[];
  /** The newest sandbox: running sb1 by default; null = none. */
  sandbox?: SandboxInfo | null;
  containers?: ContainerInfo[];
  /** Crash back-off entries already recorded (key → failures so far). */
  backoff?: Record<string, number>;
  /** Failed probes: `<container>/<liveness|startup>`. */
  failedProbes?: string[];
  phase?: 'Succeeded' | 'Failed';
  deleting?: number;
  deleted?: boolean;
  want: Summary;
}

interface Summary {
  kind: PodActions['kind'];
  sandbox?: string;
  start?: string[];
  kill?: string[];
  keep?: string[];
  waiting?: Record<string, string>;
  phase?: string;
  initDone?: boolean;
  grace?: number;
}

function summarize(a: PodActions): Summary {
  if (a.kind === 'terminate') return { kind: a.kind, grace: a.graceSeconds };
  if (a.kind !== 'sync') return { kind: a.kind };
  const s: Summary = {
    kind: a.kind,
    sandbox: a.killPod ? 'killPod' : a.createSandbox ? `create#${a.createSandbox.attempt}${a.createSandbox.replacesDead ? ' (replaces dead)' : ''}` : 'keep',
    start: a.start.map((x) => `${x.init ? 'init:' : ''}${x.container.name}#${x.restartCount}${x.backoffKey ? ' +backoff' : ''}`),
    kill: a.kill.map((x) => `${x.container.name} (${x.probe})`),
    keep: a.keep.map((x) => x.container.name),
    waiting: Object.fromEntries([...a.waiting].map(([k, v]) => [k, v.reason])),
    initDone: a.initDone,
  };
  if (a.phaseOverride) s.phase = a.phaseOverride;
  return s;
}

function run(c: Case): PodActions {
  const spec = (n: string): Container => ({ name: n, image: 'img' });
  const pod: Pod = {
    metadata: { name: 'p', namespace: 'default', uid: 'u' },
    spec: { containers: (c.app ?? ['c']).map(spec), ...(c.init ? { initContainers: c.init.map(spec) } : {}), ...(c.policy ? { restartPolicy: c.policy } : {}) },
  };
  if (c.phase) pod.status = { phase: c.phase };
  if (c.deleting !== undefined) {
    pod.metadata.deletionTimestamp = T0;
    pod.metadata.deletionGracePeriodSeconds = c.deleting;
  }
  const backoff = new Backoff(10_000, 300_000, { now: () => NOW });
  for (const [key, n] of Object.entries(c.backoff ?? {})) for (let i = 0; i < n; i++) backoff.next(key, NOW - 5000);
  const sb = c.sandbox === null ? undefined : (c.sandbox ?? sandbox('sb1', 'running'));
  const state: PodRuntimeState = { sandboxes: sb ? [sb] : [], containers: c.containers ?? [] };
  const failed = new Set(c.failedProbes ?? []);
  return computePodActions({ pod, state, sandbox: sb, crashBackoff: backoff, probes: { failed: (name, type) => failed.has(`${name}/${type}`) }, deleted: !!c.deleted });
}

const none = { kill: [], keep: [], waiting: {} };

const cases: Case[] = [
  // Pod-level.
  { name: 'a new pod: create sandbox #0, start every app container', app: ['a', 'b'], sandbox: null, want: { kind: 'sync', sandbox: 'create#0', start: ['a#0', 'b#0'], ...none, initDone: true } },
  { name: 'dead pause container: whole pod recreated in sandbox #1, restart counts go on', sandbox: sandbox('sb1', 'exited', 0), containers: [ctr('c', { rc: 2 })], want: { kind: 'sync', sandbox: 'create#1 (replaces dead)', start: ['c#3'], ...none, initDone: true } },
  { name: 'pause container removed (engine restarted): new sandbox #0, containers again', sandbox: null, containers: [], want: { kind: 'sync', sandbox: 'create#0', start: ['c#0'], ...none, initDone: true } },
  { name: 'dead sandbox under Never: no new sandbox, the pod ends with what ran', policy: 'Never', sandbox: sandbox('sb1', 'exited', 3), containers: [ctr('c', { state: 'exited', exit: 137 })], want: { kind: 'sync', sandbox: 'killPod', start: [], ...none, initDone: true } },
  { name: 'dead sandbox under Never, a container never created: Failed', policy: 'Never', app: ['a', 'b'], sandbox: sandbox('sb1', 'exited', 0), containers: [ctr('a', { state: 'exited', exit: 0 })], want: { kind: 'sync', sandbox: 'killPod', start: [], ...none, initDone: true, phase: 'Failed' } },
  { name: 'dead sandbox under Never, init unfinished: Failed', policy: 'Never', init: ['i1'], sandbox: sandbox('sb1', 'exited', 0), containers: [ctr('i1', { init: true, state: 'exited', exit: 137 })], want: { kind: 'sync', sandbox: 'killPod', start: [], ...none, initDone: false, phase: 'Failed' } },
  { name: 'no sandbox and no container yet under Never: a first sandbox', policy: 'Never', sandbox: null, want: { kind: 'sync', sandbox: 'create#0', start: ['c#0'], ...none, initDone: true } },
  { name: 'dead sandbox under OnFailure: recreated', policy: 'OnFailure', sandbox: sandbox('sb1', 'exited', 0), containers: [ctr('c', { state: 'exited', exit: 137 })], want: { kind: 'sync', sandbox: 'create#1 (replaces dead)', start: ['c#1'], ...none, initDone: true } },
  { name: 'being deleted: terminate with the deletion grace period', deleting: 7, want: { kind: 'terminate', grace: 7 } },
  { name: 'gone from the API: remove', deleted: true, want: { kind: 'remove' } },
  { name: 'terminal (Succeeded): nothing restarts', phase: 'Succeeded', containers: [ctr('c', { state: 'exited', exit: 0 })], want: { kind: 'stopTerminal' } },
  { name: 'terminal (Failed): nothing restarts', phase: 'Failed', policy: 'Always', want: { kind: 'stopTerminal' } },

  // restartPolicy × exit code.
  { name: 'running container: left alone', containers: [ctr('c')], want: { kind: 'sync', sandbox: 'keep', start: [], kill: [], keep: ['c'], waiting: {}, initDone: true } },
  { name: 'Always, exit 0: restarted', policy: 'Always', containers: [ctr('c', { state: 'exited', exit: 0 })], want: { kind: 'sync', sandbox: 'keep', start: ['c#1 +backoff'], ...none, initDone: true } },
  { name: 'Always, exit 1: restarted', policy: 'Always', containers: [ctr('c', { state: 'exited', exit: 1, rc: 4 })], want: { kind: 'sync', sandbox: 'keep', start: ['c#5 +backoff'], ...none, initDone: true } },
  { name: 'OnFailure, exit 0: left (completed)', policy: 'OnFailure', containers: [ctr('c', { state: 'exited', exit: 0 })], want: { kind: 'sync', sandbox: 'keep', start: [], ...none, initDone: true } },
  { name: 'OnFailure, exit 2: restarted', policy: 'OnFailure', containers: [ctr('c', { state: 'exited', exit: 2 })], want: { kind: 'sync', sandbox: 'keep', start: ['c#1 +backoff'], ...none, initDone: true } },
  { name: 'Never, exit 1: left', policy: 'Never', containers: [ctr('c', { state: 'exited', exit: 1 })], want: { kind: 'sync', sandbox: 'keep', start: [], ...none, initDone: true } },
  { name: 'Never, exit 0: left', policy: 'Never', containers: [ctr('c', { state: 'exited', exit: 0 })], want: { kind: 'sync', sandbox: 'keep', start: [], ...none, initDone: true } },
  { name: 'created but never started counts as dead: restarted', containers: [ctr('c', { state: 'created' })], want: { kind: 'sync', sandbox: 'keep', start: ['c#1 +backoff'], ...none, initDone: true } },
  {
    name: 'crashed within its back-off: CrashLoopBackOff, not started',
    containers: [ctr('c', { state: 'exited', exit: 1, ago: 2 })],
    backoff: { 'u/c': 2 },
    want: { kind: 'sync', sandbox: 'keep', start: [], kill: [], keep: [], waiting: { c: 'CrashLoopBackOff' }, initDone: true },
  },
  { name: 'crashed long enough ago: back-off over, restarted', containers: [ctr('c', { state: 'exited', exit: 1, ago: 60 })], backoff: { 'u/c': 1 }, want: { kind: 'sync', sandbox: 'keep', start: ['c#1 +backoff'], ...none, initDone: true } },
  { name: 'two containers: one running, one dead', app: ['a', 'b'], containers: [ctr('a'), ctr('b', { state: 'exited', exit: 1 })], want: { kind: 'sync', sandbox: 'keep', start: ['b#1 +backoff'], kill: [], keep: ['a'], waiting: {}, initDone: true } },

  // Init containers.
  { name: 'init: first one starts, app containers wait', init: ['i1', 'i2'], want: { kind: 'sync', sandbox: 'keep', start: ['init:i1#0'], kill: [], keep: [], waiting: { c: 'PodInitializing' }, initDone: false } },
  { name: 'init: one running, nothing else starts', init: ['i1', 'i2'], containers: [ctr('i1', { init: true })], want: { kind: 'sync', sandbox: 'keep', start: [], kill: [], keep: [], waiting: { c: 'PodInitializing' }, initDone: false } },
  { name: 'init: in order, the second after the first succeeded', init: ['i1', 'i2'], containers: [ctr('i1', { init: true, state: 'exited', exit: 0 })], want: { kind: 'sync', sandbox: 'keep', start: ['init:i2#0'], kill: [], keep: [], waiting: { c: 'PodInitializing' }, initDone: false } },
  {
    name: 'init: all succeeded, app containers start',
    init: ['i1', 'i2'],
    containers: [ctr('i1', { init: true, state: 'exited', exit: 0 }), ctr('i2', { init: true, state: 'exited', exit: 0 })],
    want: { kind: 'sync', sandbox: 'keep', start: ['c#0'], ...none, initDone: true },
  },
  { name: 'init failed, Always: restarted', init: ['i1'], containers: [ctr('i1', { init: true, state: 'exited', exit: 1 })], want: { kind: 'sync', sandbox: 'keep', start: ['init:i1#1 +backoff'], kill: [], keep: [], waiting: { c: 'PodInitializing' }, initDone: false } },
  { name: 'init failed, OnFailure: restarted', policy: 'OnFailure', init: ['i1'], containers: [ctr('i1', { init: true, state: 'exited', exit: 1 })], want: { kind: 'sync', sandbox: 'keep', start: ['init:i1#1 +backoff'], kill: [], keep: [], waiting: { c: 'PodInitializing' }, initDone: false } },
  { name: 'init failed, Never: pod Failed, nothing starts', policy: 'Never', init: ['i1', 'i2'], containers: [ctr('i1', { init: true, state: 'exited', exit: 1 })], want: { kind: 'sync', sandbox: 'keep', start: [], ...none, initDone: false, phase: 'Failed' } },
  {
    name: 'init failed within its back-off: CrashLoopBackOff',
    init: ['i1'],
    containers: [ctr('i1', { init: true, state: 'exited', exit: 1, ago: 1 })],
    backoff: { 'u/init/i1': 1 },
    want: { kind: 'sync', sandbox: 'keep', start: [], kill: [], keep: [], waiting: { 'init:i1': 'CrashLoopBackOff', c: 'PodInitializing' }, initDone: false },
  },
  {
    name: 'init succeeded in a dead sandbox: runs again in the new one',
    init: ['i1'],
    sandbox: sandbox('sb1', 'exited', 0),
    containers: [ctr('i1', { init: true, state: 'exited', exit: 0 }), ctr('c', { state: 'exited', exit: 137 })],
    want: { kind: 'sync', sandbox: 'create#1 (replaces dead)', start: ['init:i1#1'], kill: [], keep: [], waiting: { c: 'PodInitializing' }, initDone: false },
  },

  // Probes.
  { name: 'liveness failed: killed (restart next sync)', containers: [ctr('c')], failedProbes: ['c/liveness'], want: { kind: 'sync', sandbox: 'keep', start: [], kill: ['c (liveness)'], keep: [], waiting: {}, initDone: true } },
  { name: 'startup failed: killed', containers: [ctr('c')], failedProbes: ['c/startup'], want: { kind: 'sync', sandbox: 'keep', start: [], kill: ['c (startup)'], keep: [], waiting: {}, initDone: true } },
  { name: 'killed by liveness, exited: restarted even under OnFailure (exit 137)', policy: 'OnFailure', containers: [ctr('c', { state: 'exited', exit: 137 })], want: { kind: 'sync', sandbox: 'keep', start: ['c#1 +backoff'], ...none, initDone: true } },
  { name: 'readiness failure: no restart (status only)', containers: [ctr('c')], failedProbes: ['c/readiness'], want: { kind: 'sync', sandbox: 'keep', start: [], kill: [], keep: ['c'], waiting: {}, initDone: true } },
];

describe('computePodActions', () => {
  it.each(cases)('$name', (c) => {
    expect(summarize(run(c))).toEqual(c.want);
  });

  it('is pure: the same input gives the same actions and the input is not changed', () => {
    const c = cases.find((x) => x.name.startsWith('crashed within'))!;
    const a = JSON.stringify(summarize(run(c)));
    expect(JSON.stringify(summarize(run(c)))).toBe(a);
  });

  it('a liveness kill asks for a sync right away; a back-off asks for one when it ends', () => {
    const kill = run({ name: '', containers: [ctr('c')], failedProbes: ['c/liveness'], want: { kind: 'sync' } });
    expect(kill.kind === 'sync' && kill.requeueAfterMs).toBe(0);
    const wait = run({ name: '', containers: [ctr('c', { state: 'exited', exit: 1, ago: 2 })], backoff: { 'u/c': 1 }, want: { kind: 'sync' } });
    // 10 s back-off, crashed 2 s ago: 8 s (+50 ms so the timer lands after the end).
    expect(wait.kind === 'sync' && wait.requeueAfterMs).toBe(8050);
  });

  it('a liveness kill uses the probe-level grace period', () => {
    const pod = { metadata: { name: 'p', namespace: 'd', uid: 'u' }, spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'i', livenessProbe: { exec: { command: ['x'] }, terminationGracePeriodSeconds: 3 } }] } } as Pod;
    const a = computePodActions({ pod, state: { sandboxes: [sandbox('sb1', 'running')], containers: [ctr('c')] }, sandbox: sandbox('sb1', 'running'), crashBackoff: new Backoff(), probes: { failed: (_n, t) => t === 'liveness' } });
    expect(a.kind === 'sync' && a.kill[0]?.graceSeconds).toBe(3);
  });
});

describe('gcActions', () => {
  it('keeps the current and one previous instance per container, and the current sandbox', () => {
    const state: PodRuntimeState = {
      sandboxes: [sandbox('sb2', 'running', 1), sandbox('sb1', 'exited', 0)],
      containers: [ctr('c', { rc: 3, sb: 'sb2' }), ctr('c', { rc: 2, state: 'exited', sb: 'sb2' }), ctr('c', { rc: 1, state: 'exited' }), ctr('c', { rc: 0, state: 'exited' }), ctr('i', { init: true, state: 'exited', exit: 0 })],
    };
    const gc = gcActions(state, 'sb2');
    expect(gc.containers.map((c) => c.id).sort()).toEqual(['c-0', 'c-1']);
    expect(gc.sandboxes.map((s) => s.id)).toEqual(['sb1']);
  });
});
