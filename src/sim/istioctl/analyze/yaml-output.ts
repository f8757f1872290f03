/**
 * `-o yaml` as istioctl writes it: sigs.k8s.io/yaml turns the JSON messages into YAML through go-yaml v2,
 * whose emitter (a port of libyaml) sorts map keys, quotes a string with single quotes when a plain scalar
 * would be misread (": ", " #", a leading indicator), and folds a long scalar at the first space after
 * column 80 onto a line indented two more than its key. Only flat maps of strings occur here.
 */
const BEST_WIDTH = 80;

export function yamlList(items: readonly Record<string, string>[]): string {
  if (items.length === 0) return '[]\n';
  let out = '';
  for (const item of items) {
    Object.keys(item)
      .sort()
      .forEach((k, i) => {
        const prefix = `${i === 0 ? '- ' : '  '}${k}: `;
        out += `${prefix}${scalar(item[k] ?? '', prefix.length)}\n`;
      });
  }
  return out;
}

/** The value written from `column` on, breaking lines as yaml_emitter_write_plain/single_quoted_scalar do. */
function scalar(s: string, column: number): string {
  const plain = plainAllowed(s);
  let out = plain ? '' : "'";
  let col = plain ? column : column + 1;
  let spaces = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === ' ') {
      const inner = plain || (i !== 0 && i !== s.length - 1);
      if (!spaces && col > BEST_WIDTH && inner && s[i + 1] !== ' ') {
        out += '\n    ';
        col = 4;
      } else {
        out += c;
        col++;
      }
      spaces = true;
    } else {
      out += !plain && c === "'" ? "''" : c;
      col += !plain && c === "'" ? 2 : 1;
      spaces = false;
    }
  }
  return plain ? out : `${out}'`;
}

/** libyaml's analyze_scalar for a block mapping value, for printable single-line text. */
function plainAllowed(s: string): boolean {
  if (s === '' || s.startsWith('---') || s.startsWith('...')) return false;
  if (s.startsWith(' ') || s.endsWith(' ')) return false;
  if ('#,[]{}&*!|>\'"%@`'.includes(s[0] ?? '')) return false;
  if (/^[-?:]( |$)/.test(s)) return false;
  if (/: |:$| #/.test(s)) return false;
  // go-yaml double-quotes what YAML 1.1 would read as another type; messages are prose, so none do.
  return !/^(true|false|yes|no|on|off|null|~|[-+]?\d[\d._]*)$/i.test(s);
}
