/**
 * Saved progress, one file per cluster and lesson: `<data dir>/progress/<cluster>/<lesson>.json`.
 *
 * Why files and not one file under a lock: several meshwalk processes (TUI windows, `run`) save
 * at once. With one shared file each save must read, merge and write it back, and without a lock
 * one lesson's save is lost when two interleave. A lock needs taking over from a holder that
 * died, and plain files offer no compare-and-delete: between seeing a dead holder's lock and
 * removing it, another process may take it over, and the removal then frees a live lock. With
 * one file per lesson no save reads or rewrites another lesson's data, so nothing needs a lock,
 * nothing waits, and a save stays one atomic rename. A malformed entry is set aside alone.
 */
import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readEntry, setAside, writeEntry, type ReadEntry } from './entry-file.js';
import { entryName } from './entry-name.js';
import { importLegacy } from './legacy-import.js';
import { nextEntry, progressOf, type LessonProgress, type LessonSnapshot, type ProgressFile } from './model.js';
import { describeFsError, isFsError, ProgressError } from './progress-error.js';

/** The folder holding saved progress. */
export function progressPath(dataDir: string): string {
  return join(dataDir, 'progress');
}

/** Where earlier meshwalk kept all progress in one file (imported once, see legacy-import.ts). */
export function legacyProgressFile(folder: string): string {
  return join(dirname(folder), 'progress.json');
}

type Notify = (line: string) => void;

/**
 * One cluster's saved progress, as the engine and the TUI use it. `onNotice` hears one line per
 * entry set aside (or old file imported with problems). Read and write failures throw a
 * ProgressError: one line naming the path, exit 4.
 */
export class ProgressStore {
  private imported = false;
  constructor(
    /** `progressPath(dataDir)`. */
    readonly path: string,
    /** `sim`, or `context:NAME` for a real cluster. */
    readonly cluster: string,
    private readonly onNotice: Notify = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Every lesson's progress on this cluster. */
  all(): Record<string, LessonProgress> {
    return guard('read', this.path, () => {
      this.importOnce();
      return sorted(readFolder(join(this.path, entryName(this.cluster)), this.clock(), this.onNotice).lessons);
    });
  }

  get(lesson: string): LessonProgress | undefined {
    return guard('read', this.path, () => {
      this.importOnce();
      return readChecked(this.fileOf(lesson), this.cluster, lesson, this.clock(), this.onNotice);
    });
  }

  save(snap: LessonSnapshot): void {
    guard('write', this.path, () => {
      this.importOnce();
      const file = this.fileOf(snap.lesson);
      const now = this.clock();
      const prev = readChecked(file, this.cluster, snap.lesson, now, this.onNotice);
      mkdirSync(dirname(file), { recursive: true });
      writeEntry(file, nextEntry(prev, this.cluster, snap, now));
    });
  }

  private fileOf(lesson: string): string {
    return join(this.path, entryName(this.cluster), `${entryName(lesson)}.json`);
  }

  private importOnce(): void {
    if (this.imported) return;
    this.imported = true;
    importLegacy(this.path, legacyProgressFile(this.path), this.clock(), this.onNotice);
  }
}

/** Every cluster's progress, for `meshwalk progress`; the simulated cluster first. */
export function loadProgress(path: string, notify: Notify, now: Date = new Date()): ProgressFile {
  return guard('read', path, () => {
    importLegacy(path, legacyProgressFile(path), now, notify);
    const clusters: ProgressFile['clusters'] = {};
    for (const dir of subfolders(path)) {
      const { cluster, lessons } = readFolder(join(path, dir), now, notify);
      if (cluster !== undefined) clusters[cluster] = { lessons: sorted(lessons) };
    }
    const order = (k: string) => (k === 'sim' ? '' : k);
    const byName = Object.entries(clusters).sort(([a], [b]) => order(a).localeCompare(order(b)));
    return { clusters: Object.fromEntries(byName) };
  });
}

/** Forgets one lesson (on every cluster), or everything. Entries set aside stay where they are. */
export function resetProgress(path: string, lesson: string | undefined, notify: Notify, now: Date = new Date()): void {
  guard('write', path, () => {
    importLegacy(path, legacyProgressFile(path), now, notify);
    for (const dir of subfolders(path)) {
      const names = lesson === undefined ? entryFiles(join(path, dir)) : [`${entryName(lesson)}.json`];
      for (const name of names) removeIfThere(join(path, dir, name));
    }
  });
}

/** The lesson ids with saved progress on any cluster (for "did you mean"). */
export function savedLessonIds(file: ProgressFile): string[] {
  return [...new Set(Object.values(file.clusters).flatMap((c) => Object.keys(c.lessons)))].sort();
}

/** The lessons saved in one cluster's folder; entries that do not belong there are set aside. */
type Folder = { cluster?: string; lessons: Record<string, LessonProgress> };

function readFolder(dir: string, now: Date, notify: Notify): Folder {
  removeStaleTemps(dir, now);
  const folder = basename(dir);
  let cluster: string | undefined;
  const lessons: Record<string, LessonProgress> = {};
  for (const name of entryFiles(dir)) {
    const r = readEntry(join(dir, name));
    if (r.kind === 'missing') continue;
    if (r.kind === 'ok' && entryName(r.entry.cluster) === folder && `${entryName(r.entry.lesson)}.json` === name) {
      cluster = r.entry.cluster;
      lessons[r.entry.lesson] = progressOf(r.entry);
    } else {
      quarantine(join(dir, name), misplaced(r), now, notify);
    }
  }
  return { ...(cluster !== undefined ? { cluster } : {}), lessons };
}

/** The entry for `lesson` on `cluster`, setting aside a malformed one. */
function readChecked(
  file: string,
  cluster: string,
  lesson: string,
  now: Date,
  notify: Notify,
): LessonProgress | undefined {
  const r = readEntry(file);
  if (r.kind === 'missing') return undefined;
  if (r.kind === 'ok' && r.entry.cluster === cluster && r.entry.lesson === lesson) return progressOf(r.entry);
  quarantine(file, misplaced(r), now, notify);
  return undefined;
}

function misplaced(r: Exclude<ReadEntry, { kind: 'missing' }>): string {
  if (r.kind === 'bad') return r.why;
  return `it holds lesson "${r.entry.lesson}" on "${r.entry.cluster}", which belongs in another file`;
}

function quarantine(file: string, why: string, now: Date, notify: Notify): void {
  const aside = setAside(file, now);
  if (!aside) return;
  notify(`meshwalk: saved progress ${file} is unusable (${why}); it was moved to ${aside}; that lesson starts fresh`);
}

function subfolders(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function entryFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function removeIfThere(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Temp files of saves killed half-way (SIGKILL, power cut) are removed after a minute. */
function removeStaleTemps(dir: string, now: Date): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const full = join(dir, name);
      if (now.getTime() - statSync(full).mtimeMs > 60_000) unlinkSync(full);
    } catch {
      // another process removed or renamed it
    }
  }
}

/** Turns a file-system failure into one line naming the path; anything else is a bug and passes. */
function guard<T>(op: 'read' | 'write', path: string, body: () => T): T {
  try {
    return body();
  } catch (err) {
    if (!isFsError(err)) throw err;
    const where = typeof err.path === 'string' ? err.path : path;
    throw new ProgressError(`${op === 'read' ? 'meshwalk: ' : ''}${describeFsError(op, where, err)}`);
  }
}

function sorted<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}
