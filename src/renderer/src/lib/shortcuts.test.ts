import { describe, expect, it } from 'vitest';
import { isTyping, JUMPS, SHORTCUTS } from './shortcuts';

describe('shortcuts', () => {
  it('jumps to real routes and lists every jump in the help', () => {
    expect(JUMPS.p?.href).toBe('#/pods');
    expect(SHORTCUTS.some((s) => s.keys === 'g p')).toBe(true);
  });
  it('leaves keys typed into fields alone', () => {
    expect(isTyping({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'DIV' } as unknown as EventTarget)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
