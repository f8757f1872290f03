/**
 * The intents a front end offers now, derived from the state by the rules `onIntent` acts on
 * (intents.ts): each one offered is acted on, never refused with a notice. The TUI's keys and
 * footer read this set, so no front end repeats the engine's rules.
 */
import { assertNever } from '../errors.js';
import { isReadingStep } from './step-kind.js';
import type { EngineState, Intent } from './types.js';

export function offeredIntents(state: EngineState): Set<Intent> {
  const on = new Set<Intent>();
  if (state.phase === 'finished') return on;
  on.add('quit');
  const step = state.steps[state.current];
  const def = state.lesson.steps[state.current];
  const hintsLeft = (def?.hints?.length ?? 0) > (step?.hintsShown ?? 0);
  if (state.running) {
    // A "your turn" check can wait minutes for the learner: the hints stay at hand, and taking
    // one does not stop the check (onIntent shows a hint while a command runs).
    if (state.phase === 'steps' && step?.status === 'verifying' && hintsLeft) on.add('hint');
    return on.add('cancel');
  }
  // demo and check walk by themselves; setup, vars and queued work leave nothing to ask for.
  if (state.mode !== 'learn' || state.queue.length > 0 || state.phase !== 'steps' || !step || !def) return on;
  if (state.current > 0) on.add('previous');
  if (hintsLeft) on.add('hint');
  switch (step.status) {
    case 'pending':
      // A step to read only: nothing to run, check or skip; next marks it read.
      if (isReadingStep(def)) on.add('next');
      else on.add('run').add('skip');
      break;
    case 'failed':
      on.add('retry').add('skip');
      break;
    case 'passed':
    case 'skipped':
      on.add('next');
      // A done step can be run again (the cluster may have lost what it made); read ones have nothing to run.
      if (!isReadingStep(def)) on.add('rerun');
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
