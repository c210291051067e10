import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { REVISIONS_DEFAULT_LIMIT, REVISIONS_MAX_LIMIT } from '../../../shared/api/revision-history';
import { RevisionIndex } from './revision-index';
import { revisionList, serveRevisions, type RevisionHistory } from './revisions-endpoint';

function historyOf(n: number): RevisionHistory {
  const index = new RevisionIndex();
  for (let r = 1; r <= n; r++) index.record({ revision: r, time: r, type: 'update', key: `/registry/core/pods/default/p${r}` });
  return { index, store: { currentRevision: async () => n, compactedRevision: async () => 0 }, windowMs: 60_000, maxRevisions: 10 };
}

describe('GET /kubedeck/revisions', () => {
  it('bounds every answer and pages with before', async () => {
    const h = historyOf(REVISIONS_MAX_LIMIT + 100);
    expect((await revisionList(h, new URLSearchParams())).items).toHaveLength(REVISIONS_DEFAULT_LIMIT);
    const max = await revisionList(h, new URLSearchParams({ limit: '1000000' }));
    expect(max.items).toHaveLength(REVISIONS_MAX_LIMIT);
    expect(max.more).toBe(true);
    const older = await revisionList(h, new URLSearchParams({ limit: '1000000', before: String(max.items.at(-1)!.revision) }));
    expect(older.items.map((i) => i.revision)).toEqual(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(older.more).toBe(false);
  });

  it('refuses a malformed limit, writes, and answers 404 on a cluster without an index', async () => {
    await expect(revisionList(historyOf(1), new URLSearchParams({ limit: 'ten' }))).rejects.toMatchObject({ status: { code: 400 } });
    const res = { setHeader: () => {} } as unknown as ServerResponse;
    await expect(serveRevisions(historyOf(1), { method: 'POST' } as IncomingMessage, res, new URLSearchParams())).rejects.toMatchObject({ status: { code: 405 } });
    await expect(serveRevisions(undefined, { method: 'GET' } as IncomingMessage, res, new URLSearchParams())).rejects.toMatchObject({ status: { code: 404 } });
  });
});
