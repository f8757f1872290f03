/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath), as `kubectl get -o jsonpath=...`
 * uses them: text with `{...}` actions; fields, `..` recursion, `[n]`, `[a:b]`, `[*]`, `['key']`,
 * filters `[?(@.name=="https")]`, `range ... end`, `"literal"` strings. Missing keys give nothing
 * (kubectl sets AllowMissingKeys); results are joined by spaces; maps and lists print as JSON.
 */

type Seg =
  | { t: 'field'; name: string }
  | { t: 'recursive'; name: string }
  | { t: 'wild' }
  | { t: 'index'; i: number }
  | { t: 'slice'; from?: number; to?: number }
  | { t: 'filter'; left: Seg[]; op?: string; right?: Seg[] | string | number };

type Node =
  | { t: 'text'; text: string }
  | { t: 'literal'; text: string }
  | { t: 'path'; segs: Seg[] }
  | { t: 'range'; segs: Seg[]; body: Node[] };

export class JsonPathError extends Error {}

function parsePath(src: string): Seg[] {
  const segs: Seg[] = [];
  let i = 0;
  const s = src.trim();
  if (s.startsWith('$')) i = 1;
  if (s.startsWith('@')) i = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '.' && s[i + 1] === '.') {
      i += 2;
      const m = /^[^.[\]]+/.exec(s.slice(i));
      if (!m) throw new JsonPathError(`invalid recursive descent in ${s}`);
      segs.push({ t: 'recursive', name: m[0] });
      i += m[0].length;
    } else if (c === '.') {
      i++;
      if (s[i] === '*') {
        segs.push({ t: 'wild' });
        i++;
        continue;
      }
      // A dot inside a name is escaped (`kubectl\.kubernetes\.io/...`), as in kubectl's jsonpath.
      const m = /^(?:\\.|[^.[\]\s\\])*/.exec(s.slice(i));
      const raw = m?.[0] ?? '';
      if (raw) segs.push({ t: 'field', name: raw.replace(/\\(.)/g, '$1') });
      i += raw.length;
    } else if (c === '[') {
      const close = matchBracket(s, i);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') segs.push({ t: 'wild' });
      else if (inner.startsWith('?(') && inner.endsWith(')')) segs.push(parseFilter(inner.slice(2, -1)));
      else if (/^'.*'$|^".*"$/.test(inner)) segs.push({ t: 'field', name: inner.slice(1, -1) });
      else if (/^-?\d+$/.test(inner)) segs.push({ t: 'index', i: Number(inner) });
      else if (/^-?\d*:-?\d*(:\d*)?$/.test(inner)) {
        const [a, b] = inner.split(':');
        segs.push({ t: 'slice', ...(a ? { from: Number(a) } : {}), ...(b ? { to: Number(b) } : {}) });
      } else throw new JsonPathError(`unrecognized array index ${inner}`);
    } else if (c === ' ' || c === '\t') {
      i++;
    } else {
      const m = /^[^.[\]\s]+/.exec(s.slice(i));
      const name = m?.[0] ?? '';
      segs.push({ t: 'field', name });
      i += Math.max(1, name.length);
    }
  }
  return segs;
}

function matchBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unclosed array expect ]');
}

function parseFilter(expr: string): Seg {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(expr);
  if (!m) return { t: 'filter', left: parsePath(expr) };
  const rhs = (m[3] ?? '').trim();
  let right: Seg[] | string | number;
  if (/^".*"$|^'.*'$/.test(rhs)) right = rhs.slice(1, -1);
  else if (/^-?\d+(\.\d+)?$/.test(rhs)) right = Number(rhs);
  else right = parsePath(rhs);
  return { t: 'filter', left: parsePath(m[1] ?? ''), op: m[2], right };
}

export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const cur = stack[stack.length - 1] ?? root;
    if (open === -1) {
      cur.push({ t: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) cur.push({ t: 'text', text: template.slice(i, open) });
    let close = -1;
    let quote = '';
    for (let j = open + 1; j < template.length; j++) {
      const c = template[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
      } else if (c === '"') quote = c;
      else if (c === '}') {
        close = j;
        break;
      }
    }
    if (close === -1) throw new JsonPathError(`unclosed action`);
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (action.startsWith('range ') || action === 'range') {
      const node: Node = { t: 'range', segs: parsePath(action.slice(5)), body: [] };
      cur.push(node);
      stack.push(node.body);
    } else if (/^".*"$/s.test(action)) {
      cur.push({ t: 'literal', text: unescape(action.slice(1, -1)) });
    } else {
      cur.push({ t: 'path', segs: parsePath(action) });
    }
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range');
  return root;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v);
  return [];
}

function evalSegs(values: unknown[], segs: Seg[]): unknown[] {
  let cur = values;
  for (const seg of segs) {
    const next: unknown[] = [];
    for (const v of cur) {
      switch (seg.t) {
        case 'field':
          if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, seg.name))
            next.push((v as Record<string, unknown>)[seg.name]);
          break;
        case 'recursive': {
          const walk = (x: unknown) => {
            if (x && typeof x === 'object') {
              if (!Array.isArray(x) && Object.hasOwn(x, seg.name)) next.push((x as Record<string, unknown>)[seg.name]);
              for (const c of children(x)) walk(c);
            }
          };
          walk(v);
          break;
        }
        case 'wild':
          next.push(...children(v));
          break;
        case 'index': {
          if (!Array.isArray(v)) break;
          const idx = seg.i < 0 ? v.length + seg.i : seg.i;
          if (idx < 0 || idx >= v.length)
            throw new JsonPathError(`array index out of bounds: index ${seg.i}, length ${v.length}`);
          next.push(v[idx]);
          break;
        }
        case 'slice': {
          if (!Array.isArray(v)) break;
          next.push(...v.slice(seg.from ?? 0, seg.to ?? v.length));
          break;
        }
        case 'filter':
          for (const item of children(v)) if (test(item, seg)) next.push(item);
          break;
      }
    }
    cur = next;
  }
  return cur;
}

function test(item: unknown, f: Extract<Seg, { t: 'filter' }>): boolean {
  const left = evalSegs([item], f.left);
  if (!f.op) return left.length > 0;
  const right = Array.isArray(f.right) ? evalSegs([item], f.right)[0] : f.right;
  if (left.length === 0) return false;
  const l = left[0];
  switch (f.op) {
    case '==':
      return l === right || String(l) === String(right);
    case '!=':
      return !(l === right || String(l) === String(right));
    case '<':
      return Number(l) < Number(right);
    case '>':
      return Number(l) > Number(right);
    case '<=':
      return Number(l) <= Number(right);
    case '>=':
      return Number(l) >= Number(right);
    default:
      return false;
  }
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function run(nodes: Node[], data: unknown): string {
  let out = '';
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
      case 'literal':
        out += n.text;
        break;
      case 'path':
        out += evalSegs([data], n.segs).map(text).join(' ');
        break;
      case 'range':
        for (const item of evalSegs([data], n.segs)) out += run(n.body, item);
        break;
    }
  }
  return out;
}

/** Evaluates a kubectl JSONPath template against an object (throws JsonPathError). */
export function evaluateJsonPath(template: string, data: unknown): string {
  return run(parseTemplate(template), data);
}

/** Go's `%#v` of decoded JSON, for kubectl's "object given to jsonpath engine was" dump. */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[string]interface {}{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goSyntax(x)}`).join(', ')}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}` : `${v}`;
  return String(v);
}
