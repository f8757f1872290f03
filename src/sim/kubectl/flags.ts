/**
 * kubectl's flag syntax (spf13/pflag): `--name=value`, `--name value`, `-n value`, `-nvalue`,
 * `-n=value`, grouped booleans (`-it`), `--bool=false`, and `--` ending the flags. Each
 * subcommand declares its flags; anything else is refused by the caller as not simulated.
 */

export interface FlagDef {
  /** Takes a value (string flag) rather than being a boolean. */
  value: boolean;
  short?: string;
}
export type FlagSpec = Record<string, FlagDef>;

export interface ParsedArgs {
  /** Values by long name; booleans are "true"/"false". Repeated flags keep every value. */
  flags: Map<string, string[]>;
  positionals: string[];
  /** Words after `--` (undefined when there was no `--`). */
  rest: string[] | undefined;
}

/** Flags every kubectl command accepts. */
export const GLOBAL_FLAGS: FlagSpec = {
  namespace: { value: true, short: 'n' },
  context: { value: true },
  'request-timeout': { value: true },
};

/**
 * Value flags kubectl also accepts bare (pflag's NoOptDefVal): bare `--dry-run` means client
 * (deprecated, but still accepted) and never takes the next word as its value.
 */
const BARE_VALUE: Readonly<Record<string, string>> = { 'dry-run': 'client' };

export function parseArgs(
  args: readonly string[],
  spec: FlagSpec,
): ParsedArgs | { unknown: string } | { missingValue: string } {
  const all: FlagSpec = { ...GLOBAL_FLAGS, ...spec };
  const byShort = new Map<string, string>();
  for (const [name, d] of Object.entries(all)) if (d.short) byShort.set(d.short, name);
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const add = (name: string, v: string) => flags.set(name, [...(flags.get(name) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') return { flags, positionals, rest: args.slice(i + 1) };
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      const def = all[name];
      if (!def) return { unknown: eq === -1 ? a : a.slice(0, eq) };
      if (def.value) {
        if (eq !== -1) add(name, a.slice(eq + 1));
        else if (BARE_VALUE[name] !== undefined) add(name, BARE_VALUE[name]);
        else if (i + 1 < args.length) add(name, args[++i] ?? '');
        else return { missingValue: a };
      } else add(name, eq === -1 ? 'true' : a.slice(eq + 1));
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      // -n foo, -nfoo, -n=foo, -it
      for (let j = 1; j < a.length; j++) {
        const s = a[j] ?? '';
        const name = byShort.get(s);
        if (!name) return { unknown: `-${s}` };
        const def = all[name];
        if (def?.value) {
          let v = a.slice(j + 1);
          if (v.startsWith('=')) v = v.slice(1);
          if (v === '') {
            if (i + 1 >= args.length) return { missingValue: `-${s}` };
            v = args[++i] ?? '';
          }
          add(name, v);
          break;
        }
        add(name, 'true');
      }
      continue;
    }
    positionals.push(a);
  }
  return { flags, positionals, rest: undefined };
}

export function flag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return v?.[v.length - 1];
}

export function bool(p: ParsedArgs, name: string): boolean {
  const v = flag(p, name);
  return v !== undefined && v !== 'false';
}
