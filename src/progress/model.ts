/**
 * The progress file's shape: per cluster (`sim`, or a kube context) and lesson, the ids of done
 * and skipped steps and the step on screen: names, never indexes, so editing a lesson does not
 * shift anyone's progress. `version` lets a newer meshwalk refuse to misread an older file.
 */
import { z } from 'zod';

export const PROGRESS_VERSION = 1;

export const LessonProgress = z.object({
  done: z.array(z.string()),
  skipped: z.array(z.string()),
  current: z.string().optional(),
  /** ISO timestamps. */
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
});

export const ProgressFile = z.object({
  version: z.literal(PROGRESS_VERSION),
  clusters: z.record(z.string(), z.object({ lessons: z.record(z.string(), LessonProgress) })),
});

export type LessonProgress = z.infer<typeof LessonProgress>;
export type ProgressFile = z.infer<typeof ProgressFile>;

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
