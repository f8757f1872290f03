/**
 * The one file under src/lesson that touches the disk: it reads lesson and manifest files and
 * hands their text to the pure parser. Only regular files are read, at most one byte over the
 * size limit, so a huge file, a pipe or a device costs nothing; every failure becomes a
 * positioned problem, never a throw.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { MAX_FILE_BYTES, sizeProblem } from './limits.js';
import { checkManifestText } from './manifest-check.js';
import { parseLessonStaged, requiresProblems, type ParseContext, type StagedLesson } from './parse.js';
import { stageInParallel } from './stage-parallel.js';
import { sortProblems, type Problem } from './problem.js';
import { requiresCycles } from './requires-graph.js';
import type { Lesson } from './schema.js';
import { packageRoot } from '../package-root.js';

/** Re-exported: callers find the package folder and load lessons from one module. */
export { packageRoot };

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
export function loadLesson(path: string, opts: { root?: string; lessonIds?: ReadonlySet<string> } = {}): { lesson?: LoadedLesson; problems: Problem[] } {
  const file = resolve(path);
  const root = opts.root ?? lessonRoot(file);
  const staged = stageLesson(file, fileContext(root));
  const problems = sortProblems([...staged.problems, ...(opts.lessonIds ? requiresProblems(staged, file, opts.lessonIds) : [])]);
  return problems.length === 0 && staged.lesson ? { lesson: { lesson: staged.lesson, file, root }, problems } : { problems };
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
    else problems.push({ file, line: s.id.line, col: s.id.col, code: 'duplicate-lesson-id', message: `the lesson id \`${s.id.value}\` is already used by ${first}` });
  }
  const parsed = new Set(files);
  const ids = new Set([...firstById.keys(), ...[...roots].flatMap((root) => siblingIds(root, parsed))]);
  for (const { file, s } of staged) problems.push(...requiresProblems(s, file, ids));
  const valid = staged.filter((x) => x.s.lesson && firstById.get(x.s.lesson.id) === x.file);
  problems.push(...requiresCycles(valid.map((x) => ({ lesson: x.s.lesson as Lesson, file: x.file, requiresAt: (i) => x.s.requires[i] ?? { line: 1, col: 1 } }))));
  const bad = new Set(problems.map((p) => p.file));
  const lessons = valid.filter((x) => !bad.has(x.file)).map((x) => ({ lesson: x.s.lesson as Lesson, file: x.file, root: x.root }));
  return { lessons, problems: sortProblems(problems) };
}

export function stageLesson(file: string, ctx: ParseContext): StagedLesson {
  const read = readLimited(file);
  if ('problem' in read) return { problems: [read.problem], requires: [] };
  return parseLessonStaged(read.text, file, ctx);
}

/** Stages lessons in this thread, one file context (with its manifest cache) per root. */
export function stageAll(jobs: readonly { file: string; root: string; manifests?: boolean }[]): StagedLesson[] {
  const contexts = new Map<string, ParseContext>();
  return jobs.map(({ file, root, manifests = true }) => {
    if (!manifests) return stageLesson(file, { root, fileExists: () => true, readFile: () => undefined, skipManifests: true });
    let ctx = contexts.get(root);
    if (!ctx) contexts.set(root, (ctx = fileContext(root)));
    return stageLesson(file, ctx);
  });
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

function fileContext(root: string): ParseContext {
  const cache = new Map<string, string | undefined>();
  return {
    root,
    shippedRoot: packageRoot(),
    fileExists: (p) => isFile(p),
    realPath: (p) => {
      try {
        return realpathSync(p);
      } catch {
        return undefined;
      }
    },
    readFile: (p) => {
      if (!cache.has(p)) {
        const r = readLimited(p);
        cache.set(p, 'text' in r ? r.text : undefined);
      }
      return cache.get(p);
    },
  };
}

/**
 * Reads a regular file of at most MAX_FILE_BYTES, measured while reading: a size from stat()
 * before reading proves nothing (/dev/zero reports 0 bytes and never ends; a file can grow).
 * The file is opened non-blocking, so a FIFO with no writer does not hang the open, and fstat
 * on the open descriptor (not the name, which may change) refuses anything but a regular file.
 */
function readLimited(file: string): { text: string } | { problem: Problem } {
  const at = (message: string, code: Problem['code'] = 'read-error'): { problem: Problem } => ({ problem: { file, line: 1, col: 1, code, message } });
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return at('is a folder, not a file');
    if (!stat.isFile()) return at(`is ${kindOf(stat)}, not a regular file; lessons and manifests are read from files only`);
    const buf = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buf.length; length += n) {
      n = readSync(fd, buf, length, buf.length - length, null);
    }
    const size = sizeProblem(Math.max(length, stat.size));
    if (size) return at(size.message, size.code);
    return { text: buf.toString('utf8', 0, length) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return at(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read the file (${code ?? String(err)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
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

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
