import { describe, expect, it } from 'vitest';
import { bytePrefixEnd, KeySpace, storePrefix } from './key-space';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('bytePrefixEnd', () => {
  it('bumps the last byte below 0xff and cuts what follows', () => {
    expect(bytePrefixEnd(b('/a/'))).toEqual(b('/a0'));
    expect(bytePrefixEnd(Buffer.from([0x61, 0xff, 0xff]))).toEqual(Buffer.from([0x62]));
  });

  it('has no bound for the empty prefix or all-0xff bytes', () => {
    expect(bytePrefixEnd(Buffer.alloc(0))).toBeUndefined();
    expect(bytePrefixEnd(Buffer.from([0xff, 0xff]))).toBeUndefined();
  });
});

describe('storePrefix', () => {
  it('ends a non-empty prefix with a slash so that no store prefix extends another', () => {
    expect(storePrefix('/a')).toBe('/a/');
    expect(storePrefix('/a/')).toBe('/a/');
    expect(storePrefix('')).toBe('');
  });
});

describe('KeySpace', () => {
  it('maps keys under the prefix and back, UTF-8 included', () => {
    const ks = new KeySpace('/kd/');
    expect(ks.key('/registry/pods/é')).toEqual(b('/kd//registry/pods/é'));
    expect(new KeySpace('/kd').key('x')).toEqual(b('/kd/x'));
    expect(ks.unkey(ks.key('/registry/pods/é'))).toBe('/registry/pods/é');
  });

  it('bounds a prefix so that keys merely sharing its characters fall outside', () => {
    const ks = new KeySpace('/kd/');
    const r = ks.range('/pods/');
    const inside = (k: string) => Buffer.compare(ks.key(k), r.key) >= 0 && Buffer.compare(ks.key(k), r.range_end) < 0;
    expect(inside('/pods/a')).toBe(true);
    expect(inside('/pods/\u{10FFFF}')).toBe(true);
    expect(inside('/podsx')).toBe(false);
    expect(inside('/pods')).toBe(false);
  });

  it('covers everything with etcd\'s NUL markers when prefix and store prefix are both empty', () => {
    expect(new KeySpace('').range('')).toEqual({ key: Buffer.from([0]), range_end: Buffer.from([0]) });
    expect(new KeySpace('').probeKey()).toEqual(Buffer.from([0]));
  });

  it('starts a page just after startAfter, never before the prefix', () => {
    const ks = new KeySpace('');
    expect(ks.rangeAfter('/a/', '/a/x').key).toEqual(Buffer.concat([b('/a/x'), Buffer.from([0])]));
    expect(ks.rangeAfter('/a/', '/').key).toEqual(b('/a/'));
    expect(ks.rangeAfter('/a/', '/a/x').range_end).toEqual(b('/a0'));
  });
});
