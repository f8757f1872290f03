/**
 * What `meshwalk run` and `meshwalk check` share: reading lessons, the --cluster and
 * --propagation flags, and a line reader for prompts.
 */
import { createInterface } from 'node:readline';
import { CLUSTER_CHOICES, type ClusterChoice } from '../cluster/select.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';
import type { LoadedLesson } from '../files/lesson-files.js';
import { formatProblem } from '../lesson/problem.js';
import { readLessonSet, type LessonSet } from './lesson-folders.js';
import { underlyingSink } from '../text/terminal-safe.js';

export function parseClusterChoice(command: string, value: string | undefined): ClusterChoice | undefined {
  if (value === undefined) return undefined;
  if ((CLUSTER_CHOICES as readonly string[]).includes(value)) return value as ClusterChoice;
  throw new UserFacingError(
    `meshwalk ${command}: --cluster must be one of ${CLUSTER_CHOICES.join(', ')}, not "${value}"`,
    ExitCode.usage,
  );
}

export type { LessonSet };

/**
 * meshwalk's lessons plus those of each `--lessons DIR` (relative to the working directory), by
 * the folder rules of lesson-folders.ts. The loader is imported only when lessons are read, so
 * `--help`, flag errors and everything before this point start without it.
 */
export async function readLessons(
  command: string,
  dirs: string | readonly string[] | undefined,
  io: Io,
): Promise<LessonSet> {
  return readLessonSet(command, typeof dirs === 'string' ? [dirs] : dirs, io);
}

/** The problems of one lesson file, one `file:line:col message` line each. */
export function problemsOf(set: LessonSet, file: string | undefined): string[] {
  return set.problems.filter((p) => file === undefined || p.file === file).map((p) => formatProblem(p));
}

/** Finds a lesson by id; a lesson whose file has problems is reported with them. */
export function findLesson(command: string, set: LessonSet, id: string): LoadedLesson {
  const found = set.lessons.find((l) => l.lesson.id === id);
  if (found) return found;
  const broken = set.problems.find((p) => p.file.endsWith(`${id}.yaml`) || p.file.endsWith(`${id}.yml`));
  if (broken) {
    const lines = problemsOf(set, broken.file);
    throw new UserFacingError(
      `${lines.join('\n')}\nmeshwalk ${command}: the lesson "${id}" has problems (above); fix them or run meshwalk lint`,
      ExitCode.failed,
    );
  }
  throw new UserFacingError(`meshwalk ${command}: no lesson "${id}" (see meshwalk list)`, ExitCode.usage);
}

/** Reads answers line by line; `undefined` at the end of input. */
export function lineReader(input: NodeJS.ReadableStream = process.stdin): {
  next(): Promise<string | undefined>;
  close(): void;
} {
  const rl = createInterface({ input, terminal: false });
  const it = rl[Symbol.asyncIterator]();
  return {
    async next() {
      const r = await it.next();
      return r.done ? undefined : r.value;
    },
    close: () => rl.close(),
  };
}

/**
 * `meshwalk check | head`: when the reader goes away, stop quietly as `yes | head` does
 * (killed by SIGPIPE: 128 + 13) instead of crashing on an unhandled EPIPE.
 */
export function stopQuietlyOnClosedPipe(io: Io): void {
  if (underlyingSink(io.stdout) !== process.stdout) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(141);
    throw err;
  });
}
