/**
 * The tokens a step works with: the lesson values holding a whole JSON Web Token that the step
 * names as `{{NAME}}` (in its commands, check, solution, text or hints), in the order it names
 * them. The TUI offers `t` to look inside them. Pure.
 */
import type { Action, Step } from '../lesson/schema.js';
import { WHOLE_JWT } from './commands.js';
import type { EngineState } from './types.js';

export interface StepToken {
  /** The value's name, e.g. `ADMIN_TOKEN`. */
  name: string;
  /** The whole token: for decoding, never for the screen. */
  value: string;
}

export function stepTokens(state: EngineState, index = state.current): StepToken[] {
  const step = state.lesson.steps[index];
  if (!step) return [];
  const names = [
    ...wordsOf(step)
      .join('\n')
      .matchAll(/\{\{([A-Z][A-Z0-9_]*)\}\}/g),
  ].map((m) => m[1] ?? '');
  return [...new Set(names)].flatMap((name) => {
    const value = state.vars[name];
    return value !== undefined && WHOLE_JWT.test(value) ? [{ name, value }] : [];
  });
}

function wordsOf(step: Step): string[] {
  const run = step.run === undefined ? [] : typeof step.run === 'string' ? [step.run] : step.run;
  const action = (a: Action) => ('run' in a ? [a.run, a.stdin ?? ''] : []);
  return [
    ...run,
    step.stdin ?? '',
    step.verify?.run ?? '',
    step.verify?.stdin ?? '',
    ...(step.solve ?? []).flatMap(action),
    step.title,
    step.text ?? '',
    ...(step.hints ?? []),
  ];
}
