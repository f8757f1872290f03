// terminalSafe: what reaches a terminal holds no control character but newline and tab.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controlCharacters, terminalSafe, terminalSafeWriter, underlyingSink } from '../../src/text/terminal-safe.js';

/** Any text, with the characters that matter here made frequent. */
const tricky = fc.constantFrom('\u202e', '\u2066', '\r', '\n', '\t', '\x1b', '\x9b', '\x7f', '[', 'm');
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const anyText = fc.string({ unit: fc.oneof(tricky, anyChar), maxLength: 40 });
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('terminalSafe', () => {
  it('shows C0 controls as control pictures, DEL and C1 as \\u escapes', () => {
    expect(terminalSafe('a\x1b]52;c;aGk=\x07b')).toBe('a␛]52;c;aGk=␇b');
    expect(terminalSafe('\x1b]0;title\x07')).toBe('␛]0;title␇');
    expect(terminalSafe('\x1b[2J\x00\x08')).toBe('␛[2J␀␈');
    expect(terminalSafe('x\x9b31m\x7f\x85')).toBe('x\\u009b31m\\u007f\\u0085');
  });

  it('marks bidirectional overrides, which could make a command read differently from what runs', () => {
    expect(terminalSafe('kubectl delete ns \u202edefault\u202c')).toBe('kubectl delete ns \\u202edefault\\u202c');
    expect(terminalSafe('\u2067x\u2069')).toBe('\\u2067x\\u2069');
    expect(controlCharacters('a\u202eb')).toEqual([{ index: 1, name: 'RLO (U+202E)', bidi: true }]);
  });

  it('keeps newline and tab, and removes colour (SGR) sequences only', () => {
    expect(terminalSafe('a\tb\nc')).toBe('a\tb\nc');
    expect(terminalSafe('\x1b[1;31mred\x1b[0m \x1b[8mhidden')).toBe('red hidden');
  });

  it('turns CR LF into LF, a lone CR into LF, and drops a CR that ends a chunk', () => {
    expect(terminalSafe('HTTP/1.1 200 OK\r\nServer: x\r\n')).toBe('HTTP/1.1 200 OK\nServer: x\n');
    expect(terminalSafe('rm -rf /\rls')).toBe('rm -rf /\nls');
    expect(terminalSafe('half\r') + terminalSafe('\nnext')).toBe('half\nnext');
  });

  it('leaves no control character, and applying it twice changes nothing', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = terminalSafe(s);
        expect(CONTROL.test(once)).toBe(false);
        expect(terminalSafe(once)).toBe(once);
      }),
    );
  });

  it('is lossless on JSON text: JSON.parse gives back the very string', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(JSON.parse(terminalSafe(JSON.stringify({ s }))).s).toBe(s);
      }),
    );
  });
});

describe('controlCharacters', () => {
  it('names each control character and where it is', () => {
    expect(controlCharacters('ok\x1b[2J\r\x9d')).toEqual([
      { index: 2, name: 'ESC (U+001B)', bidi: false },
      { index: 6, name: 'CR (U+000D)', bidi: false },
      { index: 7, name: 'OSC (U+009D)', bidi: false },
    ]);
    expect(controlCharacters('tab\tand\nnewline')).toEqual([]);
  });
});

describe('terminalSafeWriter', () => {
  it('writes safe text and passes every other property through', () => {
    const written: string[] = [];
    const sink = { write: (s: string) => written.push(s), isTTY: true, columns: 77 };
    const w = terminalSafeWriter(sink);
    w.write('\x1b]52;c;x\x07');
    expect(written).toEqual(['␛]52;c;x␇']);
    expect([w.isTTY, w.columns]).toEqual([true, 77]);
    expect(underlyingSink(w)).toBe(sink);
  });
});
