/**
 * The shell program as the parser hands it to the interpreter: the POSIX sh grammar's lists,
 * and-or lists, pipelines and commands (POSIX XCU 2.9), restricted to what the simulator runs.
 */

/** One piece of a word; `quoted` pieces are never field-split (POSIX XCU 2.6.5). */
export type Part =
  | { kind: 'lit'; text: string; quoted: boolean }
  /** `$NAME`, `${NAME}`, `$?`, `$1`, `$@`; `op` is the `${NAME:-word}` family. */
  | { kind: 'param'; name: string; quoted: boolean; op?: { test: ':-' | '-' | ':+' | '+' | ':=' | '='; word: string } }
  /** `$(...)` or backticks: the inner program's stdout, trailing newlines removed. */
  | { kind: 'subst'; body: List; quoted: boolean };

export type Word = Part[];

/** `n>file`, `n>>file`, `n<file`, `n>&m`. */
export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export type Command =
  | { kind: 'simple'; assigns: Assignment[]; words: Word[]; redirects: Redirect[] }
  | { kind: 'subshell'; body: List; redirects: Redirect[] }
  | { kind: 'group'; body: List; redirects: Redirect[] }
  | { kind: 'for'; name: string; items: Word[] | undefined; body: List; redirects: Redirect[] }
  | { kind: 'while'; until: boolean; cond: List; body: List; redirects: Redirect[] }
  | { kind: 'if'; branches: { cond: List; body: List }[]; otherwise: List | undefined; redirects: Redirect[] };

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export type List = AndOr[];
