import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonCopy } from '../../src/sim/json-copy.js';

/** Values as a cluster state may hold them, with what JSON drops or rewrites mixed in. */
const loose = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.double(),
    fc.integer(),
    fc.constantFrom(undefined, -0, Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('s')),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', '1', '0', 'constructor')), tie('value'), {
      maxKeys: 5,
    }),
  ),
})).value;

/**
 * Whether a and b are the same data: the same prototype, own keys in the same order, primitives
 * equal by Object.is (so -0 differs from 0). toStrictEqual reads an own `constructor` key as a class.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

describe('jsonCopy', () => {
  it('gives what a JSON round trip gives, for any object or list of plain data', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(loose), fc.dictionary(fc.string(), loose)), (v) => {
        expect(sameData(jsonCopy(v), JSON.parse(JSON.stringify(v)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a "__proto__" key as an own key, as JSON.parse does, without changing the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = jsonCopy(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  });

  it('is told apart from a wrong copy by the comparison', () => {
    expect(sameData({ a: -0 }, { a: 0 })).toBe(false);
    expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameData([null], [undefined])).toBe(false);
    expect(sameData({ constructor: [1] }, { constructor: [1] })).toBe(true);
  });

  it('shares nothing with what it copied', () => {
    const v = { a: { b: [1, { c: 2 }] } };
    const copy = jsonCopy(v) as typeof v;
    (copy.a.b[1] as { c: number }).c = 3;
    expect(v.a.b[1]).toEqual({ c: 2 });
  });

  it('answers undefined for what JSON would turn into something else or refuse', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const v of [{ when: new Date(0) }, [new Map()], { n: 1n }, cycle, { toJSON: () => 1 }, undefined])
      expect(jsonCopy(v)).toBeUndefined();
  });
});
