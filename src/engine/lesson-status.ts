/**
 * A lesson's status from its saved progress, for the lesson list: how far it got, whether it is
 * finished (by the same rule as the snapshot the engine saves, context.ts), where it resumes and
 * which prerequisites are not finished. The TUI renders this; it derives nothing itself.
 */
import type { Lesson } from '../lesson/schema.js';
import type { EngineOptions, ProgressSnapshot } from './types.js';

export interface LessonStatus {
  /** Steps done or skipped. */
  done: number;
  finished: boolean;
  /** 1-based step the lesson resumes at; absent when finished or not started. */
  resumeStep?: number;
  /** Lessons it requires that are not finished yet. */
  missing: string[];
}

export function lessonStatus(
  l: Lesson,
  saved: Readonly<Record<string, ProgressSnapshot>>,
  all: readonly Lesson[],
): LessonStatus {
  const p = saved[l.id];
  const current = p?.current ? l.steps.findIndex((s) => s.id === p.current) : -1;
  const finished = isFinished(l, p);
  return {
    done: p ? new Set([...p.done, ...p.skipped]).size : 0,
    finished,
    ...(current >= 0 && !finished ? { resumeStep: current + 1 } : {}),
    missing: (l.requires ?? []).filter((r) => {
      const req = all.find((x) => x.id === r);
      return req ? !isFinished(req, saved[r]) : !saved[r]?.finished;
    }),
  };
}

/** Finished, or every step done or skipped (progress saved before the last `n`). */
function isFinished(l: Lesson, p: ProgressSnapshot | undefined): boolean {
  if (!p) return false;
  if (p.finished) return true;
  const done = new Set([...p.done, ...p.skipped]);
  return l.steps.every((s) => done.has(s.id));
}

/** Resume where the learner left; a finished lesson reopens at its first step with its marks kept. */
export function resumeFrom(lesson: Lesson, p: ProgressSnapshot | undefined): Pick<EngineOptions, 'resume'> {
  if (!p) return {};
  const current = p.finished ? lesson.steps[0]?.id : p.current;
  return { resume: { done: p.done, skipped: p.skipped, ...(current ? { current } : {}) } };
}

/** What the list cursor needs to know of a lesson (its status, by id). */
export type CursorEntry = { id: string; missing: readonly string[] } & Pick<LessonStatus, 'done' | 'finished'>;

/**
 * Where the lesson list's cursor rests until the learner moves it: on the lesson worked on last
 * (`last`, from saved progress, so also after a restart), or on the one after it once it is
 * finished; without one, the first lesson in progress, else the first not done and not locked,
 * else the first.
 */
export function listCursor(entries: readonly CursorEntry[], last?: string): number {
  const left = last === undefined ? -1 : entries.findIndex((e) => e.id === last);
  if (left !== -1) return entries[left]?.finished ? Math.min(left + 1, entries.length - 1) : left;
  const started = entries.findIndex((e) => !e.finished && e.done > 0);
  if (started !== -1) return started;
  const next = entries.findIndex((e) => !e.finished && e.missing.length === 0);
  return next === -1 ? 0 : next;
}
