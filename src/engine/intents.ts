/**
 * What the learner asks for. In `demo` and `check` only `cancel` and `quit` mean anything; the
 * others are for `learn`. Refusals are a one-line `notice`, never an exception.
 */
import { assertNever } from '../errors.js';
import { shownText } from './capture.js';
import { emit, isAuto, saveProgress, stepAt, stepDef, type Ctx } from './context.js';
import { endLesson, fail, finish } from './ending.js';
import { isReadingStep } from './step-kind.js';
import { beginStep, markRead, retryVerification } from './flow.js';
import type { Intent } from './types.js';

export function onIntent(ctx: Ctx, intent: Intent): void {
  const s = ctx.s;
  delete s.notice;
  if (s.phase === 'finished') return;
  if (intent === 'quit') {
    cancelRunning(ctx);
    finish(ctx, 'quit');
    return;
  }
  if (intent === 'cancel') {
    if (!cancelRunning(ctx)) s.notice = 'nothing is running';
    return;
  }
  if (isAuto(ctx)) return;
  if (intent === 'hint') {
    hint(ctx);
    return;
  }
  if (s.running || s.queue.length > 0 || s.phase !== 'steps') {
    s.notice =
      s.phase === 'steps' ? 'a command is still running (cancel it first)' : 'the lesson is still being set up';
    return;
  }
  const st = stepAt(ctx, s.current);
  switch (intent) {
    case 'run':
      beginStep(ctx, s.current, 'run');
      return;
    case 'retry':
      if (st.status === 'failed' && st.failedAt === 'verify') {
        // meshwalk's solution ran and the check still failed: what makes it pass now is the
        // learner's own fix, so the step counts as done by them, not skipped.
        st.via = 'run';
        retryVerification(ctx, s.current);
      } else beginStep(ctx, s.current, st.via === 'skip' ? 'skip' : 'run');
      return;
    case 'rerun':
      // After the cluster lost what the step made (a deleted secret): the step again, not retyped.
      if ((st.status === 'passed' || st.status === 'skipped') && !isReadingStep(stepDef(ctx, s.current)))
        beginStep(ctx, s.current, st.status === 'skipped' ? 'skip' : 'run');
      else s.notice = 'only a step that is done can be run again';
      return;
    case 'skip':
      if (st.status === 'passed' || st.status === 'skipped') move(ctx, +1);
      else beginStep(ctx, s.current, 'skip');
      return;
    case 'next':
      // A step to read only is done once read: there is nothing to run or check.
      if (st.status !== 'passed' && st.status !== 'skipped' && isReadingStep(stepDef(ctx, s.current)))
        markRead(ctx, s.current);
      if (st.status !== 'passed' && st.status !== 'skipped')
        s.notice = 'this step is not done yet: run it or skip it first';
      else move(ctx, +1);
      return;
    case 'previous':
      if (s.current === 0) s.notice = 'this is the first step';
      else move(ctx, -1);
      return;
    default:
      assertNever(intent, 'intent');
  }
}

/** Moves the step on screen; past the last step the lesson is finished when every step is done. */
function move(ctx: Ctx, by: 1 | -1): void {
  const s = ctx.s;
  const to = s.current + by;
  if (to < s.steps.length) {
    s.current = to;
    saveProgress(ctx);
    return;
  }
  const open = s.steps.filter((st) => st.status !== 'passed' && st.status !== 'skipped');
  if (open.length > 0) {
    s.notice = `not finished yet: ${open.map((st) => st.id).join(', ')} ${open.length === 1 ? 'is' : 'are'} still to do`;
    return;
  }
  endLesson(ctx, 'passed');
}

function hint(ctx: Ctx): void {
  const s = ctx.s;
  const st = stepAt(ctx, s.current);
  const hints = stepDef(ctx, s.current).hints ?? [];
  if (hints.length === 0) {
    s.notice = 'this step has no hints';
    return;
  }
  if (st.hintsShown >= hints.length) {
    s.notice = 'that was the last hint';
    return;
  }
  st.hintsShown += 1;
  emit(ctx, {
    type: 'HintShown',
    step: st.id,
    index: st.hintsShown,
    total: hints.length,
    text: shownText(hints[st.hintsShown - 1] ?? '', s.vars),
  });
}

/** Aborts the command or wait in flight; returns false when nothing was. */
function cancelRunning(ctx: Ctx): boolean {
  const s = ctx.s;
  const running = s.running;
  if (!running) return false;
  ctx.fx.push({ type: 'cancel', id: running.id });
  s.running = null;
  const task = running.task;
  if (task.kind === 'exec' && task.step === undefined) {
    s.queue = [];
    if (s.phase === 'cleanup') finish(ctx, 'quit', 'cancelled during cleanup');
    else fail(ctx, task.purpose, undefined, 'cancelled');
    return true;
  }
  const purpose = task.kind === 'exec' ? task.purpose : task.kind;
  fail(ctx, purpose, task.step, 'cancelled');
  return true;
}
