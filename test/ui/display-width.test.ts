// Text is measured in terminal columns, with the library ink lays out with (string-width): wide
// characters and emoji take two columns, a ZWJ family is one grapheme, combining marks none.
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/ui/display-width.js';
import { fit, padToWidth } from '../../src/ui/text.js';

describe('display width', () => {
  it('counts columns, not UTF-16 units', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('👨‍👩‍👧')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('pads and cuts by columns, never inside a grapheme', () => {
    expect(padToWidth('日本', 6)).toBe('日本  ');
    expect(displayWidth(padToWidth('👍 ok', 10))).toBe(10);
    const cut = fit('日本語のレッスン', 7);
    expect(displayWidth(cut)).toBeLessThanOrEqual(7);
    expect(cut.endsWith('…')).toBe(true);
  });
});
