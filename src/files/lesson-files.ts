/**
 * Lessons as files: finds them (a folder, `meshwalk lint`'s arguments), reads them and the
 * manifests they reference, and checks them as a set (unique ids, `requires`). The parsing is
 * the lesson model's (src/lesson): text in, problems out. Every failure to read becomes a
 * positioned problem, never a throw.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { checkManifestText } from '../lesson/manifest-check.js';
import { requiresProblems, type StagedLesson } from '../lesson/parse.js';
import { sortProblems, type Problem } from '../lesson/problem.js';
import { requiresCycles } from '../lesson/requires-graph.js';
import type { Lesson } from '../lesson/schema.js';
import { packageRoot } from '../package-root.js';
import { readLimited } from './read-limited.js';
import { stageAll } from './stage-lessons.js';
import { stageInParallel } from './stage-parallel.js';

export type LoadedLesson = {
  lesson: Lesson;
  /** Absolute path of the lesson file. */
  file: string;
  /** The folder holding lessons/ and manifests/; manifest paths resolve against it. */
  root: string;
};

export type LoadResult = { lessons: LoadedLesson[]; problems: Problem[] };

/** The root for a file: the parent of its `lessons/` folder, else the nearest folder with a `manifests/` folder. */
export function lessonRoot(file: string): string {
  const start = dirname(resolve(file));
  for (let dir = start; ; ) {
    if (basename(dir) === 'lessons') return dirname(dir);
    if (isDir(join(dir, 'manifests'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** Reads one lesson. `requires` is checked only when `lessonIds` is given. */
export function loadLesson(
  path: string,
  opts: { root?: string; lessonIds?: ReadonlySet<string> } = {},
): { lesson?: LoadedLesson; problems: Problem[] } {
  const file = resolve(path);
  const root = opts.root ?? lessonRoot(file);
  const staged = stageAll([{ file, root }])[0] as StagedLesson;
  const problems = sortProblems([
    ...staged.problems,
    ...(opts.lessonIds ? requiresProblems(staged, file, opts.lessonIds) : []),
  ]);
  return problems.length === 0 && staged.lesson
    ? { lesson: { lesson: staged.lesson, file, root }, problems }
    : { problems };
}

/** Options for loading a folder of lessons. */
export type LoadOptions = {
  /**
   * Also read and check the manifests the lessons reference (default true). `meshwalk list`
   * turns it off: it shows what lessons exist, and `lint` is the full check.
   */
  manifests?: boolean;
};

/** Reads every lesson under `dir` (default: the package's lessons/) and checks them as a set. */
export function loadLessonDir(dir: string = join(packageRoot(), 'lessons'), opts: LoadOptions = {}): LoadResult {
  const files = yamlFiles(resolve(dir));
  return loadLessonFiles(files, opts.manifests ?? true);
}

/** Lessons and standalone manifests, as `meshwalk lint` checks them. */
export function lintFiles(files: readonly string[]): LoadResult & { checked: number } {
  const lessonFiles: string[] = [];
  const problems: Problem[] = [];
  for (const file of files.map((f) => resolve(f))) {
    if (classify(file) === 'lesson') lessonFiles.push(file);
    else problems.push(...checkManifestFile(file));
  }
  const loaded = loadLessonFiles(lessonFiles);
  return { lessons: loaded.lessons, problems: sortProblems([...problems, ...loaded.problems]), checked: files.length };
}

/** The YAML files under `path` (itself, if it is a file), sorted; dot folders and node_modules skipped. */
export function yamlFiles(path: string): string[] {
  if (!isDir(path)) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...yamlFiles(full));
    } else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Loads lesson files as one set (unique ids, `requires` across them and meshwalk's own lessons). */
export function loadLessonFiles(files: readonly string[], manifests = true): LoadResult {
  const jobs = files.map((file) => ({ file, root: lessonRoot(file), manifests }));
  const results = stageInParallel(jobs);
  const staged = jobs.map((job, i) => ({ ...job, s: results[i] as StagedLesson }));
  // meshwalk's own lessons are always there, so an author's lesson may require one of them.
  const roots = new Set([...jobs.map((j) => j.root), packageRoot()]);
  // Cross-file checks: ids must be unique, and `requires` may name any lesson of these roots.
  const problems: Problem[] = staged.flatMap((x) => x.s.problems);
  const firstById = new Map<string, string>();
  for (const { file, s } of staged) {
    if (!s.id) continue;
    const first = firstById.get(s.id.value);
    if (first === undefined) firstById.set(s.id.value, file);
    else
      problems.push({
        file,
        line: s.id.line,
        col: s.id.col,
        code: 'duplicate-lesson-id',
        message: `the lesson id \`${s.id.value}\` is already used by ${first}`,
      });
  }
  const parsed = new Set(files);
  const ids = new Set([...firstById.keys(), ...[...roots].flatMap((root) => siblingIds(root, parsed))]);
  for (const { file, s } of staged) problems.push(...requiresProblems(s, file, ids));
  const valid = staged.filter((x) => x.s.lesson && firstById.get(x.s.lesson.id) === x.file);
  problems.push(
    ...requiresCycles(
      valid.map((x) => ({
        lesson: x.s.lesson as Lesson,
        file: x.file,
        requiresAt: (i) => x.s.requires[i] ?? { line: 1, col: 1 },
      })),
    ),
  );
  const bad = new Set(problems.map((p) => p.file));
  const lessons = valid
    .filter((x) => !bad.has(x.file))
    .map((x) => ({ lesson: x.s.lesson as Lesson, file: x.file, root: x.root }));
  return { lessons, problems: sortProblems(problems) };
}

function checkManifestFile(file: string): Problem[] {
  const read = readLimited(file);
  return 'problem' in read ? [read.problem] : checkManifestText(read.text, file);
}

/** Lesson ids of the other files in `root/lessons`, read with a cheap scan (not a full parse). */
function siblingIds(root: string, skip: ReadonlySet<string>): string[] {
  const dir = join(root, 'lessons');
  if (!isDir(dir)) return [];
  const ids: string[] = [];
  for (const file of yamlFiles(dir)) {
    if (skip.has(file)) continue;
    const read = readLimited(file);
    const m = 'text' in read ? /^id:[ \t]*["']?([a-z0-9-]+)["']?[ \t]*(?:#.*)?$/m.exec(read.text) : null;
    if (m?.[1]) ids.push(m[1]);
  }
  return ids;
}

/** A file under a `manifests/` folder, or one that looks like a Kubernetes object, is a manifest. */
export function classify(file: string): 'lesson' | 'manifest' {
  const parts = file.split(sep);
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] === 'lessons') return 'lesson';
    if (parts[i] === 'manifests') return 'manifest';
  }
  const read = readLimited(file);
  if (!('text' in read)) return 'lesson';
  return /^(?:apiVersion|kind):/m.test(read.text) && !/^steps:/m.test(read.text) ? 'manifest' : 'lesson';
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
