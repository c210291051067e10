import { describe, expect, it } from 'vitest';
import type { Pod } from '../../shared/api/core';
import type { ContainerInfo } from './runtime/types';
import { computePodStatus, containerStatus, podPhase, qosClass, shouldRestart } from './status';

const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [{ name: 'a', image: 'img' }] } };

function info(over: Partial<ContainerInfo>): ContainerInfo {
  return { id: 'abc', name: 'n', labels: {}, image: 'img', imageId: 'sha256:1', state: 'running', createdAt: '2026-01-01T00:00:00.000Z', startedAt: '2026-01-01T00:00:01.5Z', ...over };
}

describe('containerStatus', () => {
  it('running with the previous instance as lastState', () => {
    const s = containerStatus({
      spec: { name: 'a', image: 'img' },
      current: info({}),
      previous: info({ id: 'old', state: 'exited', exitCode: 1, finishedAt: '2026-01-01T00:00:00Z' }),
      restartCount: 1,
      ready: true,
      started: true,
    });
    expect(s.state).toEqual({ running: { startedAt: '2026-01-01T00:00:01Z' } });
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error', containerID: 'docker://old' });
    expect(s).toMatchObject({ containerID: 'docker://abc', imageID: 'docker://sha256:1', restartCount: 1, ready: true, started: true });
  });

  it('waiting CrashLoopBackOff keeps the dead current instance as lastState', () => {
    const s = containerStatus({
      spec: { name: 'a', image: 'img' },
      current: info({ state: 'exited', exitCode: 137, oomKilled: true }),
      restartCount: 3,
      waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=a pod=p_default(u)' },
      ready: false,
      started: false,
    });
    expect(s.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('no instance yet: ContainerCreating', () => {
    expect(containerStatus({ spec: { name: 'a' }, restartCount: 0, ready: false, started: false }).state).toEqual({ waiting: { reason: 'ContainerCreating' } });
  });
});

describe('phase and conditions', () => {
  it('follows getPhase', () => {
    const running = { name: 'a', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } };
    const done = { name: 'b', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0 } } };
    const failed = { ...done, state: { terminated: { exitCode: 1 } } };
    const crashloop = { ...done, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } };
    expect(podPhase(pod, [], [running], true)).toBe('Running');
    expect(podPhase(pod, [], [done], true)).toBe('Running');
    expect(podPhase({ ...pod, spec: { ...pod.spec, restartPolicy: 'Never' } }, [], [done], true)).toBe('Succeeded');
    expect(podPhase({ ...pod, spec: { ...pod.spec, restartPolicy: 'Never' } }, [], [failed], true)).toBe('Failed');
    expect(podPhase(pod, [], [crashloop], true)).toBe('Running');
    expect(podPhase(pod, [], [{ ...done, state: { waiting: { reason: 'ContainerCreating' } } }], true)).toBe('Pending');
    expect(podPhase(pod, [], [running], false)).toBe('Pending');
  });

  it('keeps lastTransitionTime while a condition holds', () => {
    const view = { spec: { name: 'a', image: 'img' }, current: info({}), restartCount: 0, ready: true, started: true };
    const s1 = computePodStatus(pod, { init: [], app: [view], initDone: true, podIP: '10.0.0.2', hostIP: '10.0.0.1', now: '2026-01-01T00:00:00Z' });
    expect(s1.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' });
    const s2 = computePodStatus({ ...pod, status: s1 }, { init: [], app: [view], initDone: true, now: '2026-01-01T00:05:00Z' });
    expect(s2.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    const s3 = computePodStatus({ ...pod, status: s2 }, { init: [], app: [{ ...view, ready: false }], initDone: true, now: '2026-01-01T00:06:00Z' });
    expect(s3.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a]', lastTransitionTime: '2026-01-01T00:06:00Z' });
    expect(s3.podIP).toBe('10.0.0.2');
    expect(s3.startTime).toBe('2026-01-01T00:00:00Z');
  });

  it('restart policy and QoS', () => {
    expect(shouldRestart('Always', 0)).toBe(true);
    expect(shouldRestart('OnFailure', 0)).toBe(false);
    expect(shouldRestart('OnFailure', 1)).toBe(true);
    expect(shouldRestart('Never', 1)).toBe(false);
    expect(qosClass(pod)).toBe('BestEffort');
    expect(qosClass({ ...pod, spec: { containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } })).toBe('Guaranteed');
    expect(qosClass({ ...pod, spec: { containers: [{ name: 'a', resources: { requests: { cpu: '100m' } } }] } })).toBe('Burstable');
  });
});
