/**
 * Splits a lesson command, written as a person would type it at a POSIX prompt, into argv.
 * meshwalk never runs a shell, so anything a shell would interpret (pipes, redirections,
 * `$(...)`, `$VAR`, `;`, `&&`, globs of `~`) is reported instead of silently passed through:
 * what the learner sees must be what runs.
 *
 * Rules: whitespace separates words; '...' is literal; "..." is literal except `\"`, `\\`,
 * `\$` and `` \` ``; a backslash outside quotes escapes the next character, and a backslash
 * before a newline continues the line. `{{VAR}}` is ordinary text, so it stays inside its word.
 */

/** Why a command line could not be tokenized. */
export type TokenizeFailure = 'unbalanced-quote' | 'shell-syntax' | 'empty-command';

export type TokenizeResult =
  | {
      ok: true;
      argv: string[];
      /** Index in `line` where each word starts (its first quote, if quoted), for positioned problems. */
      starts: number[];
    }
  | {
      ok: false;
      message: string;
      /** Index in `line` of the offending character (the opening quote for an unbalanced one). */
      index: number;
      kind: TokenizeFailure;
    };

const NO_SHELL = 'meshwalk runs commands without a shell; split this into steps';
const NO_EXPANSION =
  'meshwalk runs commands without a shell, so nothing expands it; use a {{VAR}} captured by an earlier step';

/** Characters a shell treats as operators when unquoted. */
const OPERATORS: Record<string, string> = {
  '|': 'a pipe `|`',
  '&': '`&`',
  ';': '`;`',
  '<': 'a redirection `<`',
  '>': 'a redirection `>`',
  '(': 'a subshell `(`',
  ')': '`)`',
};

export function tokenize(line: string): TokenizeResult {
  const argv: string[] = [];
  const starts: number[] = [];
  let word = '';
  let inWord = false;
  const fail = (index: number, kind: TokenizeFailure, message: string): TokenizeResult => ({
    ok: false,
    message,
    index,
    kind,
  });

  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      continue;
    }
    if (!inWord && starts.length === argv.length) starts.push(i);
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return fail(i, 'unbalanced-quote', "this single quote (') is never closed");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
      continue;
    }
    if (c === '"') {
      const open = i;
      let closed = false;
      for (i++; i < line.length; i++) {
        const d = line[i] as string;
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\\') {
          const next = line[i + 1];
          if (next === '"' || next === '\\' || next === '$' || next === '`') {
            word += next;
            i++;
          } else if (next === '\n') {
            i++; // line continuation
          } else {
            word += d; // POSIX: other backslashes stay inside double quotes
          }
          continue;
        }
        if (d === '`') return fail(i, 'shell-syntax', `command substitution \`...\` needs a shell: ${NO_EXPANSION}`);
        if (d === '$' && expands(line, i))
          return fail(i, 'shell-syntax', `${expansionName(line, i)} needs a shell: ${NO_EXPANSION}`);
        word += d;
      }
      if (!closed) return fail(open, 'unbalanced-quote', 'this double quote (") is never closed');
      inWord = true;
      continue;
    }
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) return fail(i, 'shell-syntax', 'a command cannot end with a backslash');
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
      i++;
      continue;
    }
    const op = OPERATORS[c];
    if (op !== undefined) {
      const what = c === '&' && line[i + 1] === '&' ? '`&&`' : c === '|' && line[i + 1] === '|' ? '`||`' : op;
      return fail(i, 'shell-syntax', `${what} needs a shell: ${NO_SHELL}`);
    }
    if (c === '`') return fail(i, 'shell-syntax', `command substitution \`...\` needs a shell: ${NO_EXPANSION}`);
    if (c === '$' && expands(line, i))
      return fail(i, 'shell-syntax', `${expansionName(line, i)} needs a shell: ${NO_EXPANSION}`);
    if (!inWord && c === '~')
      return fail(
        i,
        'shell-syntax',
        'a leading `~` is expanded only by a shell, and meshwalk runs commands without a shell; write the path out or quote it',
      );
    if (!inWord && c === '#')
      return fail(
        i,
        'shell-syntax',
        'a word starting with `#` is a comment in a shell; quote it so the command means the same with or without a shell',
      );
    word += c;
    inWord = true;
  }
  if (inWord) argv.push(word);
  if (argv.length === 0) return fail(0, 'empty-command', 'the command is empty');
  const assignment = /^\s*[A-Za-z_][A-Za-z0-9_]*=/.exec(line);
  if (assignment) {
    return fail(
      line.length - line.trimStart().length,
      'shell-syntax',
      'a leading `NAME=value` sets a variable only in a shell, and meshwalk runs commands without a shell; pass the value as an argument or use {{VAR}}',
    );
  }
  return { ok: true, argv, starts };
}

/** `$` followed by a name, `{`, `(` or a special parameter is expanded by a shell. */
function expands(line: string, i: number): boolean {
  const next = line[i + 1];
  return next !== undefined && /[A-Za-z_{(0-9?#@*!$-]/.test(next);
}

function expansionName(line: string, i: number): string {
  const next = line[i + 1];
  if (next === '(') return 'command substitution `$(...)`';
  if (next === '{') return 'parameter expansion `${...}`';
  const name = /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i))?.[0];
  return name ? `the shell variable \`${name}\`` : `\`$${next ?? ''}\``;
}
