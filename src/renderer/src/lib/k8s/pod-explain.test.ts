import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/api/core';
import { SCHEDULING_ANNOTATION } from '../../../../shared/api/scheduling';
import { containerStateWords, pendingFix, PULL_PROGRESS_ANNOTATION, pullWords, terminatedWords, whyHere, whyPending } from './pod-explain';

const now = Date.parse('2026-01-01T00:10:00Z');
const pod = (extra: Partial<Pod> = {}): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, ...extra }) as Pod;

describe('pod explanations', () => {
  it('says the exit code, reason, signal and finish time', () => {
    expect(terminatedWords({ exitCode: 3, reason: 'Error', signal: 9, finishedAt: '2026-01-01T00:08:00Z' }, now)).toBe('exit code 3 (Error), signal 9, finished 2m ago');
  });
  it('never says unknown for a pending container', () => {
    expect(containerStateWords(undefined, pod(), now)).toBe('waiting: not scheduled to a node yet');
    expect(containerStateWords(undefined, pod({ spec: { nodeName: 'n1', containers: [] } }), now)).toBe('waiting: not started yet');
    const pulling = pod({ metadata: { name: 'p', annotations: { [PULL_PROGRESS_ANNOTATION]: JSON.stringify({ image: 'big:1', fraction: 0.1, currentBytes: 1, totalBytes: 10 }) } }, spec: { nodeName: 'n1', containers: [] } });
    expect(containerStateWords(undefined, pulling, now)).toBe('waiting: an image is being pulled');
    expect(containerStateWords({ waiting: { reason: 'ErrImagePull', message: 'not found' } }, pod(), now)).toBe('waiting: ErrImagePull (not found)');
  });
  it('explains a pending pod in words, per node', () => {
    const explanation = { time: '2026-01-01T00:00:00Z', message: '0/1 nodes are available: 1 Insufficient cpu.', nodes: [{ name: 'n1', feasible: false, reasons: ['Insufficient cpu'] }] };
    const why = whyPending(pod({ metadata: { name: 'p', annotations: { [SCHEDULING_ANNOTATION]: JSON.stringify(explanation) } } }));
    expect(why?.summary).toBe('No node can run this pod: 1 of 1 node ruled out.');
    expect(why?.nodes).toEqual([{ node: 'n1', fits: false, words: 'does not fit: not enough CPU free' }]);
    expect(whyPending(pod({ spec: { nodeName: 'n1', containers: [] } }))).toBeUndefined();
  });
  it('shows pull progress', () => {
    expect(pullWords({ image: 'busybox', fraction: 0.42, currentBytes: 1_200_000, totalBytes: 2_800_000 })).toBe('pulling busybox: 42% (1.2 MB of 2.8 MB)');
    expect(pullWords({ image: 'big', fraction: 0.5, currentBytes: 5e6, totalBytes: 1e7, layersDone: 1, layersTotal: 2 })).toBe('pulling big: 50% (5.0 MB of 10.0 MB), 1 of 2 layers');
  });
  it('says per node how much CPU is free and what would fix a pod too big for any node', () => {
    const x = {
      time: '2026-01-01T00:00:00Z',
      message: '0/2 nodes are available: 2 Insufficient cpu.',
      request: { milliCPU: 64000, memory: 0 },
      nodes: [
        { name: 'a', feasible: false, reasons: ['Insufficient cpu'], resources: { freeMilliCPU: 1500, freeMemory: 0, allocatableMilliCPU: 2000, allocatableMemory: 0 } },
        { name: 'b', feasible: false, reasons: ['Insufficient cpu'], resources: { freeMilliCPU: 4000, freeMemory: 0, allocatableMilliCPU: 4000, allocatableMemory: 0 } },
      ],
    };
    const why = whyPending(pod({ metadata: { name: 'p', annotations: { [SCHEDULING_ANNOTATION]: JSON.stringify(x) } } }));
    expect(why?.nodes[0]?.words).toBe('does not fit: not enough CPU free (1500m CPU free of 2 CPU, the pod requests 64 CPU)');
    expect(why?.fix).toBe('It requests 64 CPU, more CPU than any node has at all (the largest has 4 CPU): lower the CPU request to at most 4 CPU, or add a node with at least 64 CPU.');
    expect(pendingFix({ ...x, request: { milliCPU: 3000, memory: 0 }, nodes: [{ ...x.nodes[1]!, resources: { ...x.nodes[1]!.resources, freeMilliCPU: 2500 } }] })).toBe(
      'It needs 500m CPU more than any node has free: lower the request, free CPU on a node (delete or scale down pods), or add a node.',
    );
    expect(pendingFix({ time: '', nodes: [{ name: 'a', feasible: false, reasons: ['node(s) were unschedulable'] }] })).toBe('To schedule it: uncordon a node.');
  });
  it('says the scheduler is paused before anything else', () => {
    expect(whyPending(pod(), { schedulerPaused: true })?.summary).toBe('The scheduler is paused: no node is chosen for this pod until it is resumed.');
  });
  it('explains why a scheduled pod is on its node', () => {
    const x = {
      time: '',
      node: 'big',
      nodes: [
        { name: 'big', feasible: true, scores: { NodeResourcesFit: 50 }, total: 250 },
        { name: 'small', feasible: false, reasons: ['Insufficient cpu'], resources: { freeMilliCPU: 2000, freeMemory: 0, allocatableMilliCPU: 2000, allocatableMemory: 0 } },
      ],
    };
    const why = whyHere(pod({ metadata: { name: 'p', annotations: { [SCHEDULING_ANNOTATION]: JSON.stringify(x) } }, spec: { nodeName: 'big', containers: [] } }));
    expect(why?.summary).toBe('Placed on big: it passed every filter and was the only node that fit; 1 node was ruled out.');
    expect(why?.nodes.map((n) => [n.node, n.chosen, n.words])).toEqual([
      ['big', true, 'fits; score 250 (NodeResourcesFit 50)'],
      ['small', false, 'does not fit: not enough CPU free (2 CPU free of 2 CPU)'],
    ]);
  });
});
