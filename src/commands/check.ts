// `meshwalk check [LESSON...]`: run lessons end to end and verify every step; exit 0 only when all passed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { onExit } from 'signal-exit';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command, FlagOptions } from './command.js';
import { parseFlags, parsePropagation } from './args.js';
import { unwritableReason } from './output-file.js';
import { findLesson, parseClusterChoice, problemsOf, readLessons, stopQuietlyOnClosedPipe } from './run-support.js';
import { lessonsFlag } from './lesson-folders.js';
import { selectCluster, type ClusterChoice, type SelectedCluster } from '../cluster/select.js';
import { prepareWorkDir } from '../cluster/workdir.js';
import { junitXml } from '../engine/junit.js';
import { cleanupSchedule } from '../engine/lesson-order.js';
import { checkPlans, type CheckPlan } from './check-plan.js';
import { plainText } from '../engine/plain-report.js';
import { createSession } from '../engine/session.js';
import type { EngineState, ResultEvent } from '../engine/types.js';
import { systemClock } from '../system-clock.js';
import type { LoadedLesson } from '../files/lesson-files.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';

const usage = `Usage: meshwalk check [LESSON...] [--cluster sim|current] [--istio 1.Y|all] [--json] [--junit FILE]

Runs lessons end to end, without asking: setup, the lesson's values, then for each step the
verification *before* the step (it must show the declared \`before\` state: a check that already
passes proves nothing), the step's command (or its solution), the verification with retries,
and finally the cleanup. Lessons run in prerequisite order; a lesson's prerequisites run
first, in the same cluster, unless given themselves, and a prerequisite's cleanup waits until
the lessons that rely on it are done. With no LESSON, every lesson runs.

On the simulated cluster, check uses a fresh cluster in a temporary folder (your own
simulated cluster and progress are not touched), one per Istio version it checks.

Flags:
  --cluster C         sim (default) or current (the current kube context, when it is local)
  --allow-context N   use kube context N although it is not known to be local
  --istio V           simulated cluster only: the Istio version to check the lessons on, 1.4
                      to 1.31, or \`all\` for every version each lesson declares in \`istio:\`.
                      Default: the newest version each lesson declares
  --propagation MS    simulated cluster only: delay before a change takes effect (default 0)
  --json              print the result stream as JSON Lines (one event per line) on stdout;
                      the last line is a CheckFinished summary (outcome, lessons, failed)
  --junit FILE        also write a JUnit XML report (one testcase per step) to FILE
  --lessons DIR       also read the lessons in DIR (repeatable); meshwalk's own are always
                      there. With --lessons and no LESSON, check runs DIR's lessons
  -h, --help          show this help

Exit codes: 0 every verification passed, 1 something failed (or a lesson has problems),
2 bad usage (an unwritable --junit FILE is found before anything runs), 4 the cluster cannot
be used or the report could not be written.`;

export interface CheckOptions {
  lessons: string[];
  cluster: ClusterChoice;
  allowContext?: string[];
  propagationMs: number;
  /** A version like 1.22, `all`, or undefined: each lesson's newest declared version. */
  istio?: string;
  json: boolean;
  junit?: string;
  /** `--lessons` folders, read with meshwalk's own lessons (default: none). */
  lessonsDir?: string | readonly string[];
}

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  cluster: { type: 'string' },
  'allow-context': { type: 'string', multiple: true },
  propagation: { type: 'string' },
  istio: { type: 'string' },
  json: { type: 'boolean' },
  junit: { type: 'string' },
  ...lessonsFlag,
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    stopQuietlyOnClosedPipe(io);
    const { values, positionals } = parseFlags('check', argv, flags);
    const cluster = parseClusterChoice('check', values.cluster) ?? 'sim';
    const junitProblem = values.junit !== undefined ? unwritableReason(resolve(io.cwd, values.junit)) : undefined;
    if (junitProblem) {
      throw new UserFacingError(
        `meshwalk check: cannot write the JUnit report to ${values.junit}: ${junitProblem}`,
        ExitCode.usage,
      );
    }
    return checkLessons(
      {
        lessons: positionals,
        cluster,
        ...(values['allow-context'] ? { allowContext: values['allow-context'] } : {}),
        propagationMs: parsePropagation('check', values.propagation) ?? 0,
        ...(values.istio !== undefined ? { istio: values.istio } : {}),
        json: values.json ?? false,
        ...(values.junit !== undefined ? { junit: values.junit } : {}),
        ...(values.lessons !== undefined ? { lessonsDir: values.lessons } : {}),
      },
      io,
    );
  },
};

