/**
 * Guards that run before the YAML parser sees a file. The yaml package recurses per nesting
 * level, and very deep input has been observed to abort Node with an uncatchable out-of-memory
 * error (RELIABILITY-FACTS.md §5), so size and depth are checked first, with the iterative Lexer.
 */
import { Lexer } from 'yaml';
import type { ProblemCode } from './problem.js';

/** A lesson or manifest file larger than this is refused (real ones are a few KiB). */
export const MAX_FILE_BYTES = 256 * 1024;
/** Deeper nesting than this is refused (a lesson nests about 6 levels, a manifest about 12). */
export const MAX_DEPTH = 64;
/** yaml's bound on alias expansion (`toJS({ maxAliasCount })`); stops "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

export type LimitProblem = { code: ProblemCode; message: string; offset: number };

export function sizeProblem(bytes: number): LimitProblem | undefined {
  if (bytes <= MAX_FILE_BYTES) return undefined;
  return {
    code: 'file-too-large',
    message: `the file is ${Math.ceil(bytes / 1024)} KiB, over the ${MAX_FILE_BYTES / 1024} KiB limit; split it into smaller files`,
    offset: 0,
  };
}

/** Bytes of `text` in UTF-8, computed only when the character count alone cannot decide. */
export function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_FILE_BYTES) return text.length; // cannot exceed the limit
  return new TextEncoder().encode(text).length;
}

// Lexer tokens that stand for no source text.
const SYNTHETIC = new Set(['\x02', '\x18', '\x1f']);

/**
 * Estimates the nesting depth with the Lexer (no recursion): block indentation levels, plus
 * `-`/`?` indicators on the current line, plus open flow brackets.
 */
export function depthProblem(text: string): LimitProblem | undefined {
  const indents: number[] = [];
  let offset = 0;
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  let indicators = 0;
  for (const token of new Lexer().lex(text)) {
    const at = offset;
    if (!SYNTHETIC.has(token)) offset += token.length;
    if (SYNTHETIC.has(token) || token.startsWith('#') || token === '\ufeff') continue;
    if (token === '\n' || token === '\r\n') {
      lineStart = true;
      indent = 0;
      indicators = 0;
      continue;
    }
    if (lineStart && /^[ \t]+$/.test(token)) {
      indent = token.length;
      continue;
    }
    if (/^[ \t]+$/.test(token)) continue;
    if (lineStart && flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
      indents.push(indent);
    }
    lineStart = token.endsWith('\n'); // a block scalar's body ends the line itself
    if (lineStart) indent = 0;
    if (token === '-' || token === '?') indicators++;
    else if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    if (indents.length + indicators + flow > MAX_DEPTH) {
      return { code: 'too-deep', message: `the YAML nests more than ${MAX_DEPTH} levels deep; flatten it`, offset: at };
    }
  }
  return undefined;
}
