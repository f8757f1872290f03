/**
 * echo and printf, built into ash, dash and bash. They differ on echo: ash and bash print
 * backslashes as typed unless `-e` (BusyBox coreutils/echo.c, bash's xpg_echo off), dash always
 * interprets them and knows only `-n` (dash bltin/printf.c echocmd).
 */
import type { ProcessResult } from '../../types.js';
import { notSimulated } from '../../context.js';
import type { Dialect } from '../errors.js';
import type { ProgramIo } from '../program.js';

const SIMPLE: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  e: '\x1b',
};

/** The backslash escapes of echo -e and printf's format and %b; `\c` stops all output. */
function unescape(s: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      text += c;
      continue;
    }
    const n = s[++i]!;
    if (n in SIMPLE) text += SIMPLE[n];
    else if (n === 'c') return { text, stop: true };
    else if (/[0-7]/.test(n)) {
      const m = /^0?[0-7]{1,3}/.exec(s.slice(i))![0];
      text += String.fromCharCode(parseInt(m, 8) & 255);
      i += m.length - 1;
    } else text += `\\${n}`;
  }
  return { text, stop: false };
}

export function echo(dialect: Dialect) {
  return (io: ProgramIo): ProcessResult => {
    const args = io.argv.slice(1);
    let newline = true;
    let escapes = dialect === 'dash';
    while (args.length > 0 && /^-[neE]+$/.test(args[0]!) && (dialect !== 'dash' || args[0] === '-n')) {
      const a = args.shift()!;
      if (a.includes('n')) newline = false;
      if (a.includes('e')) escapes = true;
      if (a.includes('E')) escapes = false;
    }
    const body = args.join(' ');
    if (!escapes) return { stdout: body + (newline ? '\n' : ''), stderr: '', exitCode: 0 };
    const u = unescape(body);
    return { stdout: u.text + (newline && !u.stop ? '\n' : ''), stderr: '', exitCode: 0 };
  };
}

const CONVERSION = /%([-+ #0]*)(\d*|\*)?(?:\.(\d*))?([sdiuxXocb%])/g;

/** printf FORMAT [ARG…]: the format is reused until the arguments run out (POSIX XCU printf). */
export function printf(io: ProgramIo): ProcessResult {
  const [format, ...args] = io.argv.slice(1);
  if (format === undefined) return { stdout: '', stderr: 'printf: usage: printf FORMAT [ARGUMENT...]\n', exitCode: 2 };
  if (/%[^-+ #0-9.sdiuxXocb%]/.test(format.replace(/%%/g, ''))) return notSimulated(`the printf format ${format}`);
  let out = '';
  let stderr = '';
  let k = 0;
  do {
    let stop = false;
    let at = 0;
    const literal = (t: string) => {
      const u = unescape(t);
      out += u.text;
      stop = stop || u.stop;
    };
    for (const m of format.matchAll(CONVERSION)) {
      literal(format.slice(at, m.index));
      at = m.index + m[0].length;
      if (stop) break;
      out += convert(
        m,
        () => args[k++] ?? '',
        (e) => (stderr += e),
        () => (stop = true),
      );
    }
    if (!stop) literal(format.slice(at));
    if (stop) break;
  } while (k > 0 && k < args.length);
  return { stdout: out, stderr, exitCode: stderr ? 1 : 0 };
}

/** One `%…` conversion of printf, applied to the next argument. */
function convert(m: RegExpMatchArray, next: () => string, warn: (e: string) => void, stop: () => void): string {
  const [, flags = '', width, precision, conv] = m;
  if (conv === '%') return '%';
  const w = Number(width === '*' ? next() : width) || 0;
  const arg = next();
  let s: string;
  if (conv === 's') s = precision !== undefined ? arg.slice(0, Number(precision)) : arg;
  else if (conv === 'b') {
    const u = unescape(arg);
    if (u.stop) stop();
    s = u.text;
  } else if (conv === 'c') s = arg.slice(0, 1);
  else {
    const n = arg === '' ? 0 : Number(arg);
    if (!Number.isFinite(n)) warn(`printf: invalid number '${arg}'\n`);
    const v = Math.trunc(Number.isFinite(n) ? n : 0);
    const radix = conv === 'x' || conv === 'X' ? 16 : conv === 'o' ? 8 : 10;
    s = conv === 'X' ? v.toString(radix).toUpperCase() : v.toString(radix);
  }
  return flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
}
