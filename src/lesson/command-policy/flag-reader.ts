/**
 * Reads flags the way spf13/pflag does (kubectl, istioctl, minikube; curl's short options
 * bundle the same way): `--name=value`, `--name value` for a flag known to take a value,
 * `-x value`, `-xvalue`, `-x=value`, and bundles of one-letter flags (`-it`) in which the
 * first letter that takes a value swallows the rest of the word or the next word.
 */

export type FlagSyntax = {
  /** Long names that take a value (the next word when not given with `=`). */
  valueLongs: ReadonlySet<string>;
  /** One-letter flags that take a value. */
  valueShorts: string;
  /** One-letter flag → its long name. */
  shortToLong: Readonly<Record<string, string>>;
  /**
   * Read `_` in a long name as `-`, as kubectl does (its root command sets pflag's
   * WarnWordSepNormalizeFunc, so `--as_group` is `--as-group`). Default false.
   */
  underscoreIsDash?: boolean;
};

/** One flag read from argv: its long name (or its letter when it has none) and where its value is. */
export type ReadFlag = { name: string; spelled: string; value?: string; valueAt?: number; at: number };

/** The flags in the word at `i` (a bundle may hold several) and the index of the last word used. */
export function readFlags(argv: readonly string[], i: number, syntax: FlagSyntax): { flags: ReadFlag[]; last: number } {
  const word = argv[i] ?? '';
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    const written = word.slice(2, eq === -1 ? undefined : eq);
    const name = syntax.underscoreIsDash ? written.replace(/_/g, '-') : written;
    const spelled = `--${written}`;
    if (eq !== -1) return { flags: [{ name, spelled, value: word.slice(eq + 1), at: i }], last: i };
    if (syntax.valueLongs.has(name) && i + 1 < argv.length)
      return { flags: [{ name, spelled, value: argv[i + 1] ?? '', valueAt: i + 1, at: i }], last: i + 1 };
    return { flags: [{ name, spelled, at: i }], last: i };
  }
  const flags: ReadFlag[] = [];
  for (let k = 1; k < word.length; k++) {
    const c = word[k] ?? '';
    const name = syntax.shortToLong[c] ?? c;
    if (!syntax.valueShorts.includes(c)) {
      flags.push({ name, spelled: `-${c}`, at: i });
      continue;
    }
    let rest = word.slice(k + 1);
    if (rest.startsWith('=')) rest = rest.slice(1);
    if (rest !== '') return { flags: [...flags, { name, spelled: `-${c}`, value: rest, at: i }], last: i };
    if (i + 1 < argv.length)
      return {
        flags: [...flags, { name, spelled: `-${c}`, value: argv[i + 1] ?? '', valueAt: i + 1, at: i }],
        last: i + 1,
      };
    return { flags: [...flags, { name, spelled: `-${c}`, at: i }], last: i };
  }
  return { flags, last: i };
}

/** A word that is a flag (not `-` alone, which means stdin). */
export function isFlagWord(word: string): boolean {
  return word.startsWith('-') && word !== '-';
}
