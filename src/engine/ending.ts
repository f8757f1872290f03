/**
 * How a step or the lesson ends: a failure (of a step, of setup or vars, of cleanup), then
 * cleanup when asked, then the finish. Shared by the flow, the verifier and the intents.
 */
import { lessonActionTasks } from './commands.js';
import { emit, isAuto, saveProgress, stepAt, type Ctx } from './context.js';
import type { LessonOutcome, Purpose } from './types.js';

const STEP_PURPOSES: readonly Purpose[] = ['action', 'solve', 'before', 'verify'];

export function fail(ctx: Ctx, purpose: Purpose, step: number | undefined, reason: string): void {
  const s = ctx.s;
  if (STEP_PURPOSES.includes(purpose) && step !== undefined) {
    const st = stepAt(ctx, step);
    st.status = 'failed';
    // Otherwise a skip that cannot complete the step leaves the screen as it was.
    st.failure = st.via === 'skip' && s.mode === 'learn' ? `skip could not complete the step: ${reason}` : reason;
    reason = st.failure;
    st.failedAt = purpose === 'before' ? 'before' : purpose === 'verify' ? 'verify' : 'action';
    st.finishedAt = ctx.now;
    s.queue = s.queue.filter((t) => !('step' in t) || t.step !== step);
    emit(ctx, { type: 'StepFailed', step: st.id, reason, at: st.failedAt });
    saveProgress(ctx);
    if (isAuto(ctx)) endLesson(ctx, 'failed', `step ${st.id} failed: ${reason}`);
    return;
  }
  if (purpose === 'cleanup') {
    s.ending = { outcome: 'failed', reason: `cleanup failed: ${reason}` };
    return;
  }
  s.failure = reason;
  s.queue = [];
  endLesson(ctx, 'failed', reason);
}

/** The steps are over: run cleanup when asked, then finish. */
export function endLesson(ctx: Ctx, outcome: LessonOutcome, reason?: string): void {
  const s = ctx.s;
  s.queue = [];
  const cleanup = lessonActionTasks(s.lesson, 'cleanup');
  if (s.options.cleanup && outcome !== 'quit' && s.phase !== 'cleanup' && cleanup.length > 0) {
    s.ending = { outcome, ...(reason !== undefined ? { reason } : {}) };
    s.queue = [{ kind: 'phase', phase: 'cleanup' }, ...cleanup];
    return;
  }
  finish(ctx, outcome, reason);
}

export function finish(ctx: Ctx, outcome: LessonOutcome, reason?: string): void {
  const s = ctx.s;
  s.phase = 'finished';
  s.outcome = outcome;
  s.queue = [];
  if (s.options.cleanupOnly) {
    emit(ctx, {
      type: 'CleanupFinished',
      ok: outcome === 'passed',
      ...(reason !== undefined ? { reason } : {}),
      at: ctx.now,
    });
    return;
  }
  const count = (status: string) => s.steps.filter((st) => st.status === status).length;
  emit(ctx, {
    type: 'LessonFinished',
    outcome,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    total: s.steps.length,
    ...(reason !== undefined ? { reason } : {}),
  });
  saveProgress(ctx);
}
