/** Small text helpers for fixed-width layout. Widths are terminal columns (see display-width.ts). */
import { displayWidth, graphemes, graphemeWidth } from './display-width.js';

/** The longest start of `s` that fits in `width` columns, and the rest. */
function cutAt(s: string, width: number): [string, string] {
  let used = 0;
  let i = 0;
  const gs = graphemes(s);
  for (; i < gs.length; i++) {
    const w = graphemeWidth(gs[i] ?? '');
    if (used + w > width) break;
    used += w;
  }
  // Always make progress: a character wider than the line goes on a line of its own.
  if (i === 0 && gs.length > 0) i = 1;
  return [gs.slice(0, i).join(''), gs.slice(i).join('')];
}

/** `s` cut to `width` columns with an ellipsis when it does not fit. */
export function fit(s: string, width: number): string {
  if (width <= 0) return '';
  return displayWidth(s) <= width ? s : `${cutAt(s, Math.max(0, width - 1))[0]}…`;
}

/**
 * Wraps one line at spaces to `width` columns; a word longer than a line is cut. Continuation
 * lines start with `indent`.
 */
function wrapLine(line: string, width: number, indent: string): string[] {
  if (displayWidth(line) <= width) return [line];
  const out: string[] = [];
  let rest = line;
  let prefix = '';
  while (displayWidth(prefix + rest) > width) {
    const room = Math.max(1, width - displayWidth(prefix));
    const [head] = cutAt(rest, room);
    // Break after the last space that fits, unless that leaves nothing (one long word).
    const space = rest.charAt(head.length) === ' ' ? head.length : head.lastIndexOf(' ');
    const cut = space > 0 && rest.slice(0, space).trim() !== '' ? space : head.length;
    out.push(prefix + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^ +/, '');
    prefix = indent;
    if (rest === '') break;
  }
  if (rest) out.push(prefix + rest);
  return out;
}

/** `s` padded with spaces to `width` columns (by display width, so wide characters line up). */
export function padToWidth(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** Splits text into lines no wider than `width` columns, at spaces where it can (command output). */
export function hardWrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .flatMap((raw) => {
      const line = raw.replace(/\t/g, '  ');
      return line === '' ? [''] : wrapLine(line, w, '');
    });
}

/** "1.2s", "45s", "60s", "2m 05s": elapsed time at a glance. */
export function seconds(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 100_000) return `${Math.round(ms / 1000)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/**
 * Wraps one line of code or YAML at spaces, continuing under its own indentation plus two, so a
 * long comment stays readable; a word longer than the line is cut.
 */
export function wrapCode(line: string, width: number): string[] {
  const w = Math.max(8, width);
  if (displayWidth(line) <= w) return [line];
  const lead = line.length - line.trimStart().length;
  return wrapLine(line, w, ' '.repeat(Math.min(lead + 2, Math.floor(w / 2))));
}
