/**
 * The lesson's flow: setup -> lesson vars -> steps -> cleanup -> finished, as a queue of tasks
 * run one at a time. `pump` starts queued work until something is in flight or the engine must
 * wait for the learner.
 */
import type { CommandResult } from '../cluster/port.js';
import { assertNever } from '../errors.js';
import { captureValues, previewValue, redactTokens } from './capture.js';
import {
  commandTimeout,
  guards,
  hasOwnAction,
  lessonActionTasks,
  ownActionSources,
  renderSource,
  showArgv,
  solveSources,
  varTasks,
} from './commands.js';
import { appendOutput, emit, findRecord, isAuto, saveProgress, stepAt, stepDef, type Ctx } from './context.js';
import { endLesson, fail, finish } from './ending.js';
import { matchExpectation } from './expectation.js';
import { commandAttempt, willRetry } from './command-retry.js';
import type { Purpose, Task } from './types.js';
import { startBefore, startVerify, verifyResult } from './verify.js';

/** Queues setup, lesson vars and the steps phase, then starts. */
export function startLesson(ctx: Ctx): void {
  const { lesson, options } = ctx.s;
  if (options.cleanupOnly) {
    const cleanup = lessonActionTasks(lesson, 'cleanup');
    if (cleanup.length === 0) return finish(ctx, 'passed');
    ctx.s.ending = { outcome: 'passed' };
    ctx.s.queue = [{ kind: 'phase', phase: 'cleanup' }, ...cleanup];
    pump(ctx);
    return;
  }
  emit(ctx, { type: 'LessonStarted', title: lesson.title, mode: ctx.s.mode, steps: lesson.steps.length, at: ctx.now });
  const queue: Task[] = [];
  if (options.setup !== false) {
    const setup = lessonActionTasks(lesson, 'setup');
    if (setup.length > 0) queue.push({ kind: 'phase', phase: 'setup' }, ...setup);
    const vars = varTasks(lesson).filter(
      (t) => t.kind !== 'exec' || t.source.kind !== 'var' || ctx.s.vars[t.source.name] === undefined,
    );
    if (vars.length > 0) queue.push({ kind: 'phase', phase: 'vars' }, ...vars);
  }
  queue.push({ kind: 'phase', phase: 'steps' });
  ctx.s.queue = queue;
  pump(ctx);
}

/**
 * Starts queued tasks until one is in flight, the queue is empty, or the lesson is over. Each
 * turn starts a task or a step, and a step queues a few tasks, so the loop ends by itself; the
 * bound only catches a bug, and then the lesson fails saying so instead of stopping silently.
 */
export function pump(ctx: Ctx): void {
  const limit = loopLimit(ctx.s.lesson);
  for (let turn = 0; turn < limit; turn++) {
    const s = ctx.s;
    if (s.running || s.phase === 'finished') return;
    const task = s.queue.shift();
    if (task) {
      startTask(ctx, task);
      continue;
    }
    if (!onQueueEmpty(ctx)) return;
  }
  const why = `meshwalk stopped after ${limit} tasks without settling; this is a bug in meshwalk, please report it`;
  finish(ctx, 'failed', why);
}

/** Far more turns than a lesson needs: a step takes about five (start, before, action, verify, done). */
function loopLimit(lesson: Ctx['s']['lesson']): number {
  const actions = (lesson.setup?.length ?? 0) + (lesson.cleanup?.length ?? 0) + Object.keys(lesson.vars ?? {}).length;
  return 100 * (lesson.steps.length + actions + 1);
}

/** Decides what follows an empty queue; returns true when it queued more work. */
function onQueueEmpty(ctx: Ctx): boolean {
  const s = ctx.s;
  if (s.phase === 'cleanup') {
    finish(ctx, s.ending?.outcome ?? 'passed', s.ending?.reason);
    return false;
  }
  if (s.phase !== 'steps' || !isAuto(ctx)) return false;
  const next = s.steps.findIndex((st, i) => i >= s.current && st.status !== 'passed' && st.status !== 'skipped');
  if (next === -1) {
    endLesson(ctx, 'passed');
    return true;
  }
  beginStep(ctx, next, 'auto');
  return true;
}

