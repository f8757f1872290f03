/**
 * minikube in a lesson: reading the node address and state only. The real adapter pins the
 * profile (`-p`); `delete`, `ssh`, `mount`, `cp` or `kubectl --` would leave the lesson's reach.
 */
import { isFlagWord, readFlags } from './flag-reader.js';
import { refuse, type CommandWords, type Verdict } from './types.js';

export const MINIKUBE_COMMANDS = ['ip', 'status', 'version'] as const;
const FLAGS = new Set(['node', 'output', 'format', 'short']);
const SYNTAX = {
  valueLongs: new Set(['node', 'output', 'format', 'profile']),
  valueShorts: 'nofp',
  shortToLong: { n: 'node', o: 'output', f: 'format', p: 'profile' },
};

export function checkMinikube(w: CommandWords): Verdict {
  const sub = w.argv[1] ?? '';
  if (!(MINIKUBE_COMMANDS as readonly string[]).includes(sub) || w.template[1]?.includes('{{')) {
    return refuse('command-not-allowed', 1, `a lesson may run minikube ${MINIKUBE_COMMANDS.join(', ')} only`);
  }
  for (let i = 2; i < w.argv.length; i++) {
    if (!isFlagWord(w.argv[i] ?? '')) continue;
    const r = readFlags(w.argv, i, SYNTAX);
    for (const f of r.flags) {
      if (f.name === 'profile')
        return refuse(
          'flag-not-allowed',
          i,
          `\`${f.spelled}\` picks another minikube profile; meshwalk pins the session's`,
        );
      if (!FLAGS.has(f.name))
        return refuse('flag-not-allowed', i, `\`minikube ${sub} ${f.spelled}\` is not allowed in a lesson`);
    }
    i = r.last;
  }
  return { ok: true, paths: [] };
}
