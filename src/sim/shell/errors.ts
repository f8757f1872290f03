/**
 * The two ways a script fails before it runs: a real syntax error (the shell prints it and exits 2,
 * POSIX XCU 2.8.1), or a construct the simulated shell does not run (refused, exit 3).
 */

/** What the real shell would reject; `found` is the token it choked on, undefined at end of input. */
export class ShellSyntaxError extends Error {
  constructor(
    readonly found: string | undefined,
    readonly expecting?: string,
    readonly unterminated = false,
  ) {
    super(unterminated ? 'unterminated quoted string' : `unexpected ${found ?? 'end of file'}`);
  }
}

/** A construct outside the simulated subset; the message names it, the hint says what to do instead. */
export class ShellUnsupported extends Error {
  constructor(
    what: string,
    readonly hint?: string,
  ) {
    super(what);
  }
}

export type Dialect = 'ash' | 'dash' | 'bash';

/**
 * The syntax error line each shell prints: BusyBox ash (shell/ash.c raise_error_unexpected_syntax),
 * dash (parser.c synexpect: `sh: 1: Syntax error: ...`), bash (`bash: -c: line 1: ...`).
 */
export function syntaxMessage(e: ShellSyntaxError, dialect: Dialect): string {
  const expecting = e.expecting ? ` (expecting "${e.expecting}")` : '';
  if (dialect === 'ash') {
    if (e.unterminated) return 'sh: syntax error: unterminated quoted string';
    if (e.found === undefined) return `sh: syntax error: unexpected end of file${expecting}`;
    return `sh: syntax error: unexpected "${e.found}"`;
  }
  if (dialect === 'dash') {
    if (e.unterminated) return 'sh: 1: Syntax error: Unterminated quoted string';
    if (e.found === undefined) return `sh: 1: Syntax error: end of file unexpected${expecting}`;
    return `sh: 1: Syntax error: "${e.found}" unexpected`;
  }
  if (e.unterminated || e.found === undefined) return 'bash: -c: line 1: syntax error: unexpected end of file';
  return `bash: -c: line 1: syntax error near unexpected token \`${e.found}'`;
}
