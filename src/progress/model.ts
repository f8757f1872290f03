/**
 * The shape of saved progress: per cluster (`sim`, or `context:NAME`) and lesson, the ids of done
 * and skipped steps and the step on screen: names, never indexes, so editing a lesson does not
 * shift anyone's progress. Each lesson on each cluster is one entry (one file, see store.ts);
 * `version` lets a newer meshwalk refuse to misread an older entry.
 */
export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  done: string[];
  skipped: string[];
  current?: string;
  /** ISO timestamps. */
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/** One saved entry as it is written to disk. */
export interface ProgressEntry extends LessonProgress {
  version: typeof PROGRESS_VERSION;
  cluster: string;
  lesson: string;
}

/** Every cluster's lessons, as `meshwalk progress` shows them. */
export interface ProgressFile {
  clusters: Record<string, { lessons: Record<string, LessonProgress> }>;
}

// Checked by hand, not with zod: progress is read on every start of the TUI, `run` and
// `progress`, and loading zod costs more than the whole check (see bench/engine-start.mjs).

/** A lesson's progress when `l` has the expected shape (unknown keys dropped), else what is wrong. */
export function parseLessonProgress(l: unknown): LessonProgress | string {
  if (!isRecord(l)) return 'it is not an object';
  if (!isStrings(l.done)) return '"done" must be a list of step ids';
  if (!isStrings(l.skipped)) return '"skipped" must be a list of step ids';
  if (typeof l.startedAt !== 'string' || typeof l.updatedAt !== 'string') {
    return '"startedAt" and "updatedAt" must be timestamps';
  }
  if (!optionalString(l.current)) return '"current" must be a step id';
  if (!optionalString(l.finishedAt)) return '"finishedAt" must be a timestamp';
  return {
    done: [...l.done],
    skipped: [...l.skipped],
    ...(l.current !== undefined ? { current: l.current } : {}),
    startedAt: l.startedAt,
    updatedAt: l.updatedAt,
    ...(l.finishedAt !== undefined ? { finishedAt: l.finishedAt } : {}),
  };
}

/** One entry file's content, or what is wrong with it. */
export function parseEntry(json: unknown): ProgressEntry | string {
  if (!isRecord(json)) return 'it is not an object';
  if (typeof json.version === 'number' && json.version > PROGRESS_VERSION) {
    return `it was written by a newer meshwalk (format version ${json.version}, this one reads ${PROGRESS_VERSION})`;
  }
  if (json.version !== PROGRESS_VERSION) return `"version" must be ${PROGRESS_VERSION}`;
  if (typeof json.cluster !== 'string' || typeof json.lesson !== 'string') {
    return '"cluster" and "lesson" must be names';
  }
  const progress = parseLessonProgress(json);
  if (typeof progress === 'string') return progress;
  return { version: PROGRESS_VERSION, cluster: json.cluster, lesson: json.lesson, ...progress };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function optionalString(v: unknown): v is string | undefined {
  return v === undefined || typeof v === 'string';
}

/** What the engine reports after a step change (engine/types.ts ProgressSnapshot). */
export interface LessonSnapshot {
  lesson: string;
  done: readonly string[];
  skipped: readonly string[];
  current?: string;
  finished: boolean;
}

/** The entry to save after `snap`, keeping when the lesson was started and first finished. Pure. */
export function nextEntry(
  prev: LessonProgress | undefined,
  cluster: string,
  snap: LessonSnapshot,
  now: Date,
): ProgressEntry {
  const stamp = now.toISOString();
  const finishedAt = snap.finished ? (prev?.finishedAt ?? stamp) : prev?.finishedAt;
  return {
    version: PROGRESS_VERSION,
    cluster,
    lesson: snap.lesson,
    done: [...snap.done],
    skipped: [...snap.skipped],
    ...(snap.current !== undefined ? { current: snap.current } : {}),
    startedAt: prev?.startedAt ?? stamp,
    updatedAt: stamp,
    ...(finishedAt !== undefined ? { finishedAt } : {}),
  };
}

/** The lesson's progress without the entry's bookkeeping fields. */
export function progressOf(e: ProgressEntry): LessonProgress {
  const { version: _v, cluster: _c, lesson: _l, ...progress } = e;
  return progress;
}
