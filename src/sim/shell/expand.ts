/**
 * Word expansion in POSIX order (XCU 2.6): tilde, parameters, command substitution, then field
 * splitting of the unquoted results on IFS whitespace and quote removal. Pathname expansion is
 * refused: the simulator does not know the image's files, so it cannot say what `*` matches.
 */
import type { Part, Word } from './ast.js';
import { ShellUnsupported } from './errors.js';
import { assertNever } from '../../errors.js';

export interface Expander {
  /**
   * A variable's value, undefined when unset. `orUnset`: the script handles an unset value itself
   * (`${V:-word}`); otherwise a name the pod does not set may be refused (see the interpreter).
   */
  param(name: string, orUnset?: boolean): string | undefined;
  /** All positional parameters ($1 …), for `$@` and `$*`. */
  positional(): readonly string[];
  /** Runs `$(…)` and returns its stdout, trailing newlines removed. */
  substitute(part: Extract<Part, { kind: 'subst' }>): Promise<string>;
  assign(name: string, value: string): void;
}

/** A piece of text and whether field splitting applies to it; `cut` ends a field ("$@"). */
type Piece = { text: string; split: boolean } | { cut: true };

const IFS = /[ \t\n]+/;

async function pieces(word: Word, x: Expander): Promise<Piece[]> {
  const out: Piece[] = [];
  for (const [i, p] of word.entries()) {
    switch (p.kind) {
      case 'lit': {
        if (!p.quoted && /[*?]/.test(p.text)) {
          throw new ShellUnsupported(`pathname expansion (the pattern in ${p.text})`);
        }
        const text = i === 0 && !p.quoted ? tilde(p.text, x) : p.text;
        out.push({ text, split: false });
        break;
      }
      case 'param':
        if (p.quoted && p.name === '@' && !p.op) {
          x.positional().forEach((v, j) => {
            if (j > 0) out.push({ cut: true });
            out.push({ text: v, split: false });
          });
          break;
        }
        out.push({ text: paramValue(p, x), split: !p.quoted });
        break;
      case 'subst':
        out.push({ text: await x.substitute(p), split: !p.quoted });
        break;
      default:
        return assertNever(p, 'word part');
    }
  }
  return out;
}

function tilde(text: string, x: Expander): string {
  if (text === '~' || text.startsWith('~/')) return `${x.param('HOME') ?? ''}${text.slice(1)}`;
  return text;
}

function paramValue(p: Extract<Part, { kind: 'param' }>, x: Expander): string {
  const value = p.name === '@' || p.name === '*' ? x.positional().join(' ') : x.param(p.name, p.op !== undefined);
  if (!p.op) return value ?? '';
  const unset = value === undefined;
  const empty = unset || value === '';
  switch (p.op.test) {
    case ':-':
      return empty ? p.op.word : value;
    case '-':
      return unset ? p.op.word : value;
    case ':+':
      return empty ? '' : p.op.word;
    case '+':
      return unset ? '' : p.op.word;
    case ':=':
    case '=':
      if (p.op.test === ':=' ? empty : unset) {
        x.assign(p.name, p.op.word);
        return p.op.word;
      }
      return value ?? '';
    default:
      return assertNever(p.op.test, 'parameter operator');
  }
}

/** The fields a command word becomes. A word with no quotes that expands to nothing disappears. */
export async function expandFields(word: Word, x: Expander): Promise<string[]> {
  const fields: string[] = [];
  let current = '';
  let open = false;
  const quotedAnywhere = word.some((p) => p.quoted);
  for (const piece of await pieces(word, x)) {
    if ('cut' in piece) {
      fields.push(current);
      current = '';
      open = true;
      continue;
    }
    if (!piece.split) {
      current += piece.text;
      open = open || piece.text !== '' || quotedAnywhere;
      continue;
    }
    const chunks = piece.text.split(IFS);
    chunks.forEach((chunk, j) => {
      if (j > 0 && (open || current !== '')) {
        fields.push(current);
        current = '';
        open = false;
      }
      current += chunk;
      if (chunk !== '') open = true;
    });
  }
  if (open || current !== '') fields.push(current);
  return fields;
}

/** One string (assignment values, redirection targets, `case` words): no splitting. */
export async function expandString(word: Word, x: Expander): Promise<string> {
  return (await pieces(word, x)).map((p) => ('cut' in p ? ' ' : p.text)).join('');
}
