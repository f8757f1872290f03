// `meshwalk check [LESSON...]`: run lessons end to end and verify every step; exit 0 only when all passed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from './command.js';
import { parseFlags } from './args.js';
import { parseClusterChoice, parsePropagation, problemsOf, readLessons, stopQuietlyOnClosedPipe } from './run-support.js';
import { selectCluster, type ClusterChoice } from '../cluster/select.js';
import { prepareWorkDir } from '../cluster/workdir.js';
import { junitXml } from '../engine/junit.js';
import { lessonOrder } from '../engine/lesson-order.js';
import { plainText } from '../engine/plain-report.js';
import { createSession } from '../engine/session.js';
import type { EngineState } from '../engine/types.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';

const usage = `Usage: meshwalk check [LESSON...] [--cluster sim|current] [--json] [--junit FILE]

Runs lessons end to end, without asking: setup, the lesson's values, then for each step the
verification *before* the step (it must show the declared \`before\` state: a check that already
passes proves nothing), the step's command (or its solution), the verification with retries,
and finally the cleanup. Lessons run in prerequisite order; a lesson's prerequisites run
first, in the same cluster, unless given themselves. With no LESSON, every lesson runs.

On the simulated cluster, check uses a fresh cluster in a temporary folder (your own
simulated cluster and progress are not touched).

Flags:
  --cluster C         sim (default) or current (the current kube context, when it is local)
  --allow-context N   use kube context N although it is not known to be local
  --propagation MS    simulated cluster only: delay before a change takes effect (default 0)
  --json              print the result stream as JSON Lines (one event per line) on stdout
  --junit FILE        also write a JUnit XML report (one testcase per step) to FILE
  --lessons DIR       read lessons from DIR (default: meshwalk's own)
  -h, --help          show this help

Exit codes: 0 every verification passed, 1 something failed (or a lesson has problems),
2 bad usage, 4 the cluster cannot be used.`;

export interface CheckOptions {
  lessons: string[];
  cluster: ClusterChoice;
  allowContext?: string[];
  propagationMs: number;
  json: boolean;
  junit?: string;
  lessonsDir?: string;
}

export const command: Command = {
  usage,
  async main(argv, io) {
    stopQuietlyOnClosedPipe(io);
    const { values, positionals } = parseFlags('check', argv, {
      cluster: { type: 'string' },
      'allow-context': { type: 'string', multiple: true },
      propagation: { type: 'string' },
      json: { type: 'boolean' },
      junit: { type: 'string' },
      lessons: { type: 'string' },
    });
    const cluster = parseClusterChoice('check', values.cluster) ?? 'sim';
    return checkLessons(
      {
        lessons: positionals,
        cluster,
        ...(values['allow-context'] ? { allowContext: values['allow-context'] } : {}),
        propagationMs: parsePropagation('check', values.propagation) ?? 0,
        json: values.json ?? false,
        ...(values.junit !== undefined ? { junit: values.junit } : {}),
        ...(values.lessons !== undefined ? { lessonsDir: values.lessons } : {}),
      },
      io,
    );
  },
};

export async function checkLessons(o: CheckOptions, io: Io, select: typeof selectCluster = selectCluster): Promise<number> {
  const started = Date.now();
  const set = await readLessons('check', o.lessonsDir, io);
  const order = lessonOrder(set.lessons, o.lessons);
  if (!order.ok) throw new UserFacingError(`meshwalk check: ${order.message}`, ExitCode.usage);
  // Running every lesson: a lesson file that does not load is a failure too.
  const broken = o.lessons.length === 0 ? problemsOf(set, undefined) : [];
  for (const line of broken) io.stderr.write(`${line}\n`);

  // A throwaway home: a fresh simulated cluster, and work files that do not touch the learner's.
  const scratch = mkdtempSync(join(tmpdir(), 'meshwalk-check-'));
  const runs: EngineState[] = [];
  try {
    const selected = await select({
      choice: o.cluster,
      ...(o.allowContext ? { allowContext: o.allowContext } : {}),
      env: io.env,
      cwd: io.cwd,
      dataDir: scratch,
      propagationMs: o.propagationMs,
    });
    (o.json ? io.stderr : io.stdout).write(`${selected.line}\n`);
    if (order.pulledIn.length > 0 && !o.json) io.stdout.write(`Also running prerequisites first: ${order.pulledIn.join(', ')}\n`);
    for (const { lesson, root } of order.order) {
      const cluster = selected.forWorkDir(prepareWorkDir(scratch, lesson.id, root));
      const session = createSession(
        lesson,
        { mode: 'check', cleanup: true, saveProgress: false, ...(selected.kind === 'sim' ? { maxIntervalMs: 200 } : {}) },
        {
          cluster,
          onResult: (e) => io.stdout.write(o.json ? `${JSON.stringify(e)}\n` : plainText(e, lesson, session.getState().vars, { announceSteps: true, stepText: false, output: false })),
        },
      );
      session.start();
      runs.push(await session.finished);
      session.dispose();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const failed = runs.filter((r) => r.outcome !== 'passed');
  if (o.junit !== undefined) writeFileSync(resolve(io.cwd, o.junit), junitXml(runs, Date.now() - started));
  if (!o.json) {
    const steps = runs.reduce((n, r) => n + r.steps.filter((s) => s.status === 'passed').length, 0);
    const word = failed.length === 0 && broken.length === 0 ? 'PASS' : 'FAIL';
    io.stdout.write(
      `\n${word}: ${runs.length - failed.length} of ${runs.length} lessons passed (${steps} steps verified) in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        `${failed.length > 0 ? `; failed: ${failed.map((r) => r.lesson.id).join(', ')}` : ''}${broken.length > 0 ? '; some lesson files have problems (above)' : ''}\n`,
    );
  }
  return failed.length === 0 && broken.length === 0 ? ExitCode.ok : ExitCode.failed;
}
