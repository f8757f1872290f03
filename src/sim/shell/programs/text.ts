/**
 * The line-oriented text applets scripts pipe through (BusyBox coreutils/*.c, which GNU's agree
 * with on these options): cat, head, tail, wc, tr, cut, sort, uniq, seq. An option outside the
 * subset is refused rather than ignored.
 */
import type { ProcessResult } from '../../types.js';
import { notSimulated } from '../../context.js';
import type { ProgramIo } from '../program.js';
import { readInputs } from './inputs.js';

type Flags = { flags: Set<string>; values: Map<string, string>; operands: string[] } | { refused: ProcessResult };

/** Single-letter options; `withValue` letters take the next word (or the rest of the word). */
function parseFlags(io: ProgramIo, allowed: string, withValue = ''): Flags {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const args = io.argv.slice(1);
  const name = io.argv[0]?.split('/').pop() ?? '';
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-' || /^-\d+$/.test(a)) break;
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      if (withValue.includes(f)) {
        values.set(f, a.slice(j + 1) || (args[++i] ?? ''));
        break;
      }
      if (!allowed.includes(f)) return { refused: notSimulated(`${name} option -${f}`) };
      flags.add(f);
    }
  }
  return { flags, values, operands: args.slice(i) };
}

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l.at(-1) === '') l.pop();
  return l;
}

const joined = (l: readonly string[]) => l.map((x) => `${x}\n`).join('');

/** Runs `each` over the concatenated inputs, as the applets do for several files (without headers). */
function over(io: ProgramIo, operands: string[], program: string, each: (text: string) => string): ProcessResult {
  const inputs = readInputs(io, operands, program);
  if ('refused' in inputs) return inputs.refused;
  const stdout = each(inputs.ok.map((x) => x.text).join(''));
  return { stdout, stderr: inputs.errors, exitCode: inputs.errors ? 1 : 0 };
}

export function cat(io: ProgramIo): ProcessResult {
  const f = parseFlags(io, 'u');
  if ('refused' in f) return f.refused;
  return over(io, f.operands, 'cat', (t) => t);
}

/** `head -n N`, `head -N`; `tail -n N`, `tail -n +N`, `tail -N`. Ten lines by default. */
function headTail(io: ProgramIo, tail: boolean): ProcessResult {
  const name = tail ? 'tail' : 'head';
  const f = parseFlags(io, '', 'n');
  if ('refused' in f) return f.refused;
  let spec = f.values.get('n');
  if (spec === undefined && /^-\d+$/.test(f.operands[0] ?? '')) spec = f.operands.shift()!.slice(1);
  spec ??= '10';
  const from = tail && spec.startsWith('+');
  const n = Number(from ? spec.slice(1) : spec);
  if (!Number.isInteger(n) || n < 0) return { stdout: '', stderr: `${name}: invalid number '${spec}'\n`, exitCode: 1 };
  return over(io, f.operands, name, (t) => {
    const l = lines(t);
    if (!tail) return joined(l.slice(0, n));
    return joined(from ? l.slice(Math.max(n - 1, 0)) : n === 0 ? [] : l.slice(-n));
  });
}

export const head = (io: ProgramIo) => headTail(io, false);
export const tail = (io: ProgramIo) => headTail(io, true);

/** BusyBox wc: one count alone, from stdin, is printed bare; otherwise each count in 7 columns. */
export function wc(io: ProgramIo): ProcessResult {
  const f = parseFlags(io, 'lwcm');
  if ('refused' in f) return f.refused;
  const which = ['l', 'w', 'c', 'm'].filter((k) => f.flags.has(k));
  const shown = which.length ? which : ['l', 'w', 'c'];
  const inputs = readInputs(io, f.operands, 'wc');
  if ('refused' in inputs) return inputs.refused;
  let stdout = '';
  for (const input of inputs.ok) {
    const t = input.text;
    const counts: Record<string, number> = {
      l: (t.match(/\n/g) ?? []).length,
      w: t.split(/\s+/).filter(Boolean).length,
      c: Buffer.byteLength(t),
      m: [...t].length,
    };
    const named = f.operands.length > 0;
    if (shown.length === 1 && !named) stdout += `${counts[shown[0]!]}\n`;
    else stdout += `${shown.map((k) => String(counts[k]).padStart(7)).join(' ')}${named ? ` ${input.name}` : ''}\n`;
  }
  return { stdout, stderr: inputs.errors, exitCode: inputs.errors ? 1 : 0 };
}

const CLASSES: Record<string, string> = {
  '[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  '[:lower:]': 'abcdefghijklmnopqrstuvwxyz',
  '[:digit:]': '0123456789',
  '[:space:]': ' \t\n\r\f\v',
  '[:blank:]': ' \t',
};

/** A tr SET: ranges (a-z), classes ([:upper:]) and the escapes \n \t \\. */
function trSet(spec: string): string[] | undefined {
  const out: string[] = [];
  let s = spec;
  for (const [k, v] of Object.entries(CLASSES)) s = s.split(k).join(v.replace(/-/g, '\\-'));
  for (let i = 0; i < s.length; i++) {
    let c = s[i]!;
    if (c === '\\') {
      const n = s[++i] ?? '\\';
      c = n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
    } else if (c === '[') return undefined;
    if (s[i + 1] === '-' && i + 2 < s.length) {
      const end = s[i + 2]!;
      for (let x = c.charCodeAt(0); x <= end.charCodeAt(0); x++) out.push(String.fromCharCode(x));
      i += 2;
    } else out.push(c);
  }
  return out;
}

