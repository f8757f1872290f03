/**
 * meshwalk inside a lesson: only what a lesson step needs, `token` (mint a demo JWT) and
 * `explain` (why a request got its answer). Both are bound by the cluster adapter to the
 * session's own cluster; no lesson may pick another cluster, context, data or state folder,
 * reset anything, touch progress, or install shims on the learner's PATH.
 */
import { isFlagWord, readFlags } from './flag-reader.js';
import { refuse, type CommandWords, type Verdict } from './types.js';

type Flags = {
  values: ReadonlySet<string>;
  booleans: ReadonlySet<string>;
  shortToLong: Readonly<Record<string, string>>;
};

export const MESHWALK_SUBCOMMANDS: Readonly<Record<string, Flags>> = {
  token: {
    values: new Set(['iss', 'sub', 'aud', 'claim', 'expires-in', 'not-before']),
    booleans: new Set(['expired']),
    shortToLong: {},
  },
  explain: {
    values: new Set(['from', 'to', 'method', 'header', 'token', 'resolve', 'connect-to']),
    booleans: new Set(),
    shortToLong: { X: 'method', H: 'header' },
  },
};

/** Subcommands a lesson may not run, and why. */
const REFUSED_SUBCOMMANDS: Readonly<Record<string, string>> = {
  reset: 'deletes what lessons made on a cluster of its choosing',
  progress: "changes the learner's saved progress",
  setup: 'installs and starts clusters on the host',
  sim: 'runs commands on a simulated cluster of its choosing, or writes shims to a folder on PATH',
  run: 'starts another lesson',
  check: 'starts other lessons',
  shell: 'opens an interactive shell on the host',
};

/** Flags no lesson may give meshwalk, and why. */
const REFUSED_FLAGS: Readonly<Record<string, string>> = {
  cluster: "picks the cluster; a lesson runs on the session's cluster",
  context: "picks the kube context; a lesson runs on the session's cluster",
  'allow-context': 'allows a non-local kube context; only the learner may',
  state: "picks the simulated cluster's state folder; a lesson uses the session's",
  lessons: 'reads lessons from another folder',
  file: 'reads files of its choosing',
  shims: 'writes programs into a folder on PATH',
  istio: "picks the Istio version; a lesson uses the session's",
};

export function checkMeshwalk(w: CommandWords): Verdict {
  const sub = w.argv[1];
  const allowed = Object.keys(MESHWALK_SUBCOMMANDS).join(', ');
  if (sub === undefined || w.template[1]?.includes('{{'))
    return refuse('command-not-allowed', 1, `a lesson may run meshwalk ${allowed} only`);
  const flags = MESHWALK_SUBCOMMANDS[sub];
  if (!flags) {
    const why = REFUSED_SUBCOMMANDS[sub];
    return refuse(
      'command-not-allowed',
      1,
      `\`meshwalk ${sub}\` ${why ? `${why}; ` : 'is not for lessons; '}a lesson may run meshwalk ${allowed} only`,
    );
  }
  const syntax = {
    valueLongs: flags.values,
    valueShorts: Object.keys(flags.shortToLong).join(''),
    shortToLong: flags.shortToLong,
  };
  for (let i = 2; i < w.argv.length; i++) {
    const word = w.argv[i] ?? '';
    if (word === '--') break;
    if (!isFlagWord(word)) continue;
    const r = readFlags(w.argv, i, syntax);
    for (const f of r.flags) {
      const why = REFUSED_FLAGS[f.name === 'f' ? 'file' : f.name];
      if (why) return refuse('flag-not-allowed', i, `\`${f.spelled}\` ${why}`);
      if (!flags.values.has(f.name) && !flags.booleans.has(f.name))
        return refuse('flag-not-allowed', i, `\`meshwalk ${sub} ${f.spelled}\` is not allowed in a lesson`);
    }
    i = r.last;
  }
  return { ok: true, paths: [] };
}
