/**
 * Go's text/tabwriter as kubectl describe and istioctl configure it (minwidth 0, pad ' ', no
 * flags): tab-terminated cells are aligned per column block, a block being the run of adjacent
 * lines that have a cell in that column; a line's last cell (not tab-terminated) never counts.
 * Ported from the algorithm in go/src/text/tabwriter/tabwriter.go (format, writeLines).
 */

/** Formats text as Go's tabwriter with padchar ' ' (padding 2: kubectl describe's `tabbedString`; istioctl uses 5). */
export function tabwrite(text: string, padding = 2): string {
  const lines = text.split('\n');
  const trailing = text.endsWith('\n');
  if (trailing) lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const line = cells[i] ?? [];
      let s = '';
      line.forEach((c, j) => {
        s += c;
        const w = widths[j];
        // Only tab-terminated cells are padded; the last cell of a line is never in a column.
        if (j < line.length - 1 && w !== undefined) s += ' '.repeat(Math.max(0, w - width(c)));
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= (cells[t]?.length ?? 0) - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let w = 0;
      for (; t < line1; t++) {
        const line = cells[t] ?? [];
        if (column >= line.length - 1) break;
        w = Math.max(w, width(line[column] ?? '') + padding);
      }
      widths.push(w);
      format(line0, t);
      widths.pop();
      line0 = t;
      t--;
    }
    writeLines(line0, line1);
  };

  format(0, cells.length);
  return out.join('\n') + (trailing ? '\n' : '');
}

function width(s: string): number {
  return [...s].length;
}
