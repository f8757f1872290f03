/** Small text helpers for fixed-width layout. Widths count UTF-16 units; lesson text is mostly ASCII. */

/** `s` cut to `width` columns with an ellipsis when it does not fit. */
export function fit(s: string, width: number): string {
  if (width <= 0) return '';
  return s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
}

/** Splits text into lines no wider than `width`, cutting long lines (for command output). */
export function hardWrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\t/g, '  ');
    if (line.length === 0) out.push('');
    for (let i = 0; i < line.length; i += w) out.push(line.slice(i, i + w));
  }
  return out;
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
  if (line.length <= w) return [line];
  const indent = ' '.repeat(Math.min(line.length - line.trimStart().length + 2, Math.floor(w / 2)));
  const out: string[] = [];
  let rest = line;
  let prefix = '';
  while ((prefix + rest).length > w) {
    const room = w - prefix.length;
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = room;
    out.push(prefix + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    prefix = indent;
  }
  if (rest) out.push(prefix + rest);
  return out;
}
