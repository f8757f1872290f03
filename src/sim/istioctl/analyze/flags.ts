/**
 * The flags of `istioctl analyze` the simulator models (istioctl/pkg/analyze/analyze.go), parsed as cobra and
 * pflag do: `-x V`, `--flag V`, `--flag=V`, and booleans as `--flag` or `--flag=false`.
 */
import type { Level } from './messages.js';
import { LEVELS } from './messages.js';

export interface AnalyzeFlags {
  /** -A: analyze every namespace. Default false. */
  allNamespaces: boolean;
  /** -n: the namespace to analyze; default the context's, "default". */
  namespace?: string;
  /** -k: read the cluster; `--use-kube=false` analyzes the files only. Default true. */
  useKube: boolean;
  /** -o: log (default), json or yaml, as typed (checked later, case-insensitively). */
  output: string;
  /** Messages at least this severe make the exit code 79. Default Error. */
  failureThreshold: Level;
  /** Messages at least this severe are printed. Default Info. */
  outputThreshold: Level;
  /** -L: list the analyzers instead. */
  listAnalyzers: boolean;
  /** --color; undefined when not given (istioctl colours only a terminal). */
  color?: boolean;
  /** -S CODE=RESOURCE, repeatable. */
  suppress: string[];
  /** -R: walk sub-directories (1.24; from 1.25 the flag is removed and walking is always recursive). */
  recursive: boolean;
  files: string[];
}

export type FlagsResult = { flags: AnalyzeFlags } | { error: string } | { unsupported: string };

const BOOLS = new Set([
  '-A',
  '--all-namespaces',
  '-k',
  '--use-kube',
  '-L',
  '--list-analyzers',
  '--color',
  '-R',
  '--recursive',
  '--ignore-unknown',
]);
const VALUED = new Set([
  '-n',
  '--namespace',
  '-o',
  '--output',
  '--failure-threshold',
  '--output-threshold',
  '-S',
  '--suppress',
  '--timeout',
]);

export function parseFlags(words: readonly string[]): FlagsResult {
  const f: AnalyzeFlags = {
    allNamespaces: false,
    useKube: true,
    output: 'log',
    failureThreshold: 'Error',
    outputThreshold: 'Info',
    listAnalyzers: false,
    suppress: [],
    recursive: false,
    files: [],
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '-' || !w.startsWith('-')) {
      f.files.push(w);
      continue;
    }
    const eq = w.indexOf('=');
    const name = eq > 0 ? w.slice(0, eq) : w;
    let value = eq > 0 ? w.slice(eq + 1) : undefined;
    if (BOOLS.has(name)) {
      if (value !== undefined && value !== 'true' && value !== 'false') {
        const why = `strconv.ParseBool: parsing "${value}": invalid syntax`;
        return { error: `Error: invalid argument "${value}" for "${flagLabel(name)}" flag: ${why}` };
      }
      const on = value !== 'false';
      if (name === '-A' || name === '--all-namespaces') f.allNamespaces = on;
      else if (name === '-k' || name === '--use-kube') f.useKube = on;
      else if (name === '-L' || name === '--list-analyzers') f.listAnalyzers = on;
      else if (name === '--color') f.color = on;
      else if (name === '-R' || name === '--recursive') f.recursive = on;
      continue;
    }
    if (!VALUED.has(name)) return { unsupported: name };
    if (value === undefined) {
      const shown = name.startsWith('--') ? name : `'${name.slice(1)}' in ${name}`;
      if (i + 1 >= words.length) return { error: `Error: flag needs an argument: ${shown}` };
      value = words[++i] ?? '';
    }
    if (name === '-n' || name === '--namespace') f.namespace = value;
    else if (name === '-o' || name === '--output') f.output = value;
    else if (name === '-S' || name === '--suppress') f.suppress.push(value);
    else if (name === '--failure-threshold' || name === '--output-threshold') {
      const level = LEVELS.find((l) => l.toUpperCase() === value?.toUpperCase());
      if (!level) return { error: `Error: invalid argument "${value}" for "${name}" flag: invalid level option` };
      if (name === '--failure-threshold') f.failureThreshold = level;
      else f.outputThreshold = level;
    }
  }
  return { flags: f };
}

/** pflag names a flag with its shorthand: "-A, --all-namespaces". */
function flagLabel(name: string): string {
  const pairs: Record<string, string> = {
    '-A': '--all-namespaces',
    '-k': '--use-kube',
    '-L': '--list-analyzers',
    '-R': '--recursive',
  };
  const long = pairs[name] ?? name;
  const short = Object.entries(pairs).find(([, l]) => l === long)?.[0];
  return short ? `${short}, ${long}` : long;
}
