import { describe, expect, it } from 'vitest';
import { PrefixColours, podShortName, prefixLine } from './log-prefix';

describe('podShortName', () => {
  it('drops the workload name', () => {
    expect(podShortName('web-7d9f8c-x2k4q', 'web')).toBe('7d9f8c-x2k4q');
    expect(podShortName('web-7d9f8c-x2k4q', 'web-7d9f8c')).toBe('x2k4q');
    expect(podShortName('other-1', 'web')).toBe('other-1');
    expect(podShortName('web-', 'web')).toBe('web-');
  });
});

describe('PrefixColours', () => {
  it('gives each source its own colour, stable over time', () => {
    const p = new PrefixColours();
    const a = p.colourOf('a');
    const b = p.colourOf('b');
    expect(a).not.toBe(b);
    expect(p.colourOf('a')).toBe(a);
  });
});

describe('prefixLine', () => {
  it('pads the label and keeps the text (with its own colours) intact', () => {
    expect(prefixLine('ab', 36, '\x1b[31mred\x1b[0m', 4)).toBe('\x1b[36mab  \x1b[0m \x1b[2m│\x1b[0m \x1b[31mred\x1b[0m');
  });
});
