/**
 * Guards that run before the YAML parser sees a file. The yaml package recurses per nesting
 * level, and very deep input has been observed to abort Node with an uncatchable out-of-memory
 * error (eemeli/yaml: deep nesting can overflow the stack), so size is checked before parsing and depth before composing.
 */
import type { CST } from 'yaml';
import type { ProblemCode } from './problem.js';

/** A lesson or manifest file larger than this is refused (real ones are a few KiB). */
export const MAX_FILE_BYTES = 256 * 1024;
/** Deeper nesting than this is refused (a lesson nests about 6 levels, a manifest about 12). */
export const MAX_DEPTH = 64;
/**
 * A lesson with more steps than this is refused (the shipped ones have 9 to 15). A learner
 * cannot follow more in one sitting, and the engine's loop bound grows with the step count.
 */
export const MAX_STEPS = 500;
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

/**
 * The first collection nested deeper than MAX_DEPTH in yaml's concrete syntax tree. yaml's
 * Parser builds that tree without recursion (observed at 120,000 levels); only the Composer,
 * which runs after this check, recurses per level. The walk here keeps its own stack.
 */
export function depthProblem(tokens: readonly CST.Token[]): LimitProblem | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [token, depth] = next;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_DEPTH)
        return {
          code: 'too-deep',
          message: `the YAML nests more than ${MAX_DEPTH} levels deep; flatten it`,
          offset: token.offset,
        };
      for (const item of token.items as { key?: CST.Token | null; value?: CST.Token | null }[]) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}
