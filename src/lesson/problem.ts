/**
 * A problem in a lesson or manifest file, positioned for `file:line:col message [code]`.
 * Codes are stable: tests, `lint --json` consumers and editors key on them.
 */
export type ProblemCode =
  // reading and YAML
  | 'read-error'
  | 'file-too-large'
  | 'too-deep'
  | 'too-many-steps'
  | 'alias-limit'
  | 'yaml-syntax'
  | 'duplicate-key'
  // the schema
  | 'not-a-lesson'
  | 'unknown-key'
  | 'missing-field'
  | 'wrong-type'
  | 'invalid-value'
  // the rules
  | 'duplicate-step-id'
  | 'duplicate-lesson-id'
  | 'undefined-var'
  | 'unbalanced-quote'
  | 'shell-syntax'
  | 'empty-command'
  | 'conflicting-fields'
  | 'manifest-missing'
  | 'manifest-outside-repo'
  | 'manifest-not-k8s'
  | 'unknown-prerequisite'
  | 'prerequisite-cycle'
  // the command allow-list (command-policy/)
  | 'command-not-allowed'
  | 'flag-not-allowed'
  | 'path-outside-lesson'
  | 'value-as-flag'
  | 'control-character'
  | 'unsupported-regex';

export type Problem = {
  /** The file as given to the loader (lint prints it relative to the working directory). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  col: number;
  code: ProblemCode;
  /** Says what to change. One line. */
  message: string;
};

/** `file:line:col message [code]`, the lint line format. */
export function formatProblem(p: Problem, file = p.file): string {
  return `${file}:${p.line}:${p.col} ${p.message} [${p.code}]`;
}

/** Orders problems by file, then position, and drops exact duplicates. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of problems) {
    const key = `${p.file}\0${p.line}\0${p.col}\0${p.code}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}
