import { describe, expect, it } from 'vitest';
import { LineSplitter, ResumeCursor, splitTimestamp, timestampKey } from './log-lines';

describe('LineSplitter', () => {
  it('keeps a partial line until its newline arrives', () => {
    const s = new LineSplitter();
    expect(s.push('a\nb')).toEqual(['a']);
    expect(s.push('c\r\nd\n')).toEqual(['bc', 'd']);
    expect(s.push('e')).toEqual([]);
    expect(s.flush()).toEqual(['e']);
    expect(s.flush()).toEqual([]);
  });
});

describe('splitTimestamp', () => {
  it('separates the API timestamp from the text', () => {
    expect(splitTimestamp('2024-01-02T03:04:05.123456789Z hello world')).toEqual({ ts: '2024-01-02T03:04:05.123456789Z', text: 'hello world' });
    expect(splitTimestamp('2024-01-02T03:04:05Z ')).toEqual({ ts: '2024-01-02T03:04:05Z', text: '' });
    expect(splitTimestamp('no timestamp here')).toEqual({ text: 'no timestamp here' });
  });
});

describe('timestampKey', () => {
  it('orders trimmed nanosecond fractions by time, not by string', () => {
    expect('2024-01-02T03:04:05.1Z' > '2024-01-02T03:04:05.09Z').toBe(true); // what raw strings would claim…
    expect(timestampKey('2024-01-02T03:04:05.1Z') > timestampKey('2024-01-02T03:04:05.09Z')).toBe(true);
    expect(timestampKey('2024-01-02T03:04:05Z') < timestampKey('2024-01-02T03:04:05.000000001Z')).toBe(true);
    expect(timestampKey('2024-01-02T03:04:05.5Z')).toBe(timestampKey('2024-01-02T03:04:05.500000000Z'));
    expect(timestampKey('2024-01-02T05:04:05.5+02:00')).toBe(timestampKey('2024-01-02T03:04:05.5Z'));
  });
});

describe('ResumeCursor', () => {
  const line = (ts: string, text: string) => ({ ts: `2024-01-02T03:04:${ts}Z`, text });

  it('drops what a resumed stream repeats and keeps what is new', () => {
    const c = new ResumeCursor();
    const first = [line('01.1', 'a'), line('02.2', 'b'), line('03.3', 'c')];
    expect(first.map((l) => c.accept(l))).toEqual([true, true, true]);
    expect(c.sinceTime).toBe('2024-01-02T03:04:03.3Z');
    c.resume();
    // sinceTime is inclusive and rounded down: the stream repeats b and c.
    const again = [line('02.2', 'b'), line('03.3', 'c'), line('04.4', 'd')];
    expect(again.map((l) => c.accept(l))).toEqual([false, false, true]); // b and c dropped
  });

  it('keeps a second line sharing the last timestamp that was not shown yet', () => {
    const c = new ResumeCursor();
    expect(c.accept(line('05', 'x1'))).toBe(true);
    expect(c.accept(line('05', 'x2'))).toBe(true); // live: same instant, new line
    c.resume();
    expect(c.accept(line('05', 'x1'))).toBe(false);
    expect(c.accept(line('05', 'x2'))).toBe(false);
    expect(c.accept(line('05', 'x3'))).toBe(true); // printed in the same instant, after the break
    expect(c.accept(line('06', 'y'))).toBe(true);
    c.resume();
    expect(c.accept(line('05', 'x3'))).toBe(false);
    expect(c.accept(line('06', 'y'))).toBe(false);
    expect(c.accept(line('07', 'z'))).toBe(true);
  });

  it('accepts lines without a timestamp', () => {
    const c = new ResumeCursor();
    expect(c.accept({ text: 'plain' })).toBe(true);
    expect(c.sinceTime).toBeUndefined();
  });
});
