/**
 * The pieces the bash and zsh scripts share: shell functions, generated from the command specs,
 * that answer "which flags of this command take a value" and "what does this flag or the Nth
 * argument take". Both shells read them with the same `case` syntax.
 */
import type { CommandSpec, ValueKind } from './spec.js';

/** A kind as one shell word: lessons, files, dirs, any, or choices:a b c. */
export function kindWord(k: ValueKind): string {
  return k.kind === 'choices' ? `choices:${k.choices.join(' ')}` : k.kind;
}

/** POSIX single quotes: the text exactly, whatever it holds. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const flagWords = (c: CommandSpec, valued: boolean) =>
  c.flags.filter((f) => f.takesValue === valued).flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);

/**
 * `_meshwalk_valued CMD` prints the flags of CMD that take a value (so the word after one is its
 * value, not an argument) and fails for an unknown command; `_meshwalk_stops CMD` succeeds when
 * CMD hands the words after `--` to another program.
 */
export function commandFunctions(specs: readonly CommandSpec[]): string {
  const valued = specs.map((c) => `    ${c.name}) echo ${shellQuote(flagWords(c, true).join(' '))} ;;`);
  const stops = specs.filter((c) => c.stopsAtDashDash).map((c) => c.name);
  return [
    '_meshwalk_valued() {',
    '  case $1 in',
    ...valued,
    '    *) return 1 ;;',
    '  esac',
    '}',
    '',
    '_meshwalk_stops() {',
    stops.length ? `  case $1 in ${stops.join('|')}) return 0 ;; esac` : '  :',
    '  return 1',
    '}',
  ].join('\n');
}

/** `_meshwalk_flags CMD` prints every flag of CMD, long and short. */
export function flagListFunction(specs: readonly CommandSpec[]): string {
  const arms = specs.map(
    (c) => `    ${c.name}) echo ${shellQuote([...flagWords(c, true), ...flagWords(c, false)].sort().join(' '))} ;;`,
  );
  return ['_meshwalk_flags() {', '  case $1 in', ...arms, '  esac', '}'].join('\n');
}

/**
 * `_meshwalk_kind CMD WHAT` prints what a flag's value (WHAT = the flag, `--cluster` or `-X`) or
 * the Nth argument (WHAT = `@N`, from 0) takes, as a kindWord; `any` when nothing is known.
 */
export function kindFunction(specs: readonly CommandSpec[]): string {
  const arms: string[] = [];
  for (const c of specs) {
    for (const f of c.flags) {
      if (!f.takesValue || f.value.kind === 'any') continue;
      const names = [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])];
      arms.push(`    ${names.map((n) => `"${c.name} ${n}"`).join('|')}) echo ${shellQuote(kindWord(f.value))} ;;`);
    }
    c.positionals.forEach((p, i) => {
      if (p.kind !== 'any') arms.push(`    "${c.name} @${i}") echo ${shellQuote(kindWord(p))} ;;`);
    });
    const last = c.positionals.at(-1);
    if (c.repeatLast && last && last.kind !== 'any')
      arms.push(`    "${c.name} @"*) echo ${shellQuote(kindWord(last))} ;;`);
  }
  return ['_meshwalk_kind() {', '  case "$1 $2" in', ...arms, '    *) echo any ;;', '  esac', '}'].join('\n');
}

/**
 * `_meshwalk_lessons PROG [--lessons DIR]...` prints the lesson ids, one a line, by asking
 * `PROG list --json` (meshwalk's machine-readable listing, cached) at the moment of completion,
 * with the `--lessons` folders already on the command line.
 */
export const LESSONS_FUNCTION = `_meshwalk_lessons() {
  local prog=$1
  shift
  "$prog" list --json "$@" 2>/dev/null | grep -o '"id":"[^"]*"' | cut -d'"' -f4
}`;
