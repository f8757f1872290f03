/**
 * Splits a script into tokens as POSIX sh does (XCU 2.3 token recognition, 2.2 quoting): words made
 * of quoted and unquoted parts, `$…` and backquote expansions kept as parts, and the operators
 * `&& || | ; ( )` with the redirections `[n]> [n]>> [n]< [n]>&m`. Inner `$(…)` scripts are parsed
 * by the caller-supplied `parse`, so they nest to any depth.
 */
import type { List, Part, Word } from './ast.js';
import { ShellSyntaxError, ShellUnsupported } from './errors.js';

export type Token =
  | { kind: 'word'; word: Word }
  | { kind: 'op'; op: '&&' | '||' | '|' | ';' | '(' | ')' | '\n' }
  | { kind: 'redir'; fd: number | undefined; op: '>' | '>>' | '<' | '>&' };

const SPECIAL_PARAMS = new Set(['?', '#', '@', '*', '$', '0', '!', '-']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function tokenize(src: string, parse: (inner: string) => List): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let parts: Part[] = [];
  let started = false;
  const lit = (text: string, quoted: boolean) => {
    const last = parts.at(-1);
    if (last?.kind === 'lit' && last.quoted === quoted) last.text += text;
    else parts.push({ kind: 'lit', text, quoted });
    started = true;
  };
  const endWord = () => {
    if (started) tokens.push({ kind: 'word', word: parts });
    parts = [];
    started = false;
  };

  /** `$…` at src[i] === '$'; pushes a part and returns the index after it. */
  const dollar = (at: number, quoted: boolean): number => {
    const next = src[at + 1];
    if (next === '(') {
      if (src[at + 2] === '(') throw new ShellUnsupported('arithmetic expansion $((…))');
      const end = closingParen(src, at + 2);
      parts.push({ kind: 'subst', body: parse(src.slice(at + 2, end)), quoted });
      started = true;
      return end + 1;
    }
    if (next === '{') {
      const end = src.indexOf('}', at + 2);
      if (end === -1) throw new ShellSyntaxError(undefined, '}', true);
      parts.push(braced(src.slice(at + 2, end), quoted));
      started = true;
      return end + 1;
    }
    if (next === "'" && !quoted) throw new ShellUnsupported("$'…' quoting");
    const special = next !== undefined && (SPECIAL_PARAMS.has(next) || /\d/.test(next)) ? next : undefined;
    const name = NAME.exec(src.slice(at + 1))?.[0] ?? special;
    if (name === undefined) {
      lit('$', quoted);
      return at + 1;
    }
    parts.push({ kind: 'param', name, quoted });
    started = true;
    return at + 1 + name.length;
  };

  /** A backquoted command at src[at] === '`' (XCU 2.6.3: `\$ \` \\` lose their backslash inside). */
  const backquote = (at: number, quoted: boolean): number => {
    let inner = '';
    let j = at + 1;
    for (; j < src.length && src[j] !== '`'; j++) {
      if (src[j] === '\\' && (src[j + 1] === '`' || src[j + 1] === '$' || src[j + 1] === '\\')) inner += src[++j];
      else inner += src[j];
    }
    if (j >= src.length) throw new ShellSyntaxError(undefined, '`', true);
    parts.push({ kind: 'subst', body: parse(inner), quoted });
    started = true;
    return j + 1;
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      if (src[i + 1] === '\n') i += 2;
      else if (i + 1 < src.length) {
        lit(src[i + 1]!, true);
        i += 2;
      } else i++;
      continue;
    }
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end === -1) throw new ShellSyntaxError(undefined, "'", true);
      lit(src.slice(i + 1, end), true);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i = doubleQuoted(i + 1);
      continue;
    }
    if (c === '$') {
      i = dollar(i, false);
      continue;
    }
    if (c === '`') {
      i = backquote(i, false);
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && !started) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '<' || c === '>') {
      // An all-digit unquoted word right before the operator is its file descriptor (XCU 2.7).
      const only = parts.length === 1 ? parts[0] : undefined;
      const fd = only?.kind === 'lit' && !only.quoted && /^\d$/.test(only.text) ? Number(only.text) : undefined;
      if (fd !== undefined) {
        parts = [];
        started = false;
      } else endWord();
      i = redirection(i, fd);
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      endWord();
      tokens.push({ kind: 'op', op: two });
      i += 2;
      continue;
    }
    if (two === ';;') throw new ShellUnsupported('case … esac');
    if (two === '&>' || two === '|&') throw new ShellUnsupported(`the bash operator ${two}`);
    if (c === '&') throw new ShellUnsupported('background jobs (&)');
    if (c === '|' || c === ';' || c === '(' || c === ')' || c === '\n') {
      endWord();
      tokens.push({ kind: 'op', op: c });
      i++;
      continue;
    }
    lit(c, false);
    i++;
  }
  endWord();
  return tokens;

  function doubleQuoted(from: number): number {
    let j = from;
    // An empty "" is still a word (one empty field).
    lit('', true);
    while (j < src.length && src[j] !== '"') {
      const c = src[j]!;
      if (c === '\\' && '$`"\\\n'.includes(src[j + 1] ?? '')) {
        if (src[j + 1] !== '\n') lit(src[j + 1]!, true);
        j += 2;
      } else if (c === '$') j = dollar(j, true);
      else if (c === '`') j = backquote(j, true);
      else {
        lit(c, true);
        j++;
      }
    }
    if (j >= src.length) throw new ShellSyntaxError(undefined, '"', true);
    return j + 1;
  }

  function redirection(at: number, fd: number | undefined): number {
    const c = src[at];
    const n = src[at + 1];
    if (c === '<' && (n === '<' || n === '&' || n === '>')) {
      throw new ShellUnsupported(n === '<' ? 'here-documents (<<)' : `the redirection <${n}`);
    }
    if (c === '<') {
      tokens.push({ kind: 'redir', fd, op: '<' });
      return at + 1;
    }
    if (n === '>') {
      tokens.push({ kind: 'redir', fd, op: '>>' });
      return at + 2;
    }
    if (n === '&') {
      tokens.push({ kind: 'redir', fd, op: '>&' });
      return at + 2;
    }
    tokens.push({ kind: 'redir', fd, op: '>' });
    // `>|` (clobber even under set -C) writes like `>`.
    return n === '|' ? at + 2 : at + 1;
  }
}

/** `${NAME}`, `${NAME:-word}` and kin; the word is taken literally (no expansion inside). */
function braced(body: string, quoted: boolean): Part {
  const m = /^([A-Za-z_][A-Za-z0-9_]*|\d+|[?#@*$!-])(?:(:?[-+=])(.*))?$/s.exec(body);
  if (!m) throw new ShellUnsupported(`the parameter expansion \${${body}}`);
  const [, name, test, word] = m;
  if (test === undefined) return { kind: 'param', name: name!, quoted };
  if (/[$`\\'"]/.test(word ?? '')) throw new ShellUnsupported(`expansions or quotes inside \${${body}}`);
  return { kind: 'param', name: name!, quoted, op: { test: test as ':-', word: word ?? '' } };
}

/** The index of the `)` closing a `$(` whose body starts at `from`, skipping quotes and nested parens. */
function closingParen(src: string, from: number): number {
  let depth = 0;
  for (let j = from; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === "'") {
      j = src.indexOf("'", j + 1);
      if (j === -1) break;
    } else if (c === '"') {
      for (j++; j < src.length && src[j] !== '"'; j++) if (src[j] === '\\') j++;
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return j;
      depth--;
    }
  }
  throw new ShellSyntaxError(undefined, ')');
}