function startTask(ctx: Ctx, task: Task): void {
  switch (task.kind) {
    case 'phase':
      ctx.s.phase = task.phase;
      if (task.phase === 'setup' || task.phase === 'vars' || task.phase === 'cleanup')
        emit(ctx, { type: 'PhaseStarted', phase: task.phase, at: ctx.now });
      return;
    case 'exec':
      startExec(ctx, task);
      return;
    case 'before':
      startBefore(ctx, task);
      return;
    case 'verify':
      startVerify(ctx, task);
      return;
    case 'stepDone':
      stepDone(ctx, task.step, task.as);
      return;
    default:
      assertNever(task, 'task');
  }
}

/** Runs a command; `replaces`: the record of its previous attempt, which this one takes the place of. */
function startExec(ctx: Ctx, task: Task & { kind: 'exec' }, replaces?: number): void {
  const s = ctx.s;
  const timeoutMs = commandTimeout(s.options);
  const show = showArgv(s.options, timeoutMs);
  const r = renderSource(task.source, s.vars, show);
  if (!r.ok) {
    fail(ctx, task.purpose, task.step, r.message);
    return;
  }
  const id = s.nextId++;
  const rec = { id, purpose: task.purpose, display: r.spec.display, output: '' };
  const stepId = task.step !== undefined ? stepAt(ctx, task.step).id : undefined;
  if (task.step !== undefined) {
    const commands = stepAt(ctx, task.step).commands;
    const at = replaces === undefined ? -1 : commands.findIndex((c) => c.id === replaces);
    if (at === -1) commands.push(rec);
    else commands[at] = rec;
  } else s.lessonCommands.push(rec);
  emit(ctx, {
    type: 'CommandStarted',
    ...(stepId ? { step: stepId } : {}),
    id,
    purpose: task.purpose,
    command: r.spec.display,
    argv: (show?.(r.spec.argv) ?? r.spec.argv).map(redactTokens),
    ...(replaces !== undefined && task.step !== undefined
      ? { attempt: (stepAt(ctx, task.step).verification?.attempt ?? 0) + 1 }
      : {}),
    at: ctx.now,
  });
  const stdin = r.spec.stdin !== undefined ? { stdin: r.spec.stdin } : {};
  ctx.fx.push({ type: 'exec', id, argv: r.spec.argv, ...stdin, timeoutMs, ...guards(r.spec) });
  s.running = { kind: 'exec', id, task, spec: r.spec };
}

/** A finished command or probe: check it, capture, and go on. */
export function onResult(ctx: Ctx, result: CommandResult): void {
  const running = ctx.s.running;
  if (!running || running.kind !== 'exec') return;
  ctx.s.running = null;
  const { task, spec, id } = running;
  if (task.kind !== 'exec') {
    verifyResult(ctx, task, spec, result);
    pump(ctx);
    return;
  }
  const m = matchExpectation(spec.expect, result);
  const rec = findRecord(ctx, id);
  const stepId = task.step !== undefined ? stepAt(ctx, task.step).id : undefined;
  if (rec && task.purpose !== 'var') {
    // Streamed: what was held back (a possible token start) is shown now, redacted. An adapter
    // that does not stream: the output still belongs in the stream, once.
    const rest =
      rec.held ?? (rec.output === '' ? { stdout: result.stdout, stderr: result.stderr } : { stdout: '', stderr: '' });
    delete rec.held;
    for (const stream of ['stdout', 'stderr'] as const) {
      const chunk = redactTokens(rest[stream]);
      if (!chunk) continue;
      appendOutput(rec, chunk);
      emit(ctx, { type: 'CommandOutput', ...(stepId ? { step: stepId } : {}), id, stream, chunk });
    }
  }
  if (rec) {
    rec.exitCode = result.exitCode;
    rec.durationMs = result.durationMs;
    if (!m.ok) rec.mismatch = m.mismatch;
  }
  emit(ctx, {
    type: 'CommandFinished',
    ...(stepId ? { step: stepId } : {}),
    id,
    purpose: task.purpose,
    exitCode: result.exitCode,
    ok: m.ok,
    ...(m.ok ? {} : { mismatch: m.mismatch }),
    ...(willRetry(ctx, task, spec, result, m) ? { retrying: true } : {}),
    durationMs: result.durationMs,
    at: ctx.now,
  });
  // A command with an `expect` is tried again, like a verification, until it shows it.
  const judged = commandAttempt(ctx, task, spec, result, m, id);
  if (judged.verdict === 'retry') return;
  if (!m.ok) {
    fail(ctx, task.purpose, task.step, `\`${spec.display}\`: ${m.mismatch}${judged.reason ?? ''}`);
  } else if (spec.capture) {
    const c = captureValues(spec.capture, result, spec.display);
    if (!c.ok) fail(ctx, task.purpose, task.step, c.message);
    else
      for (const [name, value] of Object.entries(c.values)) {
        ctx.s.vars[name] = value;
        emit(ctx, { type: 'VarCaptured', name, preview: previewValue(value) });
      }
  }
  pump(ctx);
}

