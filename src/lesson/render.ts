/**
 * Variables: `{{NAME}}` (NAME in UPPER_SNAKE_CASE) is replaced inside an already tokenized
 * word, so a value with spaces or quotes stays one argument and can never add arguments.
 * Lowercase or dotted braces (`{{.metadata.name}}` in a kubectl go-template) are left alone.
 */
import { UserFacingError, ExitCode } from '../errors.js';

const VAR_REF = /\{\{([A-Z][A-Z0-9_]*)\}\}/g;

/** A `{{NAME}}` with no value at run time; `message` is one line the engine can show as is. */
export class UndefinedVariableError extends UserFacingError {
  override name = 'UndefinedVariableError';
  constructor(
    /** The variable name, without braces. */
    readonly variable: string,
    /** The text (argv word, path or text) that referenced it. */
    readonly text: string,
  ) {
    super(
      `the variable {{${variable}}} has no value (used in ${JSON.stringify(text)}); define it in \`vars:\` or capture it in an earlier step`,
      ExitCode.failed,
    );
  }
}

/** Replaces every `{{NAME}}` in `s`; throws UndefinedVariableError for a name not in `vars`. */
export function renderText(s: string, vars: Readonly<Record<string, string>>): string {
  return s.replace(VAR_REF, (_whole, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined) throw new UndefinedVariableError(name, s);
    return value;
  });
}

/** Renders each argv word on its own: one word in, one word out. */
export function renderArgv(argv: readonly string[], vars: Readonly<Record<string, string>>): string[] {
  return argv.map((word) => renderText(word, vars));
}

/** The distinct variable names `s` references, in order of first use. */
export function referencedVars(s: string): string[] {
  return [...new Set(Array.from(s.matchAll(VAR_REF), (m) => m[1] as string))];
}

/** Every `{{NAME}}` in `s` with its index, for positioned problems. */
export function varRefs(s: string): { name: string; index: number }[] {
  return Array.from(s.matchAll(VAR_REF), (m) => ({ name: m[1] as string, index: m.index }));
}

/** Words a POSIX shell passes through unchanged. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Inside double quotes these still mean something to a shell (`!` is bash history). */
const DOUBLE_QUOTE_SPECIAL = /[$`"\\!]/;

/**
 * Shows argv so that pasting it into a POSIX shell runs exactly that argv: plain words stay
 * plain; others are single-quoted (or double-quoted when they contain a single quote and
 * nothing a shell would expand inside double quotes).
 */
export function displayCommand(argv: readonly string[]): string {
  // A first word like `A=b` would be read by a shell as a variable assignment: quote it.
  return argv
    .map((w, i) => (i === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w) ? `'${w.replace(/'/g, `'\\''`)}'` : quoteWord(w)))
    .join(' ');
}

function quoteWord(word: string): string {
  if (SAFE_WORD.test(word) && !word.startsWith('=')) return word;
  if (!word.includes("'")) return `'${word}'`;
  if (!DOUBLE_QUOTE_SPECIAL.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
