import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/api/core';
import { SCHEDULING_ANNOTATION } from '../../../../shared/api/scheduling';
import { containerStateWords, pullWords, terminatedWords, whyPending } from './pod-explain';

const now = Date.parse('2026-01-01T00:10:00Z');
const pod = (extra: Partial<Pod> = {}): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, ...extra }) as Pod;

describe('pod explanations', () => {
  it('says the exit code, reason, signal and finish time', () => {
    expect(terminatedWords({ exitCode: 3, reason: 'Error', signal: 9, finishedAt: '2026-01-01T00:08:00Z' }, now)).toBe('exit code 3 (Error), signal 9, finished 2m ago');
  });
  it('never says unknown for a pending container', () => {
    expect(containerStateWords(undefined, pod(), now)).toBe('waiting: not scheduled to a node yet');
    expect(containerStateWords(undefined, pod({ spec: { nodeName: 'n1', containers: [] } }), now)).toBe('waiting: not started yet');
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
  });
});