/** The wait before a command's next attempt is over: run it again, in its last attempt's place. */
export function retryCommand(ctx: Ctx): void {
  const running = ctx.s.running;
  if (!running || running.kind !== 'wait' || running.task.kind !== 'exec') return;
  ctx.s.running = null;
  startExec(ctx, running.task, running.replaces);
}

/** A command that could not run at all. */
export function onExecFailed(ctx: Ctx, message: string): void {
  const running = ctx.s.running;
  if (!running || running.kind !== 'exec') return;
  ctx.s.running = null;
  const { task } = running;
  const purpose: Purpose = task.kind === 'exec' ? task.purpose : task.kind;
  fail(ctx, purpose, task.step, message);
  pump(ctx);
}

/**
 * Something failed. In a step: the step fails (the rest of its work is dropped) and an automatic
 * run ends. In setup or vars: the lesson cannot go on. In cleanup: noted, cleanup continues.
 */
/** Starts a step: `run` (the learner's), `skip` (solve), `auto` (demo/check). */
export function beginStep(ctx: Ctx, i: number, via: 'run' | 'skip' | 'auto'): void {
  const s = ctx.s;
  const def = stepDef(ctx, i);
  const st = stepAt(ctx, i);
  s.current = i;
  st.status = 'running';
  st.via = via;
  st.startedAt = ctx.now;
  st.commands = [];
  delete st.failure;
  delete st.failedAt;
  delete st.verification;
  delete st.finishedAt;
  emit(ctx, { type: 'StepStarted', step: st.id, index: i, title: def.title, at: ctx.now });
  const tasks: Task[] = [];
  if (s.mode === 'check' && def.verify?.before !== undefined) tasks.push({ kind: 'before', step: i });
  const own = via === 'skip' ? false : hasOwnAction(def);
  const sources = via === 'run' ? ownActionSources(def) : own ? ownActionSources(def) : solveSources(def);
  const purpose: Purpose = own ? 'action' : 'solve';
  for (const source of sources) tasks.push({ kind: 'exec', purpose, step: i, source });
  if (def.verify) tasks.push({ kind: 'verify', step: i });
  tasks.push({ kind: 'stepDone', step: i, as: via === 'skip' ? 'skipped' : 'passed' });
  s.queue.push(...tasks);
  saveProgress(ctx);
}

/** A step to read only, read: passed at once (StepStarted, StepPassed), nothing run. */
export function markRead(ctx: Ctx, i: number): void {
  const st = stepAt(ctx, i);
  emit(ctx, { type: 'StepStarted', step: st.id, index: i, title: stepDef(ctx, i).title, at: ctx.now });
  st.via = 'run';
  st.startedAt = ctx.now;
  stepDone(ctx, i, 'passed');
}

/** Re-runs only the verification of a step whose commands succeeded. */
export function retryVerification(ctx: Ctx, i: number): void {
  const st = stepAt(ctx, i);
  st.status = 'verifying';
  delete st.failure;
  delete st.failedAt;
  ctx.s.queue.push(
    { kind: 'verify', step: i },
    { kind: 'stepDone', step: i, as: st.via === 'skip' ? 'skipped' : 'passed' },
  );
}

function stepDone(ctx: Ctx, i: number, as: 'passed' | 'skipped'): void {
  const st = stepAt(ctx, i);
  st.status = as;
  st.finishedAt = ctx.now;
  if (as === 'passed') {
    const v = st.verification;
    emit(ctx, { type: 'StepPassed', step: st.id, attempts: v?.attempt ?? 0, elapsedMs: v?.elapsedMs ?? 0 });
  } else emit(ctx, { type: 'StepSkipped', step: st.id });
  if (isAuto(ctx) && i + 1 < ctx.s.steps.length) ctx.s.current = i + 1;
  saveProgress(ctx);
}
