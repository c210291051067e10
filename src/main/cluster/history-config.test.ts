import { describe, expect, it } from 'vitest';
import { ConfigError, parseClusterConfig } from './config';
import { compactorOptionsOf } from './compactor';
import { parseDuration } from './history-config';
import { formatDuration } from '../../shared/api/revision-history';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['2m30s', 150_000],
    [45, 45_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '1d', 'h', '10', '1h 30m', '-5s', 'ten minutes', null, -1, Number.NaN])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats back to the shortest form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(10_000)).toBe('10s');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});

describe('config.yaml history:', () => {
  it('reads window and maxRevisions into the compactor options', () => {
    const cfg = parseClusterConfig('history:\n  window: 2h\n  maxRevisions: 5000\n');
    expect(cfg.history).toEqual({ windowMs: 7_200_000, maxRevisions: 5000 });
    expect(compactorOptionsOf(cfg.history!)).toEqual({ retainMs: 7_200_000, maxRevisions: 5000 });
  });

  it('takes a window in seconds and leaves unset fields to the defaults', () => {
    const cfg = parseClusterConfig('history: {window: 30}\n');
    expect(compactorOptionsOf(cfg.history!)).toEqual({ retainMs: 30_000 });
  });

  it.each([
    ['history: 1h\n', 'history: must be a mapping'],
    ['history:\n  window: 1d\n', 'history.window: must be a duration'],
    ['history:\n  window: 100ms\n', 'history.window: must be a duration of at least 1s'],
    ['history:\n  maxRevisions: 0\n', 'history.maxRevisions: must be a whole number >= 1'],
    ['history:\n  maxRevisions: 2.5\n', 'history.maxRevisions'],
    ['history:\n  retain: 1h\n', 'history: unknown field "retain"'],
  ])('refuses %j', (text, message) => {
    expect(() => parseClusterConfig(text)).toThrow(ConfigError);
    expect(() => parseClusterConfig(text)).toThrow(message);
  });
});
