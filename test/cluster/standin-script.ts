import { Buffer } from 'node:buffer';
import type { Rule, Tool } from './standins.js';

/** What a generated stand-in needs to know besides its rules. */
export interface ScriptPaths {
  /** The node binary, to run the reference stand-in for calls bash cannot answer exactly. */
  node: string;
  /** test/fixtures/bin/<tool>, the reference stand-in. */
  fallback: string;
  scenario: string;
  log: string;
  /** A folder with one empty file per flag that is set. */
  state: string;
}

/** Bytes the log line cannot hold as they are (JSON.stringify writes \u00XX); \t \n \r bash escapes; argv has no NUL. */
const CONTROL = [...Array(32).keys()].filter((b) => b > 0 && b !== 9 && b !== 10 && b !== 13);
/** Well-formed UTF-8, as node decodes argv: anything else becomes U+FFFD there, so node must log it. */
const UTF8 = String.raw`^([\x01-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf][\x80-\xbf]|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf][\x80-\xbf]|[\xf1-\xf3][\x80-\xbf][\x80-\xbf][\x80-\xbf]|\xf4[\x80-\x8f][\x80-\xbf][\x80-\xbf])*$`;

/** The UTF-8 bytes of `s` with printable ASCII as is and every other byte (and `extra`) as \xHH. */
function hexEscaped(s: string, extra: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b >= 0x20 && b < 0x7f && !extra.includes(c) ? c : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** `s` as a bash ANSI-C string, byte-exact; the script itself stays printable ASCII. */
export const ansiC = (s: string) => `$'${hexEscaped(s, "'\\")}'`;
/** A printf format that prints exactly `s`, NUL bytes included (a bash string cannot hold one). */
const printfOf = (s: string) => `printf -- '${hexEscaped(s, "'\\").replaceAll('%', '%%')}'`;

function flag(name: string): string {
  if (!/^[\w-]+$/.test(name)) throw new Error(`stand-in flag names are words, not ${JSON.stringify(name)}`);
  return `"$S"/${name}`;
}

/** The bash test for one rule, or undefined when no argv can match it (argv has no NUL, no lone surrogate). */
function condition(r: Rule): string | undefined {
  const args = r.args ?? [];
  if (args.some((a) => /\0|\p{Cs}/u.test(a))) return undefined;
  const tests = args.length ? [`sub ${args.length} ${args.map(ansiC).join(' ')} "$@"`] : [];
  if (r.when !== undefined) tests.push(`[[ -e ${flag(r.when)} ]]`);
  if (r.unless !== undefined) tests.push(`[[ ! -e ${flag(r.unless)} ]]`);
  return tests.join(' && ') || ':';
}

/**
 * A bash script that answers as test/fixtures/bin/standin.mjs would for `rules` (its rules for `tool`),
 * in a few ms instead of a node start. Calls it cannot answer byte-exactly (an argv with control
 * bytes or ill-formed UTF-8, a long log line, a hanging rule, another scenario) it hands to node
 * with exec, before logging anything, so the pid stays the one the caller started.
 */
export function standinScript(tool: Tool, rules: readonly Rule[], p: ScriptPaths): string {
  const node = `exec ${ansiC(p.node)} ${ansiC(p.fallback)} "$@"`;
  const own = rules.filter((r) => r.tool === tool);
  const branches: string[] = [];
  const answers: string[] = [];
  own.forEach((r, i) => {
    const test = condition(r);
    if (test === undefined) return;
    branches.push(`${branches.length ? 'elif' : 'if'} ${test}; then r=${i + 1}`);
    if (r.hang) return answers.push(`${i + 1}) ${node} ;;`);
    const exit = r.exit ?? 0;
    if (!Number.isInteger(exit)) throw new Error(`stand-in exit codes are integers, not ${exit}`);
    const body = [
      ...(r.sets ? [`: >${flag(r.sets)}`] : []),
      ...(r.stdout ? [printfOf(r.stdout)] : []),
      ...(r.stderr ? [`${printfOf(r.stderr)} >&2`] : []),
      `exit ${exit}`,
    ];
    answers.push(`${i + 1}) log; ${body.join('; ')} ;;`);
  });
  return `#!/bin/bash -p
# Generated from the scenario's ${tool} rules; the -p keeps BASH_ENV and exported functions out.
[[ \${MESHWALK_STANDIN_SCENARIO-} == ${ansiC(p.scenario)} ]] || ${node}
LC_ALL=C # one byte per character: lengths and comparisons are byte-exact
shopt -u patsub_replacement 2>/dev/null
bad=$'[${CONTROL.map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}]'
u8=$'${UTF8}'
j=
for a in "$@"; do
  [[ $a == *$bad* ]] && ${node}
  [[ $a == *[![:ascii:]]* && ! $a =~ $u8 ]] && ${node}
  a=\${a//\\\\/\\\\\\\\}; a=\${a//\\"/\\\\\\"}; a=\${a//$'\\n'/\\\\n}; a=\${a//$'\\r'/\\\\r}; a=\${a//$'\\t'/\\\\t}
  j+=,\\"$a\\"
done
line="{\\"tool\\":\\"${tool}\\",\\"argv\\":[\${j#,}],\\"pid\\":$$}"
# A longer line might reach the log in more than one write, interleaved with a concurrent call's.
(( \${#line} < 4000 )) || ${node}
log() { printf '%s\\n' "$line" >>${ansiC(p.log)}; }
# Is the first $1 arguments after it an ordered subsequence of the rest?
sub() {
  local n=$1 i=0 h
  shift
  local -a w=("\${@:1:n}")
  shift "$n"
  for h; do ((i < n)) && [[ $h == "\${w[i]}" ]] && ((++i)); done
  ((i == n))
}
S=${ansiC(p.state)}
r=0
${branches.length ? `${branches.join('\n')}\nfi` : ''}
case $r in
${answers.join('\n')}
esac
log
printf 'stand-in ${tool}: no rule for: %s\\n' "$*" >&2
exit 99
`;
}