export function tr(io: ProgramIo): ProcessResult {
  const f = parseFlags(io, 'ds');
  if ('refused' in f) return f.refused;
  const [a, b] = f.operands.map(trSet);
  if (!a || (f.operands[1] !== undefined && !b)) return notSimulated(`tr ${f.operands.join(' ')}`);
  const text = io.readStdin();
  const del = f.flags.has('d');
  if (!del && !b) return { stdout: '', stderr: 'tr: missing operand\n', exitCode: 1 };
  let out = '';
  for (const c of text) {
    const k = a.indexOf(c);
    if (k === -1) out += c;
    else if (!del) out += b![Math.min(k, b!.length - 1)] ?? '';
  }
  if (f.flags.has('s')) {
    const squeeze = new Set(del ? (b ?? []) : (b ?? a));
    out = [...out].filter((c, i, all) => !(i > 0 && c === all[i - 1] && squeeze.has(c))).join('');
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}

/** A cut LIST: `1`, `1,3`, `2-`, `-2`, `1-3`. */
function ranges(list: string): ((n: number) => boolean) | undefined {
  const parts = list.split(',').map((p) => /^(\d*)(-?)(\d*)$/.exec(p));
  if (parts.some((m) => !m || (m[1] === '' && m[3] === ''))) return undefined;
  return (n) =>
    parts.some((m) => {
      const lo = m![1] ? Number(m![1]) : 1;
      const hi = m![2] ? (m![3] ? Number(m![3]) : Infinity) : lo;
      return n >= lo && n <= hi;
    });
}

export function cut(io: ProgramIo): ProcessResult {
  const f = parseFlags(io, 's', 'dfc');
  if ('refused' in f) return f.refused;
  const fields = f.values.get('f');
  const chars = f.values.get('c');
  const pick = ranges(fields ?? chars ?? '');
  if (!pick) return { stdout: '', stderr: 'cut: expected a list of bytes, characters, or fields\n', exitCode: 1 };
  const delim = f.values.get('d') ?? '\t';
  if (delim.length !== 1) return { stdout: '', stderr: 'cut: the delimiter must be a single character\n', exitCode: 1 };
  return over(io, f.operands, 'cut', (t) =>
    joined(
      lines(t).flatMap((line) => {
        if (chars !== undefined) return [[...line].filter((_, i) => pick(i + 1)).join('')];
        if (!line.includes(delim)) return f.flags.has('s') ? [] : [line];
        return [
          line
            .split(delim)
            .filter((_, i) => pick(i + 1))
            .join(delim),
        ];
      }),
    ),
  );
}

export function sort(io: ProgramIo): ProcessResult {
  const f = parseFlags(io, 'nru');
  if ('refused' in f) return f.refused;
  return over(io, f.operands, 'sort', (t) => {
    const l = lines(t);
    const num = (s: string) => Number.parseFloat(s) || 0;
    l.sort((x, y) => (f.flags.has('n') ? num(x) - num(y) || (x < y ? -1 : x > y ? 1 : 0) : x < y ? -1 : x > y ? 1 : 0));
    if (f.flags.has('r')) l.reverse();
    return joined(f.flags.has('u') ? l.filter((x, i) => i === 0 || x !== l[i - 1]) : l);
  });
}

export function uniq(io: ProgramIo): ProcessResult {
  const f = parseFlags(io, 'cdu');
  if ('refused' in f) return f.refused;
  return over(io, f.operands.slice(0, 1), 'uniq', (t) => {
    const groups: { line: string; n: number }[] = [];
    for (const line of lines(t)) {
      const last = groups.at(-1);
      if (last?.line === line) last.n++;
      else groups.push({ line, n: 1 });
    }
    const kept = groups.filter((g) => (f.flags.has('d') ? g.n > 1 : f.flags.has('u') ? g.n === 1 : true));
    return joined(kept.map((g) => (f.flags.has('c') ? `${String(g.n).padStart(7)} ${g.line}` : g.line)));
  });
}

/** `seq LAST`, `seq FIRST LAST`, `seq FIRST INCREMENT LAST` (integers; -s and -w refused). */
export function seq(io: ProgramIo): ProcessResult {
  const args = io.argv.slice(1);
  if (args.some((a) => /^-[a-z]/i.test(a))) return notSimulated(`seq ${args.join(' ')}`);
  const n = args.map(Number);
  if (n.length === 0 || n.length > 3 || n.some((x) => !Number.isFinite(x))) {
    const bad = args.find((a) => !Number.isFinite(Number(a))) ?? '';
    return { stdout: '', stderr: `seq: invalid number '${bad}'\n`, exitCode: 1 };
  }
  const [first, step, last] = n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, 1, n[1]!] : n;
  if (first === undefined || step === undefined || last === undefined) return notSimulated(`seq ${args.join(' ')}`);
  if (step === 0 || Math.abs((last - first) / step) > 100_000) return notSimulated(`seq ${args.join(' ')}`);
  let out = '';
  for (let x = first; step > 0 ? x <= last : x >= last; x += step) out += `${x}\n`;
  return { stdout: out, stderr: '', exitCode: 0 };
}