export async function checkLessons(
  o: CheckOptions,
  io: Io,
  select: typeof selectCluster = selectCluster,
): Promise<number> {
  const started = Date.now();
  const set = await readLessons('check', o.lessonsDir, io);
  // A named lesson that does not load is refused with its problems, as `run` does.
  for (const id of o.lessons) findLesson('check', set, id);
  // No LESSON: every lesson of the --lessons folders (or meshwalk's own), prerequisites pulled in.
  const chosen = o.lessons.length > 0 ? o.lessons : set.own.map((l) => l.lesson.id);
  // An empty selection means "all" to checkPlans: a folder with no lesson that loads must not run meshwalk's.
  if (chosen.length === 0) {
    for (const line of problemsOf(set, undefined)) io.stderr.write(`${line}\n`);
    const why = 'no lesson to check in the --lessons folders (see meshwalk list --lessons DIR)';
    throw new UserFacingError(`meshwalk check: ${why}`, ExitCode.failed);
  }
  const planned = checkPlans(set.lessons, chosen, o.istio, o.cluster === 'sim');
  if (!planned.ok) throw new UserFacingError(`meshwalk check: ${planned.message}`, ExitCode.usage);
  // Running every lesson: a lesson file that does not load is a failure too.
  const broken = [...(o.lessons.length === 0 ? problemsOf(set, undefined) : []), ...planned.problems];
  for (const line of broken) io.stderr.write(`${line}\n`);

  // Throwaway homes, one per Istio version: a fresh simulated cluster, and work files that do
  // not touch the learner's. Removed however check ends: done, failed, Ctrl-C, or a closed pipe
  // (`meshwalk check | head` exits at once, see stopQuietlyOnClosedPipe).
  const scratches: string[] = [];
  const removeScratches = () => {
    for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  const stopHook = onExit(removeScratches);
  const results: PlanResult[] = [];
  try {
    let announced = false;
    for (const plan of planned.plans) {
      const scratch = mkdtempSync(join(tmpdir(), 'meshwalk-check-'));
      scratches.push(scratch);
      const selected = await select({
        choice: o.cluster,
        ...(o.allowContext ? { allowContext: o.allowContext } : {}),
        env: io.env,
        cwd: io.cwd,
        dataDir: scratch,
        propagationMs: o.propagationMs,
        ...(plan.istio !== undefined ? { istio: plan.istio } : {}),
        ...(io.meshwalk ? { meshwalk: io.meshwalk } : {}),
      });
      const say = (line: string) => (o.json ? io.stderr : io.stdout).write(`${line}\n`);
      if (!announced) say(selected.line);
      announced = true;
      if (plan.istio !== undefined)
        say(
          `${results.length > 0 ? '\n' : ''}Checking on Istio ${plan.istio} (a fresh simulated cluster): ${plan.order.map((x) => x.lesson.id).join(', ')}`,
        );
      if (plan.undeclared.length > 0)
        say(
          `Note: ${plan.undeclared.join(', ')} ${plan.undeclared.length === 1 ? 'does' : 'do'} not list Istio ${plan.istio} in \`istio:\`.`,
        );
      if (plan.pulledIn.length > 0 && !o.json)
        io.stdout.write(`Also running prerequisites first: ${plan.pulledIn.join(', ')}\n`);
      results.push({ istio: plan.istio, runs: await runPlan(plan, scratch, selected, o, io) });
    }
  } finally {
    removeScratches();
    stopHook();
  }

  const runs = results.flatMap((r) => r.runs);
  const failed = runs.filter((r) => r.outcome !== 'passed');
  const many = results.length > 1;
  if (o.junit !== undefined) {
    const names = results.flatMap((r) =>
      r.runs.map((run) => (many ? `${run.lesson.id} (Istio ${r.istio})` : run.lesson.id)),
    );
    try {
      writeFileSync(resolve(io.cwd, o.junit), junitXml(runs, Date.now() - started, names));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new UserFacingError(
        `meshwalk check: cannot write the JUnit report to ${o.junit} (${why})`,
        ExitCode.environment,
      );
    }
  }
  if (o.json) {
    // The last line, always: whatever each lesson's events were (a deferred cleanup ends some
    // lessons with CleanupFinished, others with LessonFinished), a reader knows the run is over.
    const summary = {
      type: 'CheckFinished',
      outcome: failed.length === 0 && broken.length === 0 ? 'passed' : 'failed',
      lessons: runs.length,
      passed: runs.length - failed.length,
      failed: failed.map((r) => r.lesson.id),
      problems: broken.length,
      durationMs: Date.now() - started,
    };
    io.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const line = (rs: readonly EngineState[]) => {
      const bad = rs.filter((r) => r.outcome !== 'passed');
      const steps = rs.reduce((n, r) => n + r.steps.filter((s) => s.status === 'passed').length, 0);
      const verified = `${steps} ${steps === 1 ? 'step' : 'steps'} verified`;
      return `${rs.length - bad.length} of ${rs.length} lessons passed (${verified})${bad.length > 0 ? `; failed: ${bad.map((r) => r.lesson.id).join(', ')}` : ''}`;
    };
    const word = failed.length === 0 && broken.length === 0 ? 'PASS' : 'FAIL';
    const only = results[0]?.istio !== undefined && !many ? ` on Istio ${results[0]?.istio}` : '';
    io.stdout.write('\n');
    if (many)
      for (const r of results)
        io.stdout.write(
          `Istio ${r.istio}: ${r.runs.every((x) => x.outcome === 'passed') ? 'PASS' : 'FAIL'}: ${line(r.runs)}\n`,
        );
    io.stdout.write(
      `${word}: ${line(runs)}${only} in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        `${broken.length > 0 ? '; some lessons have problems (above)' : ''}\n`,
    );
  }
  return failed.length === 0 && broken.length === 0 ? ExitCode.ok : ExitCode.failed;
}

interface PlanResult {
  istio: string | undefined;
  runs: EngineState[];
}

/**
 * One cluster, lessons in prerequisite order. A lesson's cleanup runs when no later lesson
 * relies on what it left (cleanupSchedule): its own right after it, a prerequisite's after its
 * last dependant, newest first. A failed deferred cleanup fails that prerequisite's lesson.
 */
async function runPlan(
  plan: CheckPlan<LoadedLesson>,
  scratch: string,
  selected: SelectedCluster,
  o: CheckOptions,
  io: Io,
): Promise<EngineState[]> {
  const runs: EngineState[] = [];
  const after = cleanupSchedule(plan.order);
  const write = (e: ResultEvent, lesson: LoadedLesson['lesson'], vars: Readonly<Record<string, string>>) =>
    io.stdout.write(
      o.json
        ? `${JSON.stringify(plan.istio !== undefined ? { ...e, istio: plan.istio } : e)}\n`
        : plainText(e, lesson, vars, { announceSteps: true, stepText: false, output: false }),
    );
  // The simulator answers at once; with no propagation delay nothing in it changes with time,
  // so a `settle` run of matching attempts need not wait between them.
  const simOptions = { maxIntervalMs: 200, ...(o.propagationMs === 0 ? { settleIntervalMs: 5 } : {}) };
  const options = { mode: 'check', saveProgress: false, ...(selected.kind === 'sim' ? simOptions : {}) } as const;
  for (const [k, { lesson, root }] of plan.order.entries()) {
    const cluster = selected.forWorkDir(prepareWorkDir(scratch, lesson.id, root));
    const own = after[k]?.includes(k) ?? true;
    const session = createSession(
      lesson,
      { ...options, cleanup: own },
      { cluster, clock: systemClock, onResult: (e) => write(e, lesson, session.getState().vars) },
    );
    session.start();
    runs.push(await session.finished);
    session.dispose();
    for (const i of after[k] ?? []) {
      const prior = plan.order[i];
      const state = runs[i];
      if (i === k || !prior || !state) continue;
      const c = createSession(
        prior.lesson,
        { ...options, cleanupOnly: true, vars: state.vars },
        {
          cluster: selected.forWorkDir(prepareWorkDir(scratch, prior.lesson.id, prior.root)),
          clock: systemClock,
          onResult: (e) => write(e, prior.lesson, state.vars),
        },
      );
      c.start();
      const done = await c.finished;
      c.dispose();
      if (done.outcome === 'failed' && state.outcome === 'passed')
        runs[i] = {
          ...state,
          outcome: 'failed',
          ending: { outcome: 'failed', ...(done.ending?.reason !== undefined ? { reason: done.ending.reason } : {}) },
        };
    }
  }
  return runs;
}
