/**
 * What a shell may complete after `meshwalk`, read from the commands themselves: their names and
 * summaries from the command table, their flags from the parseArgs options each one parses
 * (`Command.flags`), and what their flags and positional arguments take from their usage text
 * (`--cluster sim|current`, `run LESSON`, `--lessons DIR`). Nothing here is written by hand per
 * command, so a new flag or command is completed as soon as it exists.
 */
import type { FlagOptions } from '../command.js';

/** What a flag's value or a positional argument is. */
export type ValueKind =
  | { kind: 'any' }
  | { kind: 'lessons' }
  | { kind: 'files' }
  | { kind: 'dirs' }
  | { kind: 'choices'; choices: readonly string[] };

export interface FlagSpec {
  /** Without the dashes: `cluster`. */
  long: string;
  short?: string;
  /** Whether the flag takes a value (`--cluster sim`); boolean flags take none. */
  takesValue: boolean;
  value: ValueKind;
  /** One line saying what it does, from the usage's Flags section ('' when it has none). */
  description: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  flags: readonly FlagSpec[];
  /** The positional arguments in order; the last repeats when `repeatLast` (`check [LESSON...]`). */
  positionals: readonly ValueKind[];
  repeatLast: boolean;
  /** Words after a `--` belong to another program (`sim -- kubectl ...`): nothing is completed there. */
  stopsAtDashDash: boolean;
}

export interface CommandSource {
  name: string;
  summary: string;
  usage: string;
  flags: FlagOptions;
}

const ANY: ValueKind = { kind: 'any' };
const HELP: FlagSpec = { long: 'help', short: 'h', takesValue: false, value: ANY, description: 'show this help' };

/** The placeholder a usage text writes for a value, as a kind: DIR, FILE, LESSON, `a|b`, ... */
function placeholderKind(word: string, flag?: string): ValueKind {
  const bare = word.replace(/[[\]]/g, '').replace(/\.\.\.$/, '');
  if (flag === 'lesson' || bare === 'LESSON') return { kind: 'lessons' };
  if (bare === 'DIR') return { kind: 'dirs' };
  if (bare === 'FILE' || bare === 'PATH') return { kind: 'files' };
  const choices = bare.split('|');
  if (choices.every((c) => /^[a-z][a-z0-9.-]*$/.test(c))) return { kind: 'choices', choices };
  return ANY;
}

/** The synopsis forms of a usage: `Usage: meshwalk X ...` and each `meshwalk X ...` line after it, with their continuations. */
function synopsisForms(usage: string): string[] {
  const head = usage.split(/\n\s*\n/)[0] ?? '';
  const forms: string[] = [];
  for (const line of head.split('\n')) {
    const text = line.replace(/^Usage:/, '').trim();
    if (text.startsWith('meshwalk')) forms.push(text);
    else if (forms.length > 0) forms[forms.length - 1] += ` ${text}`;
  }
  // A quoted value such as -H 'K: V' is one placeholder.
  return forms.map((f) => f.replace(/'[^']*'/g, 'VALUE'));
}

/**
 * `--name VALUE  what it does` lines of the Flags section: the placeholder and the first line of
 * the description (the next line when the flag's own line has none).
 */
function flagLines(usage: string): Map<string, { placeholder?: string; description: string }> {
  const found = new Map<string, { placeholder?: string; description: string }>();
  const lines = usage.split('\n');
  lines.forEach((line, i) => {
    const m = /^\s+(?:-[a-zA-Z], )?--([a-z][a-z0-9-]*)(?: (\S+))?(?:\s+(.*))?$/.exec(line);
    if (!m || found.has(m[1]!)) return;
    // The description's continuation lines are indented further than any flag.
    const rest: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s{6,}\S/.test(lines[j]!); j++) rest.push(lines[j]!.trim());
    const text = [m[3]?.trim() ?? '', ...rest].filter(Boolean).join(' ');
    found.set(m[1]!, { ...(m[2] ? { placeholder: m[2] } : {}), description: firstSentence(text) });
  });
  return found;
}

/** Up to the end of the first sentence: `where commands run. Default: ...` → `where commands run`. */
function firstSentence(text: string): string {
  return text.split(/\.(?:\s|$)/)[0]!.trim();
}

/** Builds one command's completion from its table entry and the flags and usage it declares. */
export function commandSpec(source: CommandSource): CommandSpec {
  const byShort = new Map<string, string>();
  for (const [long, o] of Object.entries(source.flags)) if (o.short) byShort.set(o.short, long);
  const takesValue = (long: string) => source.flags[long]?.type === 'string';
  const fromSynopsis = new Map<string, ValueKind>();
  let positionals: ValueKind[] = [];
  let repeatLast = false;
  let stopsAtDashDash = false;
  for (const form of synopsisForms(source.usage)) {
    const words = form.split(/\s+/).slice(1);
    if (words[0] === source.name || words[0] === `[${source.name}]`) words.shift();
    const here: ValueKind[] = [];
    let repeats = false;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!.replace(/[[\]]/g, '');
      if (w === '|' || w === '') continue;
      if (w === '--') {
        stopsAtDashDash = true;
        break;
      }
      const flag = /^--?([a-zA-Z][a-zA-Z0-9-]*)/.exec(w)?.[1];
      if (flag !== undefined) {
        const long = w.startsWith('--') ? flag : (byShort.get(flag) ?? flag);
        if (takesValue(long) && i + 1 < words.length) {
          const kind = placeholderKind(words[++i]!, long);
          if (!fromSynopsis.has(long)) fromSynopsis.set(long, kind);
        }
        continue;
      }
      here.push(placeholderKind(w));
      repeats = w.endsWith('...');
    }
    if (here.length > positionals.length) {
      positionals = here;
      repeatLast = repeats;
    }
  }
  const lines = flagLines(source.usage);
  const flags: FlagSpec[] = Object.entries(source.flags).map(([long, o]) => {
    const line = lines.get(long);
    const valued = takesValue(long);
    const value = !valued
      ? ANY
      : (fromSynopsis.get(long) ?? (line?.placeholder ? placeholderKind(line.placeholder, long) : ANY));
    // A flag without a value whose description follows one space after it: that word is text.
    const description =
      !valued && line?.placeholder ? `${line.placeholder} ${line.description}`.trim() : (line?.description ?? '');
    return { long, ...(o.short ? { short: o.short } : {}), takesValue: valued, value, description };
  });
  if (!flags.some((f) => f.long === 'help')) flags.push(HELP);
  return { name: source.name, summary: source.summary, flags, positionals, repeatLast, stopsAtDashDash };
}
