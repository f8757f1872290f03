/**
 * Reading and writing `<data dir>/progress.json`. Saves are atomic (atomic-write.ts) and merge
 * with what is on disk, so two meshwalk windows do not erase each other's lessons. A file that
 * does not parse, or comes from a newer meshwalk, is moved aside with a one-line notice: never
 * silently reset, never overwritten.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { emptyProgress, parseProgressFile, PROGRESS_VERSION, withLesson, withoutLesson, type LessonProgress, type LessonSnapshot, type ProgressFile } from './model.js';

export function progressPath(dataDir: string): string {
  return join(dataDir, 'progress.json');
}

export interface Loaded {
  data: ProgressFile;
  /** Set when the file was unreadable and moved aside: say it to the learner, once. */
  notice?: string;
}

export function loadProgress(path: string, now: Date = new Date()): Loaded {
  removeStaleTemps(path, now);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { data: emptyProgress() };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { data: emptyProgress(), notice: moveAside(path, now, 'is not valid JSON') };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > PROGRESS_VERSION) {
    return { data: emptyProgress(), notice: moveAside(path, now, `was written by a newer meshwalk (format version ${version}, this one reads ${PROGRESS_VERSION})`) };
  }
  const parsed = parseProgressFile(json);
  if (!parsed) return { data: emptyProgress(), notice: moveAside(path, now, 'does not have the expected shape') };
  return { data: parsed };
}

export function saveProgressFile(path: string, data: ProgressFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`);
}

function moveAside(path: string, now: Date, why: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  let aside = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(aside); n++) aside = `${path}.corrupt-${stamp}-${n}`;
  renameSync(path, aside);
  return `meshwalk: your progress file ${path} ${why}; it was moved to ${aside} and progress starts fresh`;
}

/** Temp files of saves killed half-way (SIGKILL, power cut) are removed after a minute. */
function removeStaleTemps(path: string, now: Date): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    try {
      const full = join(dir, name);
      if (now.getTime() - statSync(full).mtimeMs > 60_000) unlinkSync(full);
    } catch {
      // another process removed or renamed it
    }
  }
}

/**
 * One cluster's view of the progress file, as the engine and the TUI use it.
 * `onNotice` hears about a file moved aside (at most once per store).
 */
export class ProgressStore {
  private noticed = false;
  constructor(
    readonly path: string,
    /** `sim`, or `context:NAME` for a real cluster. */
    readonly cluster: string,
    private readonly onNotice: (message: string) => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private load(): ProgressFile {
    const { data, notice } = loadProgress(this.path, this.clock());
    if (notice && !this.noticed) {
      this.noticed = true;
      this.onNotice(notice);
    }
    return data;
  }

  /** Every lesson's progress on this cluster. */
  all(): Record<string, LessonProgress> {
    return this.load().clusters[this.cluster]?.lessons ?? {};
  }

  get(lesson: string): LessonProgress | undefined {
    return this.all()[lesson];
  }

  save(snap: LessonSnapshot): void {
    saveProgressFile(this.path, withLesson(this.load(), this.cluster, snap, this.clock()));
  }

  /** Clears one lesson (every cluster) or everything. */
  reset(lesson?: string): void {
    saveProgressFile(this.path, withoutLesson(this.load(), lesson));
  }
}
