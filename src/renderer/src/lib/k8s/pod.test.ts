import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/api/core';
import { podReady, podRestarts, podStatus, statusTone } from './pod';

const pod = (status: Pod['status'], extra: Partial<Pod['metadata']> = {}): Pod => ({
  metadata: { name: 'p', ...extra },
  spec: { containers: [{ name: 'app' }] },
  status,
});

describe('podStatus (as kubectl prints it)', () => {
  it('shows the phase, or the waiting reason of a container', () => {
    expect(podStatus(pod({ phase: 'Pending' }))).toBe('Pending');
    expect(
      podStatus(pod({ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: '', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } }] })),
    ).toBe('ContainerCreating');
    expect(
      podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 4, image: '', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } }] })),
    ).toBe('CrashLoopBackOff');
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } }] }))).toBe('Running');
  });

  it('shows terminated reasons and exit codes', () => {
    const term = (t: { exitCode: number; reason?: string; signal?: number }) =>
      podStatus(pod({ phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: t } }] }));
    expect(term({ exitCode: 0, reason: 'Completed' })).toBe('Completed');
    expect(term({ exitCode: 2 })).toBe('ExitCode:2');
    expect(term({ exitCode: 137, signal: 9 })).toBe('Signal:9');
  });

  it('shows Init:N/M while init containers run', () => {
    const p: Pod = {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'i1' }, { name: 'i2' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', ready: true, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0 } } },
          { name: 'i2', ready: false, restartCount: 0, image: '', imageID: '', state: { running: {} } },
        ],
      },
    };
    expect(podStatus(p)).toBe('Init:1/2');
  });

  it('shows Terminating once deletion is pending', () => {
    expect(podStatus(pod({ phase: 'Running' }, { deletionTimestamp: '2026-01-01T00:00:00Z' }))).toBe('Terminating');
  });

  it('counts ready containers and restarts', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 3, image: '', imageID: '' }] });
    expect(podReady(p)).toEqual([1, 1]);
    expect(podRestarts(p)).toBe(3);
    expect(statusTone('CrashLoopBackOff')).toBe('error');
    expect(statusTone('ContainerCreating')).toBe('progress');
    expect(statusTone('Complete')).toBe('done');
    expect(statusTone('Failed')).toBe('error');
  });
});
