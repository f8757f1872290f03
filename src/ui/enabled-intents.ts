/**
 * Which keys do something right now, derived from the engine's state. The input hook and the
 * footer both read this set, so a key is listed exactly when pressing it has an effect.
 */
import { isReadingStep } from '../engine/step-kind.js';
import type { EngineState } from '../engine/index.js';
import type { Intent } from './keymap.js';
import { assertNever } from '../errors.js';

export interface ScreenFacts {
  /** An explainer exists for the current failure (`why?`). */
  canExplain: boolean;
  /** The step applies a manifest that can be shown. */
  hasManifest: boolean;
  /** The output pane holds more lines than it shows. */
  canScroll: boolean;
}

/** The intents enabled on the step screen. */
export function stepIntents(state: EngineState, facts: ScreenFacts): Set<Intent> {
  const on = new Set<Intent>(['help', 'quit', 'interrupt']);
  const step = state.steps[state.current];
  const def = state.lesson.steps[state.current];
  if (facts.canScroll) on.add('scrollUp').add('scrollDown');
  on.add('pageUp').add('pageDown');
  if (facts.hasManifest) on.add('manifest');
  if (state.phase === 'finished') {
    // Once complete, the lesson's cleanup is on a key; it asks before it runs.
    if (state.outcome === 'passed' && (state.lesson.cleanup?.length ?? 0) > 0) on.add('cleanup');
    return on.add('lessons');
  }
  if (state.running) {
    on.add('cancel');
    // A "your turn" check can wait minutes for the learner: hints and why? stay at hand, and
    // neither stops it (the engine takes a hint while a check runs; why? only reads).
    const waiting = step?.status === 'verifying' && def !== undefined && state.phase === 'steps';
    if (waiting && (def.hints?.length ?? 0) > step.hintsShown) on.add('hint');
    if (waiting && facts.canExplain) on.add('why');
    return on;
  }
  if (state.phase !== 'steps' || !step || !def) {
    // Setup failed (or has not started): the learner can only leave or try again.
    if (state.failure) on.add('retry');
    return on.add('lessons');
  }
  on.add('lessons');
  if (state.current > 0) on.add('previous');
  if ((def.hints?.length ?? 0) > step.hintsShown) on.add('hint');
  switch (step.status) {
    case 'pending':
      // A step to read only: nothing to run, check or skip; next marks it read.
      if (isReadingStep(def)) on.add('next');
      else on.add('run').add('skip');
      break;
    case 'failed':
      on.add('retry').add('skip');
      if (facts.canExplain) on.add('why');
      break;
    case 'passed':
    case 'skipped':
      on.add('next');
      break;
    case 'running':
    case 'verifying':
      // Between attempts nothing is in flight only for an instant; cancel stays available.
      on.add('cancel');
      break;
    default:
      assertNever(step.status, 'step status');
  }
  return on;
}

/** The intents enabled in the lesson list. */
export function pickerIntents(lessonCount: number): Set<Intent> {
  const on = new Set<Intent>(['help', 'quit', 'interrupt']);
  if (lessonCount > 0) on.add('open').add('pickUp').add('pickDown');
  return on;
}
