/**
 * What kind of step a step is, from its fields alone. A module of its own (type imports only) so
 * the TUI's key table can ask before the engine is loaded.
 */
import type { Step } from '../lesson/schema.js';

/** True when the step has its own command (`run` or `apply`) for meshwalk to run. */
export function hasOwnAction(step: Step): boolean {
  return step.run !== undefined || step.apply !== undefined;
}

/** A step with nothing to run, apply, solve or verify: the learner reads it and goes on with `next`. */
export function isReadingStep(step: Step): boolean {
  return !hasOwnAction(step) && step.verify === undefined && (step.solve?.length ?? 0) === 0;
}
