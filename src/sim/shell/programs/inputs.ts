/** The input files of a text program: its operands (`-` and none mean stdin), read from the pod's files. */
import type { ProcessResult } from '../../types.js';
import { notSimulated } from '../../context.js';
import type { ProgramIo } from '../program.js';
import { absolute } from '../redirect.js';

export type Inputs = { ok: { name: string; text: string }[]; errors: string } | { refused: ProcessResult };

/**
 * BusyBox's text applets report a missing file as `PROG: can't open 'F': No such file or directory`
 * (libbb fopen_or_warn); its grep says `grep: F: No such file or directory`.
 */
export function readInputs(io: ProgramIo, files: readonly string[], program: string): Inputs {
  if (files.length === 0) return { ok: [{ name: '(standard input)', text: io.readStdin() }], errors: '' };
  const ok: { name: string; text: string }[] = [];
  let errors = '';
  for (const f of files) {
    if (f === '-') {
      ok.push({ name: '(standard input)', text: io.readStdin() });
      continue;
    }
    const r = io.files.read(absolute(f, io.cwd));
    if ('refuse' in r) return { refused: notSimulated(r.refuse) };
    if ('missing' in r) {
      errors += program === 'grep' ? `grep: ${f}: ` : `${program}: can't open '${f}': `;
      errors += 'No such file or directory\n';
    } else ok.push({ name: f, text: r.text });
  }
  return { ok, errors };
}
