/**
 * Which keys do something right now, derived from the engine's state. The input hook and the
 * footer both read this set, so a key is listed exactly when pressing it has an effect.
 */
import { offeredIntents } from '../engine/offered-intents.js';
import type { EngineState } from '../engine/index.js';
import type { Intent } from './keymap.js';

export interface ScreenFacts {
  /** An explainer exists for the current failure (`why?`). */
  canExplain: boolean;
  /** The step applies a manifest that can be shown. */
  hasManifest: boolean;
  /** The output pane holds more lines than it shows. */
  canScroll: boolean;
  /** The step names lesson values that hold tokens, and they can be decoded (`t`). Default false. */
  hasTokens?: boolean;
}

/** The intents enabled on the step screen. */
export function stepIntents(state: EngineState, facts: ScreenFacts): Set<Intent> {
  const on = new Set<Intent>(['help', 'quit', 'interrupt']);
  const step = state.steps[state.current];
  if (facts.canScroll) on.add('scrollUp').add('scrollDown');
  on.add('pageUp').add('pageDown');
  if (facts.hasManifest) on.add('manifest');
  // Looking inside a token only reads: at hand whatever the step is doing.
  if (facts.hasTokens) on.add('token');
  if (state.phase === 'finished') {
    // Once complete, the lesson's cleanup is on a key; it asks before it runs.
    if (state.outcome === 'passed' && (state.lesson.cleanup?.length ?? 0) > 0) on.add('cleanup');
    return on.add('lessons');
  }
  // The engine's intents (run, retry, skip, next, previous, hint, cancel, quit), as it offers them.
  for (const intent of offeredIntents(state)) on.add(intent);
  if (state.running) {
    // why? only reads, so it stays at hand while a "your turn" check waits (up to minutes).
    if (state.phase === 'steps' && step?.status === 'verifying' && facts.canExplain) on.add('why');
    return on;
  }
  if (state.phase !== 'steps' || !step) {
    // Setup failed (or has not started): the learner can only leave or try again.
    if (state.failure) on.add('retry');
    return on.add('lessons');
  }
  on.add('lessons');
  if (step.status === 'failed' && facts.canExplain) on.add('why');
  return on;
}

/** The intents enabled in the lesson list. */
export function pickerIntents(lessonCount: number): Set<Intent> {
  const on = new Set<Intent>(['help', 'quit', 'interrupt']);
  if (lessonCount > 0) on.add('open').add('pickUp').add('pickDown');
  return on;
}
