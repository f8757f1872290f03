/**
 * The whole engine: `advance(state, event) -> [state, effects]`. Pure: time arrives on events,
 * and everything the outside world must do comes back as effects (see run-effects.ts).
 */
import { assertNever } from '../errors.js';
import type { Lesson } from '../lesson/schema.js';
import { splitForRedaction } from './capture.js';
import { fixedVars } from './commands.js';
import { appendOutput, copyState, emit, findRecord, type Ctx } from './context.js';
import { onExecFailed, onResult, pump, retryCommand, startLesson } from './flow.js';
import { onIntent } from './intents.js';
import type { Effect, EngineEvent, EngineOptions, EngineState, StepState } from './types.js';
import { onTimer } from './verify.js';

/** The state before `start`: steps pending (or as resumed from progress), fixed vars set. */
export function initialState(lesson: Lesson, options: EngineOptions): EngineState {
  const done = new Set(options.resume?.done ?? []);
  const skipped = new Set(options.resume?.skipped ?? []);
  const steps: StepState[] = lesson.steps.map((step) => ({
    id: step.id,
    status: done.has(step.id) ? 'passed' : skipped.has(step.id) ? 'skipped' : 'pending',
    commands: [],
    hintsShown: 0,
  }));
  const wanted =
    options.resume?.current !== undefined ? steps.findIndex((st) => st.id === options.resume?.current) : -1;
  const firstOpen = steps.findIndex((st) => st.status === 'pending');
  const current = wanted !== -1 ? wanted : firstOpen !== -1 ? firstOpen : Math.max(0, steps.length - 1);
  return {
    lesson,
    mode: options.mode,
    phase: 'idle',
    vars: fixedVars(lesson, options.vars ?? {}),
    current,
    steps,
    queue: [],
    running: null,
    nextId: 1,
    lessonCommands: [],
    options,
  };
}

export function advance(state: EngineState, event: EngineEvent): [EngineState, Effect[]] {
  const ctx: Ctx = { s: copyState(state), fx: [], now: event.now };
  switch (event.type) {
    case 'start':
      if (ctx.s.phase === 'idle') startLesson(ctx);
      break;
    case 'intent':
      onIntent(ctx, event.intent);
      pump(ctx);
      break;
    case 'execOutput': {
      if (ctx.s.running?.id !== event.id) break;
      const rec = findRecord(ctx, event.id);
      // Probe output is judged when the probe ends; a captured value is shown only as a preview.
      if (!rec || rec.purpose === 'var') break;
      // A token may be split across chunks: its start waits for the rest (splitForRedaction).
      const held = rec.held ?? { stdout: '', stderr: '' };
      const { show, hold } = splitForRedaction(held[event.stream] + event.chunk);
      rec.held = { ...held, [event.stream]: hold };
      if (show === '') break;
      appendOutput(rec, show);
      const step = ctx.s.steps.find((st) => st.commands.includes(rec));
      emit(ctx, {
        type: 'CommandOutput',
        ...(step ? { step: step.id } : {}),
        id: event.id,
        stream: event.stream,
        chunk: show,
      });
      break;
    }
    case 'execDone':
      if (ctx.s.running?.id === event.id) onResult(ctx, event.result);
      break;
    case 'execFailed':
      if (ctx.s.running?.id === event.id) onExecFailed(ctx, event.message);
      break;
    case 'timerFired':
      if (ctx.s.running?.id === event.id) {
        if (ctx.s.running.kind === 'wait' && ctx.s.running.task.kind === 'exec') retryCommand(ctx);
        else onTimer(ctx);
        pump(ctx);
      }
      break;
    default:
      assertNever(event, 'event');
  }
  return [ctx.s, ctx.fx];
}
