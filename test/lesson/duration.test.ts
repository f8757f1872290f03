import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/lesson/duration.js';

describe('parseDuration', () => {
  it.each<[number | string, number]>([
    [30, 30_000],
    [0.5, 500],
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['2m', 120_000],
  ])('%s is %d ms', (d, ms) => {
    expect(parseDuration(d)).toBe(ms);
  });

  it.each<number | string>([0, -1, Number.NaN, '', '5', '5h', 's', '0s', '1 s'])('rejects %s', (d) => {
    expect(() => parseDuration(d)).toThrow(RangeError);
  });
});
