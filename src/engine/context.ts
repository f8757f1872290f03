/**
 * The working copy one `advance` call edits: a fresh copy of the state, the effects collected so
 * far and the event's time. Helpers here are small and shared by the flow, verifier and intents.
 */
import type { CommandRecord, Effect, EngineState, ProgressSnapshot, ResultEvent, StepState } from './types.js';

export interface Ctx {
  s: EngineState;
  fx: Effect[];
  now: number;
}

/** Copies everything `advance` may change; the lesson and options are never changed. */
export function copyState(state: EngineState): EngineState {
  return {
    ...state,
    vars: { ...state.vars },
    steps: state.steps.map((st) => ({
      ...st,
      commands: st.commands.map((c) => ({ ...c })),
      ...(st.verification ? { verification: { ...st.verification } } : {}),
    })),
    queue: [...state.queue],
    lessonCommands: state.lessonCommands.map((c) => ({ ...c })),
  };
}

// Distributes over the union so each event keeps its own fields.
type WithoutLesson<T> = T extends unknown ? Omit<T, 'lesson'> : never;

export function emit(ctx: Ctx, event: WithoutLesson<ResultEvent>): void {
  ctx.fx.push({ type: 'emit', event: { ...event, lesson: ctx.s.lesson.id } as ResultEvent });
}

/** `demo` and `check` walk the lesson by themselves; `learn` waits for the learner. */
export function isAuto(ctx: Ctx): boolean {
  return ctx.s.mode !== 'learn';
}

export function stepAt(ctx: Ctx, i: number): StepState {
  const st = ctx.s.steps[i];
  if (!st) throw new RangeError(`no step ${i}`);
  return st;
}

export function stepDef(ctx: Ctx, i: number) {
  const def = ctx.s.lesson.steps[i];
  if (!def) throw new RangeError(`no step ${i}`);
  return def;
}

export function snapshot(s: EngineState): ProgressSnapshot {
  const cur = s.steps[s.current];
  return {
    lesson: s.lesson.id,
    done: s.steps.filter((st) => st.status === 'passed').map((st) => st.id),
    skipped: s.steps.filter((st) => st.status === 'skipped').map((st) => st.id),
    ...(cur ? { current: cur.id } : {}),
    // Done when every step is, whether or not the learner pressed `n` on the last one.
    finished: s.outcome === 'passed' || s.steps.every((st) => st.status === 'passed' || st.status === 'skipped'),
  };
}

export function saveProgress(ctx: Ctx): void {
  if (ctx.s.options.saveProgress === false) return;
  ctx.fx.push({ type: 'saveProgress', progress: snapshot(ctx.s) });
}

const OUTPUT_LIMIT = 64 * 1024;

/** Appends streamed output, keeping only the end of very long output. */
export function appendOutput(rec: CommandRecord, chunk: string): void {
  const out = rec.output + chunk;
  rec.output = out.length <= OUTPUT_LIMIT ? out : out.slice(out.length - OUTPUT_LIMIT);
}

/** The record for a command id, in the step's list or the lesson's. */
export function findRecord(ctx: Ctx, id: number): CommandRecord | undefined {
  for (const st of ctx.s.steps) {
    const r = st.commands.find((c) => c.id === id);
    if (r) return r;
  }
  return ctx.s.lessonCommands.find((c) => c.id === id);
}

export function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${Math.round(s * 10) / 10} s` : `${Math.round(s)} s`;
}
