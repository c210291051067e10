import { describe, expect, it } from 'vitest';
import type { ObjectUpdater } from '../strategy';
import type { RegistryDeleteOptions } from '../types';
import { evictionDeleteOptions, evictPod } from './eviction';

describe('pods/eviction', () => {
  it('carries the Eviction\'s DeleteOptions into the delete', () => {
    expect(
      evictionDeleteOptions({ deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'u' }, dryRun: ['All'] } }, { warnings: [] }),
    ).toEqual({ warnings: [], gracePeriodSeconds: 0, preconditions: { uid: 'u' }, dryRun: true });
  });

  it('deletes the named pod and answers Success 201', async () => {
    const calls: [string | undefined, string, RegistryDeleteOptions][] = [];
    const r = { delete: async (ns: string | undefined, name: string, o: RegistryDeleteOptions) => void calls.push([ns, name, o]) } as unknown as ObjectUpdater;
    const out = await evictPod(r, 'default', 'p', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p' }, deleteOptions: { gracePeriodSeconds: 5 } }, {});
    expect(out).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    expect(calls).toEqual([['default', 'p', { gracePeriodSeconds: 5 }]]);
  });

  it('refuses a body naming another pod', async () => {
    const r = { delete: async () => undefined } as unknown as ObjectUpdater;
    await expect(evictPod(r, 'default', 'p', { metadata: { name: 'q' } }, {})).rejects.toThrow('name in URL does not match name in Eviction object');
  });
});
