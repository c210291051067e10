import { describe, expect, it } from 'vitest';
import { connectionSnapshot, isAway, lastContactTime, registerConnection } from './connection-state';

describe('connection state', () => {
  it('marks the last contact when the watches stop, and calls only a lost connection away', async () => {
    const c = registerConnection();
    c.set('live');
    expect(connectionSnapshot()).toBe('live');
    await new Promise((r) => setTimeout(r, 5));
    const before = Date.now();
    c.set('reconnecting');
    expect(isAway(connectionSnapshot())).toBe(true);
    expect(lastContactTime()).toBeGreaterThanOrEqual(before);
    expect(isAway('connecting')).toBe(false);
    expect(isAway('unauthorized')).toBe(false);
    c.remove();
  });
});
