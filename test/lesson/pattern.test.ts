// Lesson patterns run on re2js (linear time) and mean what the same JavaScript RegExp means.
import { describe, expect, it } from 'vitest';
import { compilePattern, type Pattern } from '../../src/lesson/pattern.js';

function pattern(source: string): Pattern {
  const c = compilePattern(source);
  if (!c.ok) throw new Error(c.reason);
  return c.pattern;
}

describe('compilePattern', () => {
  it('matches as RegExp with the m flag does, for the syntax both share', () => {
    const text = 'books   443:31380/TCP\nnotAfter=Jan  1 00:00:00 2027 GMT\neyJhbGciOi.eyJzdWIi.sig\n';
    for (const source of [
      '443:\\d+/TCP',
      '^notAfter=',
      '^ey[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+',
      'GMT$',
      '^books\\s+(\\d+)',
      '(?i)NOTAFTER',
      'x{2,}',
    ]) {
      expect(pattern(source).test(text), source).toBe(
        new RegExp(source.replace('(?i)', ''), source.startsWith('(?i)') ? 'mi' : 'm').test(text),
      );
    }
  });

  it('gives the first group, else the whole match, as capture does', () => {
    expect(pattern('port: (\\d+)').firstMatch('name: x\nport: 8443\n')).toBe('8443');
    expect(pattern('\\d+').firstMatch('a 12 b 34')).toBe('12');
    expect(pattern('(x)?y').firstMatch('y')).toBe('');
    expect(pattern('z').firstMatch('abc')).toBeUndefined();
  });

  it("accepts JavaScript's \\uXXXX escape", () => {
    expect(pattern('\\u0041B').test('xAB')).toBe(true);
    expect(pattern('\\\\u0041').test('\\u0041')).toBe(true);
  });

  it('runs a pattern that backtracks exponentially in JavaScript in linear time', () => {
    expect(pattern('^namespace/(a|a)+b').test(`namespace/${'a'.repeat(100_000)}`)).toBe(false);
  });

  it('refuses backreferences and lookaround with the reason', () => {
    expect(compilePattern('(a)\\1')).toEqual({ ok: false, reason: expect.stringMatching(/^uses a backreference/) });
    expect(compilePattern('(?<n>a)\\k<n>')).toEqual({
      ok: false,
      reason: expect.stringMatching(/^uses a backreference/),
    });
    for (const s of ['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b'])
      expect(compilePattern(s)).toEqual({ ok: false, reason: expect.stringMatching(/^uses lookaround/) });
    expect(compilePattern('[')).toEqual({
      ok: false,
      reason: 'is not a pattern meshwalk can run (RE2 syntax): missing closing ]: `[`',
    });
  });
});
