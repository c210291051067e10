import { describe, expect, it } from 'vitest';
import { ScrollbackCounter } from './scrollback';

describe('ScrollbackCounter', () => {
  it('reports dropped lines only beyond the capacity', () => {
    const c = new ScrollbackCounter(100);
    c.add(60);
    expect(c.dropped).toBe(0);
    c.add(60);
    expect(c.dropped).toBe(20);
    expect(c.total).toBe(120);
    c.setCapacity(130);
    expect(c.dropped).toBe(0);
    c.reset();
    expect(c.total).toBe(0);
  });
});
