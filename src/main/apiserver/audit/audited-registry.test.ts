import { afterEach, describe, expect, it } from 'vitest';
import { newFixture, pod, type Fixture } from '../registry/testing/registry-fixture';
import { withAudit } from './audited-registry';
import type { AuditEvent } from './event';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

describe('withAudit', () => {
  it('audits writes and leaves reads as they are, lists from cached JSON included', async () => {
    f = await newFixture();
    const events: AuditEvent[] = [];
    const audited = withAudit(f.registry, { level: 'Metadata', sink: { write: (ev) => events.push(ev) } });
    const pods = audited.lookup('', 'v1', 'pods')!;
    await pods.create('default', pod('web'), {});
    expect(events.map((e) => e.verb)).toEqual(['create']);
    // The HTTP handler serves lists from listJson when the resource has it: the audit must not hide it.
    expect(pods.listJson).toBeTypeOf('function');
    const json = JSON.parse((await pods.listJson!('default', {}))!) as unknown;
    expect(json).toEqual(JSON.parse(JSON.stringify(await pods.list('default', {}))));
    expect(events).toHaveLength(1);
  });
});
