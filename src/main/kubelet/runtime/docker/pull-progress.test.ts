import { describe, expect, it } from 'vitest';
import { PullTracker } from './pull-progress';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';

describe('PullTracker', () => {
  it('counts download bytes and layers done, not extraction bytes', () => {
    const t = new PullTracker('127.0.0.1:5000/big:1');
    t.add({ status: 'Pulling from big', id: '1' });
    t.add({ status: 'Pulling fs layer', id: A });
    let p = t.add({ status: 'Pulling fs layer', id: B });
    expect(p).toMatchObject({ layersDone: 0, layersTotal: 2, currentBytes: 0, totalBytes: 0 });
    expect(p.fraction).toBeUndefined();
    t.add({ status: 'Downloading', id: A, progressDetail: { current: 50, total: 100 } });
    p = t.add({ status: 'Downloading', id: B, progressDetail: { current: 100, total: 900 } });
    expect(p).toMatchObject({ currentBytes: 150, totalBytes: 1000, fraction: 0.15, status: 'Downloading' });
    t.add({ status: 'Download complete', id: A });
    p = t.add({ status: 'Extracting', id: A, progressDetail: { current: 10, total: 100 } });
    expect(p.currentBytes).toBe(200);
    p = t.add({ status: 'Pull complete', id: A });
    expect(p).toMatchObject({ layersDone: 1, layersTotal: 2, currentBytes: 200 });
    t.add({ status: 'Downloading', id: B, progressDetail: { current: 900, total: 900 } });
    t.add({ status: 'Pull complete', id: B });
    p = t.add({ status: 'Digest: sha256:abc' });
    expect(p).toMatchObject({ layersDone: 2, layersTotal: 2, currentBytes: 1000, totalBytes: 1000, fraction: 1, status: 'Digest: sha256:abc' });
  });

  it('a layer already present counts as done', () => {
    const t = new PullTracker('x:1');
    const p = t.add({ status: 'Already exists', id: A });
    expect(p).toMatchObject({ layersDone: 1, layersTotal: 1 });
  });
});
