/**
 * The progress file's shape: per cluster (`sim`, or a kube context) and lesson, the ids of done
 * and skipped steps and the step on screen: names, never indexes, so editing a lesson does not
 * shift anyone's progress. `version` lets a newer meshwalk refuse to misread an older file.
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

export interface ProgressFile {
  version: typeof PROGRESS_VERSION;
  clusters: Record<string, { lessons: Record<string, LessonProgress> }>;
}

// Checked by hand, not with zod: the progress file is read on every start of the TUI, `run`
// and `progress`, and loading zod costs more than the whole check (see bench/engine-start.mjs).

/** The file's data when it has the expected shape (unknown keys are dropped), else undefined. */
export function parseProgressFile(json: unknown): ProgressFile | undefined {
  if (!isRecord(json) || json.version !== PROGRESS_VERSION || !isRecord(json.clusters)) return undefined;
  const clusters: ProgressFile['clusters'] = {};
  for (const [name, c] of Object.entries(json.clusters)) {
    if (!isRecord(c) || !isRecord(c.lessons)) return undefined;
    const lessons: Record<string, LessonProgress> = {};
    for (const [id, l] of Object.entries(c.lessons)) {
      const parsed = parseLesson(l);
      if (!parsed) return undefined;
      lessons[id] = parsed;
    }
    clusters[name] = { lessons };
  }
  return { version: PROGRESS_VERSION, clusters };
}

function parseLesson(l: unknown): LessonProgress | undefined {
  if (!isRecord(l) || !isStrings(l.done) || !isStrings(l.skipped) || typeof l.startedAt !== 'string' || typeof l.updatedAt !== 'string') return undefined;
  if (!optionalString(l.current) || !optionalString(l.finishedAt)) return undefined;
  return {
    done: [...l.done],
    skipped: [...l.skipped],
    ...(l.current !== undefined ? { current: l.current } : {}),
    startedAt: l.startedAt,
    updatedAt: l.updatedAt,
    ...(l.finishedAt !== undefined ? { finishedAt: l.finishedAt } : {}),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function optionalString(v: unknown): v is string | undefined {
  return v === undefined || typeof v === 'string';
}

export function emptyProgress(): ProgressFile {
  return { version: PROGRESS_VERSION, clusters: {} };
}

/** What the engine reports after a step change (engine/types.ts ProgressSnapshot). */
export interface LessonSnapshot {
  lesson: string;
  done: readonly string[];
  skipped: readonly string[];
  current?: string;
  finished: boolean;
}

/** Returns a copy of `file` with one lesson's progress replaced. Pure. */
export function withLesson(file: ProgressFile, cluster: string, snap: LessonSnapshot, now: Date): ProgressFile {
  const stamp = now.toISOString();
  const lessons = { ...(file.clusters[cluster]?.lessons ?? {}) };
  const prev = lessons[snap.lesson];
  const finishedAt = snap.finished ? (prev?.finishedAt ?? stamp) : prev?.finishedAt;
  lessons[snap.lesson] = {
    done: [...snap.done],
    skipped: [...snap.skipped],
    ...(snap.current !== undefined ? { current: snap.current } : {}),
    startedAt: prev?.startedAt ?? stamp,
    updatedAt: stamp,
    ...(finishedAt !== undefined ? { finishedAt } : {}),
  };
  return { ...file, clusters: { ...file.clusters, [cluster]: { lessons } } };
}

/** Removes one lesson's progress (on every cluster), or everything when `lesson` is undefined. */
export function withoutLesson(file: ProgressFile, lesson?: string): ProgressFile {
  if (lesson === undefined) return emptyProgress();
  const clusters: ProgressFile['clusters'] = {};
  for (const [name, c] of Object.entries(file.clusters)) {
    const lessons = { ...c.lessons };
    delete lessons[lesson];
    if (Object.keys(lessons).length > 0) clusters[name] = { lessons };
  }
  return { ...file, clusters };
}
