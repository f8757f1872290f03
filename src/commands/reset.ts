import { join } from 'node:path';
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { contextFlags } from './doctor.js';
import { applyReset, planReset, type Doomed, type ResetPlan } from './reset-plan.js';
import { LESSON_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE, PROTECTED_NAMESPACES } from './reset-guard.js';
import { readLessons } from './run-support.js';
import { lessonsFlag } from './lesson-folders.js';
import { didYouMean } from '../lesson/did-you-mean.js';
import { resolveRealCluster } from '../cluster/context.js';
import type { Cluster } from '../cluster/port.js';
import { createSimCluster } from '../cluster/sim.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';
import { dataDir } from '../progress/data-dir.js';

/** Greedy word wrap for the help text. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].map((l) => `${indent}${l}`).join('\n');
}

const usage = `Usage: meshwalk reset [LESSON] [--cluster sim|current|minikube] [--context NAME]
                     [--allow-context NAME] [--state DIR] [--lessons DIR] [--dry-run]

Removes everything the lessons created, and nothing else. Lessons mark what they make:
  - their namespaces carry the label ${LESSON_LABEL}=<lesson id>   (deleted whole)
  - objects they put in shared namespaces such as istio-system carry
    ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} and ${LESSON_LABEL}=<lesson id>
meshwalk checks those labels on every object itself (it does not rely on the server's label
filter), so unmarked objects are never deleted. These namespaces are never deleted, even if
labelled: kube-*, openshift*, cattle-*, and
${wrap(PROTECTED_NAMESPACES.join(', '), 90, '  ')}.
--dry-run lists exactly what a real run deletes. Running it twice is harmless. Saved progress
is not touched (meshwalk progress --reset does that).

Arguments:
  LESSON                 only what this lesson created (its id, e.g. peer-authentication)

Flags:
  --cluster sim|current|minikube  which cluster (default current: kubectl's current context)
  --context NAME         a real cluster's context (instead of the current one)
  --allow-context NAME   accept NAME although it is not known to be local (repeatable)
  --state DIR            the simulated cluster's state directory (default: meshwalk's data dir/sim)
  --lessons DIR          also read the lessons in DIR, to check LESSON (repeatable)
  --dry-run              list what would be deleted; delete nothing
  -h, --help             this help

Exit codes:
  0  done (or nothing to remove)
  1  a delete failed
  2  bad usage (also a LESSON that is not a lesson id)
  4  no usable cluster (kubectl missing, context not local, unreachable)`;

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  cluster: { type: 'string' },
  context: { type: 'string' },
  'allow-context': { type: 'string', multiple: true },
  state: { type: 'string' },
  'dry-run': { type: 'boolean' },
  ...lessonsFlag,
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('reset', argv, flags);
    if (positionals.length > 1)
      throw new UserFacingError(
        `meshwalk reset: one lesson at a time, got ${positionals.length} (see meshwalk reset --help)`,
        ExitCode.usage,
      );
    const lesson = positionals[0];
    if (lesson !== undefined && !/^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/.test(lesson)) {
      throw new UserFacingError(
        `meshwalk reset: "${lesson}" is not a lesson id (lowercase letters, digits and dashes; see meshwalk list)`,
        ExitCode.usage,
      );
    }
    if (lesson !== undefined) await checkKnown(lesson, values.lessons, io);
    const { cluster, description } = await pickCluster(values, io);
    const planned = await planReset(cluster, lesson);
    if (!planned.ok) {
      io.stderr.write(`meshwalk reset: cannot list what the lessons created on ${description}: ${planned.message}\n`);
      return ExitCode.environment;
    }
    const plan = planned.plan;
    const what = lesson ? `lesson ${lesson}` : 'the lessons';
    io.stdout.write(`meshwalk reset on ${description}\n`);
    for (const k of plan.kept)
      io.stdout.write(`keep    namespace/${k} (labelled by a lesson, but shared: never deleted)\n`);
    if (plan.ignored > 0) {
      const n = plan.ignored;
      io.stdout.write(
        `ignored ${n} object${n === 1 ? '' : 's'} the server listed without meshwalk's labels (its label filter did not hold)\n`,
      );
    }
    const count = plan.namespaces.length + plan.objects.length;
    if (count === 0) {
      io.stdout.write(`Nothing to remove: nothing ${what} created is left.\n`);
      return ExitCode.ok;
    }
    const dry = values['dry-run'] === true;
    io.stdout.write(dry ? `Would delete (dry run, nothing deleted):\n` : `Deleting what ${what} created:\n`);
    io.stdout.write(render(plan));
    if (dry) return ExitCode.ok;
    const done = await applyReset(cluster, plan);
    if (!done.ok) {
      io.stderr.write(`meshwalk reset: ${done.message}\n`);
      return ExitCode.failed;
    }
    const terminating = plan.namespaces.length > 0 ? '; namespaces finish terminating in the background' : '';
    io.stdout.write(`Deleted ${count} object${count === 1 ? '' : 's'}${terminating}.\n`);
    return ExitCode.ok;
  },
};

type Values = {
  cluster?: string | undefined;
  context?: string | undefined;
  'allow-context'?: string[] | undefined;
  state?: string | undefined;
};

async function pickCluster(values: Values, io: Io): Promise<{ cluster: Cluster; description: string }> {
  if (values.cluster === 'sim') {
    const stateDir = values.state ?? join(dataDir(io.env), 'sim');
    const cluster = createSimCluster({ stateDir, cwd: io.cwd, env: io.env, propagationMs: 0 });
    return { cluster, description: `the simulated cluster in ${stateDir}` };
  }
  if (values.state)
    throw new UserFacingError(
      'meshwalk reset: --state is for --cluster sim (see meshwalk reset --help)',
      ExitCode.usage,
    );
  const context = contextFlags('reset', values, ['sim', 'current', 'minikube']);
  const r = await resolveRealCluster({
    ...(context ? { context } : {}),
    allowContext: values['allow-context'] ?? [],
    env: io.env,
    cwd: io.cwd,
  });
  if (!r.ok) throw new UserFacingError(`meshwalk reset: ${r.reason}`, ExitCode.environment);
  return { cluster: r.cluster, description: r.description };
}

function render(plan: ResetPlan): string {
  const rows: [string, Doomed][] = [
    ...plan.namespaces.map((n): [string, Doomed] => [n.ref, n]),
    ...plan.objects.map((o): [string, Doomed] => [`${o.namespace}  ${o.ref}`, o]),
  ];
  const width = Math.max(...rows.map(([s]) => s.length));
  return rows
    .map(([s, d]) =>
      `  ${s.padEnd(width)}  ${d.lesson ? `(lesson ${d.lesson})` : ''}${d.terminating ? ' already terminating' : ''}`.trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

/** `reset typo` must not quietly find nothing: LESSON has to be one of the lessons. */
async function checkKnown(lesson: string, lessonsDir: readonly string[] | undefined, io: Io): Promise<void> {
  const known = (await readLessons('reset', lessonsDir, io)).lessons.map((l) => l.lesson.id).sort();
  if (known.includes(lesson)) return;
  const guess = didYouMean(lesson, known);
  const hint = guess ? `did you mean "${guess}"? ` : '';
  throw new UserFacingError(
    `meshwalk reset: no lesson "${lesson}"; ${hint}known: ${known.join(', ') || '(none)'}`,
    ExitCode.usage,
  );
}
