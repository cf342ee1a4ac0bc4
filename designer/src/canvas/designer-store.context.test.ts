import { describe, expect, it } from 'vitest';
import { shallowEqual } from './designer-store.context';

describe('shallowEqual (how the designer compares a selection with the last one)', () => {
  const a = { id: 'a' };
  const b = { id: 'b' };
  it('compares arrays element by element and plain objects key by key, one level deep', () => {
    expect(shallowEqual([a, 'x', 1], [a, 'x', 1])).toBe(true);
    expect(shallowEqual([a], [{ id: 'a' }])).toBe(false);
    expect(shallowEqual([a], [a, b])).toBe(false);
    expect(shallowEqual({ x: a, y: 2 }, { x: a, y: 2 })).toBe(true);
    expect(shallowEqual({ x: a }, { x: a, y: undefined })).toBe(false);
    expect(shallowEqual({ x: a, y: undefined }, { x: a, z: undefined })).toBe(false);
    expect(shallowEqual({ x: a }, [a])).toBe(false);
  });

  it('compares Maps and Sets entry by entry, and anything else by identity', () => {
    expect(shallowEqual(new Map([['k', a]]), new Map([['k', a]]))).toBe(true);
    expect(shallowEqual(new Map([['k', a]]), new Map([['k', b]]))).toBe(false);
    expect(shallowEqual(new Set([a, b]), new Set([b, a]))).toBe(true);
    expect(shallowEqual(new Set([a]), new Set([b]))).toBe(false);
    expect(shallowEqual(new Date(0), new Date(0))).toBe(false);
    expect(shallowEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(shallowEqual(null, {})).toBe(false);
  });
});
