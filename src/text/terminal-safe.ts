/**
 * Text from lessons, manifests, file names and cluster output is untrusted: a terminal acts on
 * control characters in it (ECMA-48 and xterm's control sequences: `ESC ] 52` writes the
 * clipboard, `ESC ] 0` sets the window title, `ESC ] 8` makes links, `ESC [ 2J` clears the
 * screen, a lone CR goes back and overwrites the line). Everything meshwalk writes to a
 * terminal passes through `terminalSafe` first. Pure.
 *
 * What a stripped character becomes:
 * - C0 controls (U+0000-U+001F but tab and newline) show as their Unicode control picture
 *   (U+2400-U+241F: `␛`, `␇`, ...): one column wide, so layouts keep their width, and visible.
 * - DEL and C1 controls (U+007F-U+009F) show as the text `\u009b`. JSON.stringify escapes C0
 *   but leaves these raw, so inside a JSON string this text is the same character, escaped:
 *   `--json` output stays lossless while no raw control reaches the terminal.
 * - CR LF becomes LF; a CR at the very end (half of a CR LF split across chunks) is dropped;
 *   any other CR becomes LF, so nothing can overwrite what is already on the line.
 * - Colour and style sequences (SGR, `ESC [ … m`) are removed: programs such as
 *   `istioctl analyze` colour their output, and styling must come from meshwalk alone.
 * - Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) show as
 *   `\u202e` too: they reorder what is displayed, so a command on screen could read differently
 *   from the one that runs (CVE-2021-42574, "Trojan Source").
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const SGR = /\x1b\[[0-9;:]*m/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character but newline and tab made visible (see above). */
export function terminalSafe(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(SGR, '').replace(/\r\n/g, '\n').replace(/\r$/, '').replace(/\r/g, '\n').replace(CONTROL, visible);
}

/** What is shown in place of one control character. */
export function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A character terminalSafe marks: where, its name for a message, and whether it is a bidi override. */
export type ControlCharacter = { index: number; name: string; bidi: boolean };

const NAMES: Partial<Record<number, string>> = {
  0x00: 'NUL',
  0x07: 'BEL',
  0x08: 'BS',
  0x0b: 'VT',
  0x0c: 'FF',
  0x0d: 'CR',
  0x1b: 'ESC',
  0x7f: 'DEL',
  0x85: 'NEL',
  0x90: 'DCS',
  0x9b: 'CSI',
  0x9c: 'ST',
  0x9d: 'OSC',
  0x202d: 'LRO',
  0x202e: 'RLO',
  0x2066: 'LRI',
  0x2067: 'RLI',
  0x2068: 'FSI',
  0x2069: 'PDI',
};

/** The characters in `text` that terminalSafe would mark: controls but newline and tab, bidi overrides. */
export function controlCharacters(text: string): ControlCharacter[] {
  const out: ControlCharacter[] = [];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
  for (const m of text.matchAll(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g)) {
    const code = m[0].charCodeAt(0);
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    out.push({ index: m.index, name: NAMES[code] ? `${NAMES[code]} (${hex})` : hex, bidi: code >= 0x202a });
  }
  return out;
}

/** A sink with `write`, such as process.stdout. */
export interface Writable {
  write(chunk: string): unknown;
}

/** Writes through `terminalSafe`; every other property (isTTY, columns, rows) is the sink's own. */
export function terminalSafeWriter<W extends Writable>(sink: W): W {
  return new Proxy(sink, {
    get(target, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => unknown)(terminalSafe(String(chunk)), ...rest);
      }
      if (prop === TERMINAL_SAFE_SINK) return target;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const TERMINAL_SAFE_SINK = Symbol('terminal-safe sink');

/** The sink under a `terminalSafeWriter`, or `w` itself (e.g. to compare with process.stdout). */
export function underlyingSink(w: object): object {
  return (w as Record<symbol, object | undefined>)[TERMINAL_SAFE_SINK] ?? w;
}
