/**
 * The one way every command finds lessons: meshwalk's own, always, plus each `--lessons DIR`.
 * A folder is read the same way everywhere (TUI, run, check, list, lint, progress, reset):
 * - a folder with a `lessons/` folder inside: the lessons are there, its `manifests/` beside them;
 * - a folder named `lessons`: its YAML files, with `manifests/` in the parent folder;
 * - any other folder: its YAML files, except those under a `manifests/` folder and those that
 *   look like Kubernetes objects (flat layout), as `lint` sorts them.
 * A lesson file given directly is that lesson.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';
import type { LoadedLesson } from '../files/lesson-files.js';
import type { Problem } from '../lesson/problem.js';
import { packageRoot } from '../package-root.js';

/** The `--lessons` flag, as every command declares it. */
export const lessonsFlag = { lessons: { type: 'string', multiple: true } } as const;

export interface LessonSet {
  /** Every lesson that loaded: meshwalk's own and those of the folders. */
  lessons: LoadedLesson[];
  problems: Problem[];
  /** The folders' lessons, or meshwalk's own when no folder was given: what "all" means. */
  own: LoadedLesson[];
}

/** The lesson files of one folder (or file), by the rules above. */
export async function lessonFilesIn(dir: string): Promise<string[]> {
  const { classify, yamlFiles } = await import('../files/lesson-files.js');
  if (!statSync(dir).isDirectory()) return [dir];
  const nested = join(dir, 'lessons');
  if (existsSync(nested) && statSync(nested).isDirectory()) return yamlFiles(nested);
  // As lint sorts them: a file that looks like a Kubernetes object is a manifest wherever it is.
  const below = yamlFiles(dir).filter((f) => !relative(dir, f).split(sep).slice(0, -1).includes('manifests'));
  return below.filter((f) => classify(f) === 'lesson');
}

/** The absolute folders of `--lessons`, each checked to exist. */
export function lessonFolders(command: string, dirs: readonly string[] | undefined, io: Io): string[] {
  return (dirs ?? []).map((d) => {
    const path = resolve(io.cwd, d);
    if (!existsSync(path)) throw new UserFacingError(`meshwalk ${command}: no such folder: ${d}`, ExitCode.usage);
    return path;
  });
}

/** The shipped lessons folder. */
export function shippedLessons(): string {
  return join(packageRoot(), 'lessons');
}

/**
 * Reads meshwalk's lessons and those of `dirs` as one set, so a lesson may `requires:` any of
 * them and ids are unique across all. The loader (yaml, zod) is imported only here.
 */
export async function readLessonSet(
  command: string,
  dirs: readonly string[] | undefined,
  io: Io,
  opts: { manifests?: boolean } = {},
): Promise<LessonSet> {
  const folders = lessonFolders(command, dirs, io);
  const shipped = await lessonFilesIn(shippedLessons());
  const theirs = (await Promise.all(folders.map(lessonFilesIn))).flat().map((f) => resolve(f));
  const { loadLessonFiles } = await import('../files/lesson-files.js');
  const files = [...new Set([...shipped, ...theirs])];
  const r = loadLessonFiles(files, opts.manifests ?? true);
  const mine = new Set(folders.length > 0 ? theirs : shipped);
  return { ...r, own: r.lessons.filter((l) => mine.has(l.file)) };
}
