// `meshwalk progress [--json] [--reset [LESSON]]`: what the learner has done, per cluster and lesson.
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { readLessons } from './run-support.js';
import { lessonsFlag } from './lesson-folders.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';
import { dataDir } from '../progress/data-dir.js';
import { didYouMean } from '../lesson/did-you-mean.js';
import { loadProgress, progressPath, resetProgress, savedLessonIds } from '../progress/store.js';

const usage = `Usage: meshwalk progress [--json]
       meshwalk progress --reset [LESSON]

Shows saved progress: for each cluster (the simulated one, or a kube context) and lesson, how
many steps are done and the step you are on. Progress lives in <data dir>/progress/, one file
per cluster and lesson (MESHWALK_HOME, else $XDG_DATA_HOME/meshwalk or ~/.local/share/meshwalk;
macOS ~/Library/Application Support/meshwalk; Windows %LOCALAPPDATA%\\meshwalk).

Flags:
  --json          print the progress as JSON
  --reset         clear the progress of LESSON (on every cluster), or of everything
  --lessons DIR   also read the lessons in DIR, for their step counts (repeatable)
  -h, --help      show this help

Exit codes: 0 shown or reset, 2 bad usage (also an unknown LESSON), 4 the progress folder
cannot be read or written (the message names the path and what to do).`;

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  json: { type: 'boolean' },
  reset: { type: 'boolean' },
  ...lessonsFlag,
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('progress', argv, flags);
    const path = progressPath(dataDir(io.env));
    if (values.reset) {
      if (positionals.length > 1)
        throw new UserFacingError('meshwalk progress --reset: give at most one lesson id', ExitCode.usage);
      const lesson = positionals[0];
      if (lesson !== undefined) await checkKnown(lesson, path, values.lessons, io);
      try {
        resetProgress(path, lesson, (m) => io.stderr.write(`${m}\n`));
      } catch (err) {
        if (err instanceof UserFacingError)
          throw new UserFacingError(`meshwalk progress --reset: ${err.message}`, err.exitCode);
        throw err;
      }
      io.stdout.write(lesson ? `Progress of ${lesson} cleared.\n` : 'All progress cleared.\n');
      return ExitCode.ok;
    }
    if (positionals.length > 0)
      throw new UserFacingError(
        'meshwalk progress: unexpected argument (to clear one lesson: meshwalk progress --reset LESSON)',
        ExitCode.usage,
      );
    await show(path, values.json ?? false, values.lessons, io);
    return ExitCode.ok;
  },
};

async function show(path: string, json: boolean, lessonsDir: readonly string[] | undefined, io: Io): Promise<void> {
  const data = loadProgress(path, (m) => io.stderr.write(`${m}\n`));
  const lessons = (await readLessons('progress', lessonsDir, io)).lessons.map((l) => l.lesson);
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const rows = Object.entries(data.clusters).map(([cluster, c]) => ({
    cluster,
    lessons: Object.entries(c.lessons).map(([id, p]) => {
      const lesson = byId.get(id);
      const current = lesson?.steps.find((s) => s.id === p.current);
      return {
        id,
        title: lesson?.title ?? '(no such lesson any more)',
        done: p.done.length + p.skipped.length,
        skipped: p.skipped.length,
        total: lesson?.steps.length ?? null,
        current: p.current ?? null,
        currentTitle: current?.title ?? null,
        finished: p.finishedAt !== undefined,
        updatedAt: p.updatedAt,
      };
    }),
  }));
  if (json) {
    io.stdout.write(`${JSON.stringify({ folder: path, clusters: rows })}\n`);
    return;
  }
  if (rows.length === 0) {
    io.stdout.write(`No progress saved yet (${path}).\n`);
    return;
  }
  for (const r of rows) {
    io.stdout.write(
      `${r.cluster === 'sim' ? 'Simulated cluster' : `Kube context ${r.cluster.replace(/^context:/, '')}`}:\n`,
    );
    for (const l of r.lessons) {
      const count = `${l.done}/${l.total ?? '?'} steps${l.skipped > 0 ? ` (${l.skipped} skipped)` : ''}`;
      const where = l.finished ? 'finished' : l.current ? `on "${l.currentTitle ?? l.current}"` : 'not started';
      io.stdout.write(`  ${l.id.padEnd(24)} ${count.padEnd(24)} ${where}\n`);
    }
  }
  io.stdout.write(`(${path})\n`);
}

/** `--reset typo` must not quietly clear nothing: the id must be a lesson, or have saved progress. */
async function checkKnown(
  lesson: string,
  path: string,
  lessonsDir: readonly string[] | undefined,
  io: Io,
): Promise<void> {
  const saved = savedLessonIds(loadProgress(path, (m) => io.stderr.write(`${m}\n`)));
  const known = [
    ...new Set([...(await readLessons('progress', lessonsDir, io)).lessons.map((l) => l.lesson.id), ...saved]),
  ].sort();
  if (known.includes(lesson)) return;
  const guess = didYouMean(lesson, known);
  const hint = guess ? `did you mean "${guess}"? ` : '';
  throw new UserFacingError(
    `meshwalk progress --reset: no lesson "${lesson}"; ${hint}known: ${known.join(', ') || '(none)'}`,
    ExitCode.usage,
  );
}
