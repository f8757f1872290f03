/**
 * Which lesson and step `meshwalk shell` opens on: the ones named, else where the learner's
 * saved progress on this cluster is (the lesson worked on last, unfinished first), else the first
 * lesson. The step: `--step`, else the saved current step, else the first one not done.
 */
import { ExitCode, UserFacingError } from '../errors.js';
import type { LoadedLesson } from '../files/lesson-files.js';
import { lessonOrder } from '../engine/lesson-order.js';
import { didYouMean } from '../lesson/did-you-mean.js';
import type { Step } from '../lesson/schema.js';
import type { LessonProgress } from '../progress/model.js';
import { findLesson, type LessonSet } from './run-support.js';

export interface ShellTarget {
  lesson: LoadedLesson;
  step: Step;
  /** Why this lesson, when it was not named: one line for the banner. */
  why?: string;
}

export function shellTarget(
  set: LessonSet,
  named: { lesson?: string; step?: string },
  progress: Record<string, LessonProgress>,
): ShellTarget {
  let lesson: LoadedLesson;
  let why: string | undefined;
  if (named.lesson !== undefined) lesson = findLesson('shell', set, named.lesson);
  else {
    const saved = lastWorkedOn(set, progress);
    const first = lessonOrder(set.own, []);
    const fallback = first.ok ? first.order[0] : set.own[0];
    const found = saved ?? fallback;
    if (!found)
      throw new UserFacingError('meshwalk shell: there are no lessons to open (see meshwalk list)', ExitCode.usage);
    lesson = found;
    why = saved ? 'where your saved progress is' : 'no saved progress on this cluster yet: the first lesson';
  }
  const steps = lesson.lesson.steps;
  if (named.step !== undefined) {
    const step = steps.find((s) => s.id === named.step);
    if (step) return { lesson, step, ...(why ? { why } : {}) };
    const ids = steps.map((s) => s.id);
    const guess = didYouMean(named.step, ids);
    throw new UserFacingError(
      `meshwalk shell: lesson ${lesson.lesson.id} has no step "${named.step}"${guess ? `; did you mean "${guess}"?` : ''} (steps: ${ids.join(', ')})`,
      ExitCode.usage,
    );
  }
  const p = progress[lesson.lesson.id];
  const finished = new Set([...(p?.done ?? []), ...(p?.skipped ?? [])]);
  const step = steps.find((s) => s.id === p?.current) ?? steps.find((s) => !finished.has(s.id)) ?? (steps[0] as Step);
  return { lesson, step, ...(why ? { why } : {}) };
}

/** The lesson with the latest saved change, preferring those not finished. */
function lastWorkedOn(set: LessonSet, progress: Record<string, LessonProgress>): LoadedLesson | undefined {
  const known = Object.entries(progress)
    .map(([id, p]) => ({ l: set.lessons.find((x) => x.lesson.id === id), p }))
    .filter((x): x is { l: LoadedLesson; p: LessonProgress } => x.l !== undefined)
    .sort(
      (a, b) =>
        Number(a.p.finishedAt !== undefined) - Number(b.p.finishedAt !== undefined) ||
        b.p.updatedAt.localeCompare(a.p.updatedAt),
    );
  return known[0]?.l;
}
