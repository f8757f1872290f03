/**
 * What a lesson command may run: one pure check, used by `lint` on the words as written and by
 * the engine on the rendered words right before running them. Lessons are untrusted input
 * (shared packs, forks), so this is an allow-list: the programs, their commands and options a
 * workshop needs, bound to the session's cluster and files.
 *
 * Besides each program's own rules, one rule holds for all: values are data. A word whose
 * written form starts with a `{{VAR}}` may not render to something starting with `-` where the
 * program reads options, since a captured `--all` or `--server=…` would otherwise become a
 * flag; after the `--` the lesson wrote, or in a `--flag={{VAR}}` word, it is only a value.
 */
import { checkCurl } from './curl.js';
import { checkIstioctl } from './istioctl.js';
import { checkKubectl } from './kubectl.js';
import { checkMeshwalk } from './meshwalk.js';
import { checkMinikube } from './minikube.js';
import { checkOpenssl } from './openssl.js';
import { endOfOptions, refuse, type CommandWords, type Verdict } from './types.js';

export type { CommandWords, PathUse, PathArea, PolicyCode, Verdict, Refusal } from './types.js';

const CHECKS: Readonly<Record<string, (w: CommandWords) => Verdict>> = {
  kubectl: checkKubectl,
  istioctl: checkIstioctl,
  curl: checkCurl,
  openssl: checkOpenssl,
  minikube: checkMinikube,
  meshwalk: checkMeshwalk,
};

/** The programs a lesson may run. */
export const LESSON_PROGRAMS = Object.keys(CHECKS);

/** Checks one command. At lint time pass the written words as both `argv` and `template`. */
export function checkCommand(w: CommandWords): Verdict {
  const program = w.argv[0] ?? '';
  const check = Object.hasOwn(CHECKS, program) ? CHECKS[program] : undefined;
  if (!check || w.template[0] !== program) {
    return refuse(
      'command-not-allowed',
      0,
      `\`${program}\` is not a program a lesson may run; lessons run ${LESSON_PROGRAMS.join(', ')}, by name`,
    );
  }
  const value = valueAsFlag(w);
  return value ?? check(w);
}

/** The first word where a substituted value would be read as an option. */
function valueAsFlag(w: CommandWords): Verdict | undefined {
  const end = endOfOptions(w);
  for (let i = 1; i < Math.min(end, w.argv.length); i++) {
    if (!/^\{\{[A-Z][A-Z0-9_]*\}\}/.test(w.template[i] ?? '') || !(w.argv[i] ?? '').startsWith('-')) continue;
    const name = /^\{\{([A-Z0-9_]+)\}\}/.exec(w.template[i] ?? '')?.[1] ?? '';
    return refuse(
      'value-as-flag',
      i,
      `{{${name}}} is ${JSON.stringify(shorten(w.argv[i] ?? ''))}, which would be read as an option; ` +
        `a value may start with \`-\` only after \`--\` or in a \`--flag={{${name}}}\` word`,
    );
  }
  return undefined;
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
