import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactTokens, splitForRedaction } from '../../src/engine/capture.js';

const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

/** What a stream shows when `text` arrives cut at `cuts`: each chunk split, the rest flushed at the end. */
function streamed(text: string, cuts: number[]): string {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let held = '';
  let shown = '';
  let from = 0;
  for (const to of [...points, text.length]) {
    const r = splitForRedaction(held + text.slice(from, to));
    shown += r.show;
    held = r.hold;
    from = to;
  }
  return shown + redactTokens(held);
}

describe('splitForRedaction', () => {
  it('however output is cut into chunks, it shows what redacting it whole shows', () => {
    const piece = fc.constantFrom(jwt, 'Bearer ', ' ', '\n', 'eye', 'ey', 'e', 'x', '{"token":"', '"}', '-', '.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(400), { maxLength: 8 }), (parts, cuts) => {
        const text = parts.join('');
        const shown = streamed(text, cuts);
        expect(shown).toBe(redactTokens(text));
        expect(shown).not.toContain(jwt);
      }),
    );
  });
});
