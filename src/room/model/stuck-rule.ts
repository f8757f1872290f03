import type { Progress } from './participant-progress.js';

/** When a participant counts as stuck: on one step for more than `minutes`, or `failures` failed attempts. */
export interface StuckRule {
  minutes: number;
  failures: number;
}

export const DEFAULT_STUCK_RULE: StuckRule = { minutes: 10, failures: 3 };

/** Stuck only on a step still in progress: a passed or skipped step, or a finished lesson, is not stuck. */
export function isStuck(p: Progress, rule: StuckRule, now: number): boolean {
  if (p.finished || p.lesson === undefined || p.step === undefined) return false;
  const status = p.cells[p.lesson]?.[p.step];
  if (status !== 'running' && status !== 'failed') return false;
  if (p.failures >= rule.failures) return true;
  return p.stepSince !== undefined && now - p.stepSince > rule.minutes * 60_000;
}
