/**
 * One check for the Kubernetes clients that parse flags with spf13/pflag (kubectl, istioctl):
 * the command (and subcommand) must be on the tool's list, no global flag may choose another
 * cluster or identity in any spelling, and every path operand must stay in the lesson. Words
 * after the `--` the lesson wrote are not the tool's flags (pflag stops there): for `exec`,
 * `run` and `create` they are the container's command, which runs inside the pod. kubectl reads
 * `_` in a flag name as `-` (its root command's WarnWordSepNormalizeFunc), so names are compared
 * that way: `--as_group` is `--as-group`.
 */
import { isFlagWord, readFlags, type FlagSyntax, type ReadFlag } from './flag-reader.js';
import { pathUse } from './paths.js';
import { findGlobal, refusalOf, type GlobalFlag } from './target-flags.js';
import {
  endOfOptions,
  isTemplated,
  refuse,
  type CommandWords,
  type PathArea,
  type PathUse,
  type Verdict,
} from './types.js';

export type PathFlag = {
  access: PathUse['access'];
  within: PathArea;
  /** `-` means standard input. Default false. */
  stdin?: boolean;
  /** The value is a comma-separated list of files. Default false. */
  list?: boolean;
};

export type PflagTool = {
  tool: string;
  syntax: FlagSyntax;
  /** Global flag tables, searched in order. */
  globals: readonly (readonly GlobalFlag[])[];
  /** Allowed commands; a command mapped to a set allows only those subcommands. */
  commands: ReadonlyMap<string, ReadonlySet<string> | undefined>;
  /** The flag's file operand under this command, if it has one. */
  pathFlag(name: string, command: string): PathFlag | undefined;
  /** Why a flag (with its value) is refused beyond the globals, or undefined. */
  refused(flag: ReadFlag): string | undefined;
};

type Scan = { flags: ReadFlag[]; positionals: number[] };

export function checkPflagTool(w: CommandWords, t: PflagTool): Verdict {
  const words = w.argv.slice(0, endOfOptions(w));
  const scan = scanWords(words, t.syntax);
  const command = checkCommand(w, t, scan.positionals);
  if (command) return command;
  const verb = words[scan.positionals[0] ?? 0] ?? '';
  const paths: PathUse[] = [];
  for (const f of scan.flags) {
    const global = findGlobal(t.globals, f.name);
    const why = (global && refusalOf(global.use, t.tool, f.spelled)) ?? t.refused(f);
    if (why) return refuse('flag-not-allowed', f.at, why);
    const pf = t.pathFlag(f.name, verb);
    if (!pf || f.value === undefined) continue;
    const at = f.valueAt ?? f.at;
    // kubectl's -f, --from-file and --from-env-file are pflag string slices: comma-separated CSV.
    if (pf.list && f.value.includes('"'))
      return refuse('path-outside-lesson', at, `\`${f.value}\`: give each file its own flag, without quotes`);
    for (const item of pf.list ? f.value.split(',') : [f.value]) {
      const path = f.name === 'from-file' || f.name === 'from-env-file' ? afterKey(item) : item;
      const use = pathUse(path, at, pf.access, pf.within, { stdin: pf.stdin ?? false, devNull: pf.access === 'write' });
      if (!('path' in use)) return use;
      paths.push(use);
    }
  }
  return { ok: true, paths };
}

/**
 * Every flag and positional word. A word read as a flag's value is not scanned as a flag, as
 * pflag reads it, except that a value spelled like a refused flag is itself checked as one.
 */
function scanWords(words: readonly string[], syntax: FlagSyntax): Scan {
  const flags: ReadFlag[] = [];
  const positionals: number[] = [];
  for (let i = 1; i < words.length; i++) {
    if (!isFlagWord(words[i] ?? '')) {
      positionals.push(i);
      continue;
    }
    const r = readFlags(words, i, syntax);
    flags.push(...r.flags);
    if (r.last > i && isFlagWord(words[r.last] ?? ''))
      flags.push(...readFlags(words, r.last, { ...syntax, valueLongs: new Set(), valueShorts: '' }).flags);
    i = r.last;
  }
  return { flags, positionals };
}

/** `--from-file=[key=]path`: the path is after the first `=`. */
function afterKey(value: string): string {
  const eq = value.indexOf('=');
  return eq === -1 ? value : value.slice(eq + 1);
}

function checkCommand(w: CommandWords, t: PflagTool, positionals: readonly number[]): Verdict | undefined {
  const [verbAt, subAt] = positionals;
  const list = [...t.commands.keys()].join(', ');
  if (verbAt === undefined)
    return refuse('command-not-allowed', 0, `\`${t.tool}\` needs a command; a lesson may run ${t.tool} ${list}`);
  if (isTemplated(w, verbAt))
    return refuse('command-not-allowed', verbAt, `write the ${t.tool} command out instead of a {{VAR}}`);
  const verb = w.argv[verbAt] ?? '';
  if (!t.commands.has(verb))
    return refuse('command-not-allowed', verbAt, `\`${t.tool} ${verb}\` is not on the lesson allow-list (${list})`);
  const subs = t.commands.get(verb);
  if (!subs) return undefined;
  const sub = subAt === undefined || isTemplated(w, subAt) ? undefined : w.argv[subAt];
  if (sub !== undefined && subs.has(sub)) return undefined;
  return refuse(
    'command-not-allowed',
    subAt ?? verbAt,
    `\`${t.tool} ${verb}\` in a lesson takes one of ${[...subs].join(', ')}`,
  );
}
