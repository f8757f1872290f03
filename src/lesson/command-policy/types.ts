/**
 * The vocabulary of the command policy: what a lesson command is made of, and the verdict.
 * A command is checked twice with the same code: by `lint` on the words as written (values
 * still `{{VAR}}`) and by the engine on the rendered words, just before it runs.
 */

/** A command's words as rendered (`argv`) and as the lesson wrote them (`template`, same length). */
export type CommandWords = { argv: readonly string[]; template: readonly string[] };

/** Where a path operand may lead: the lesson folder or the work folder (`lesson`), or the work folder only (`work`). */
export type PathArea = 'lesson' | 'work';

/** A file the command reads or writes; the cluster adapter checks it against the real file system. */
export type PathUse = { path: string; access: 'read' | 'write'; within: PathArea };

/** Lint codes of a refusal (also named in run-time messages). */
export type PolicyCode = 'command-not-allowed' | 'flag-not-allowed' | 'path-outside-lesson' | 'value-as-flag';

export type Refusal = {
  ok: false;
  code: PolicyCode;
  reason: string;
  /** The offending word's index in argv. */ word: number;
};

export type Verdict = { ok: true; paths: PathUse[] } | Refusal;

/** Refuses at word `word`. */
export function refuse(code: PolicyCode, word: number, reason: string): Refusal {
  return { ok: false, code, reason, word };
}

/** True when the word as written holds a `{{VAR}}`: its content is known only at run time. */
export function isTemplated(w: CommandWords, i: number): boolean {
  return (w.template[i] ?? '').includes('{{');
}

/** The index of the first `--` the lesson wrote itself (a value can never end the options), else argv.length. */
export function endOfOptions(w: CommandWords): number {
  const i = w.template.indexOf('--');
  return i === -1 ? w.argv.length : i;
}
