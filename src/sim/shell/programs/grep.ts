/**
 * grep as BusyBox (findutils/grep.c) and GNU grep agree on it: -q -c -v -i -o -n -l -E -F -e -w -x
 * -s -h, basic (BRE) or extended (-E) patterns, exit 0 when a line matched, 1 when none did, 2 on
 * an error. Patterns run on RE2 (linear time: the script is the learner's, the input a server's).
 */
import type { RE2JS } from 're2js';
import { re2 } from '../../../text/re2.js';
import type { ProcessResult } from '../../types.js';
import { notSimulated } from '../../context.js';
import type { ProgramIo } from '../program.js';
import { readInputs } from './inputs.js';

interface GrepOptions {
  quiet: boolean;
  count: boolean;
  invert: boolean;
  ignoreCase: boolean;
  only: boolean;
  number: boolean;
  list: boolean;
  extended: boolean;
  fixed: boolean;
  word: boolean;
  line: boolean;
  silent: boolean;
  noName: boolean;
}

const FLAGS: Record<string, keyof GrepOptions> = {
  q: 'quiet',
  c: 'count',
  v: 'invert',
  i: 'ignoreCase',
  o: 'only',
  n: 'number',
  l: 'list',
  E: 'extended',
  F: 'fixed',
  w: 'word',
  x: 'line',
  s: 'silent',
  h: 'noName',
};

const USAGE = 'Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n';

/** A basic regular expression (POSIX XBD 9.3) in RE2's extended syntax. */
export function breToEre(bre: string): string {
  let out = '';
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i]!;
    if (c === '\\' && i + 1 < bre.length) {
      const n = bre[++i]!;
      out += '(){}|+?'.includes(n) ? n : `\\${n}`;
    } else if (c === '[') {
      const end = bre.indexOf(']', i + (bre[i + 1] === ']' ? 2 : bre[i + 1] === '^' && bre[i + 2] === ']' ? 3 : 1));
      if (end === -1) return out + `\\${bre.slice(i)}`;
      out += bre.slice(i, end + 1);
      i = end;
    } else if (c === '*' && (i === 0 || bre[i - 1] === '^')) out += '\\*';
    else out += '(){}|+?'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

export function grep(io: ProgramIo): ProcessResult {
  const o: GrepOptions = {
    quiet: false,
    count: false,
    invert: false,
    ignoreCase: false,
    only: false,
    number: false,
    list: false,
    extended: false,
    fixed: false,
    word: false,
    line: false,
    silent: false,
    noName: false,
  };
  const patterns: string[] = [];
  const files: string[] = [];
  const args = io.argv.slice(1);
  const name = io.argv[0]?.split('/').pop();
  if (name === 'egrep') o.extended = true;
  if (name === 'fgrep') o.fixed = true;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      if (f === 'e') {
        patterns.push(a.slice(j + 1) || (args[++i] ?? ''));
        break;
      }
      const key = FLAGS[f];
      if (!key) return notSimulated(`grep option -${f}`);
      o[key] = true;
    }
  }
  const rest = args.slice(i);
  if (patterns.length === 0) {
    if (rest.length === 0) return { stdout: '', stderr: USAGE, exitCode: 2 };
    patterns.push(rest.shift()!);
  }
  files.push(...rest);
  let re: RE2JS;
  const RE2 = re2();
  try {
    const sources = patterns.map((p) => (o.fixed ? RE2.quote(p) : o.extended ? p : breToEre(p)));
    const body = sources.map((s) => `(?:${s})`).join('|');
    const wrapped = o.line ? `^(?:${body})$` : o.word ? `\\b(?:${body})\\b` : body;
    re = RE2.compile(wrapped, o.ignoreCase ? RE2.CASE_INSENSITIVE : 0);
  } catch {
    return notSimulated(`the grep pattern ${patterns.join(' ')}`, 'it is outside the RE2 syntax the simulator uses');
  }
  const inputs = readInputs(io, files, 'grep');
  if ('refused' in inputs) return inputs.refused;
  let stdout = '';
  let any = false;
  const many = files.length > 1 && !o.noName;
  for (const input of inputs.ok) {
    const lines = input.text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    let count = 0;
    for (const [n, line] of lines.entries()) {
      const hit = re.test(line) !== o.invert;
      if (!hit) continue;
      count++;
      any = true;
      if (o.quiet) return { stdout: '', stderr: '', exitCode: 0 };
      if (o.count || o.list) continue;
      const lead = `${many ? `${input.name}:` : ''}${o.number ? `${n + 1}:` : ''}`;
      if (o.only && !o.invert) {
        const m = re.matcher(line);
        while (m.find()) if (m.group()) stdout += `${lead}${m.group()}\n`;
      } else stdout += `${lead}${line}\n`;
    }
    if (o.count) stdout += `${many ? `${input.name}:` : ''}${count}\n`;
    if (o.list && count > 0) stdout += `${input.name}\n`;
  }
  const stderr = o.silent ? '' : inputs.errors;
  return { stdout, stderr, exitCode: inputs.errors && !o.quiet ? 2 : any ? 0 : 1 };
}
