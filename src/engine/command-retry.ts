/**
 * A step's own command with an `expect` (a curl that must see 200) is tried again, the way a
 * verification is, when it does not show it yet: its answer may depend on a policy the step (or
 * the learner) just applied, which takes a moment to reach the sidecars. Same attempt counter,
 * interval and display; bounded by the step's verification `timeout`, else
 * `COMMAND_EXPECT_DEFAULTS` (10 s). A command without `expect` (exit code 0) fails at once.
 */
import type { CommandResult } from '../cluster/port.js';
import { COMMAND_EXPECT_DEFAULTS, VERIFY_DEFAULTS } from '../lesson/defaults.js';
import { parseDuration } from '../lesson/duration.js';
import { emit, seconds, stepAt, stepDef, type Ctx } from './context.js';
import { describeExpectation, observe, type Match } from './expectation.js';
import type { CommandSpec, Task, VerificationState } from './types.js';

type ExecTask = Task & { kind: 'exec' };

/** True when this result is judged as one attempt: a step's command with an `expect`. */
export function judgedAsAttempt(task: ExecTask, spec: CommandSpec, result: CommandResult): boolean {
  return (
    task.step !== undefined &&
    (task.purpose === 'action' || task.purpose === 'solve') &&
    spec.expect !== undefined &&
    !result.cancelled
  );
}

/** Whether a mismatch now leads to another attempt (time is left). */
export function willRetry(ctx: Ctx, task: ExecTask, spec: CommandSpec, result: CommandResult, m: Match): boolean {
  if (m.ok || !judgedAsAttempt(task, spec, result) || task.step === undefined) return false;
  const v = current(ctx, task.step, spec);
  const startedAt = v?.startedAt ?? ctx.now - result.durationMs;
  return ctx.now - startedAt < (v?.timeoutMs ?? bounds(ctx, task.step).timeoutMs);
}

/**
 * Records the attempt (a first mismatch starts the count) and, on `retry`, schedules the next
 * one; the caller then stops. On `pass` and `fail` the caller goes on as for any command; a
 * failure's reason gets `reason` appended (`gave up after 5 attempts in 10 s`).
 */
export function commandAttempt(
  ctx: Ctx,
  task: ExecTask,
  spec: CommandSpec,
  result: CommandResult,
  m: Match,
  recordId: number,
): { verdict: 'pass' | 'retry' | 'fail'; reason?: string } {
  const step = task.step;
  if (step === undefined || !judgedAsAttempt(task, spec, result)) return { verdict: m.ok ? 'pass' : 'fail' };
  const st = stepAt(ctx, step);
  let v = current(ctx, step, spec);
  // Right the first time: nothing to count or show.
  if (!v && m.ok) return { verdict: 'pass' };
  const retry = willRetry(ctx, task, spec, result, m);
  if (!v) {
    v = { ...bounds(ctx, step), ...start(ctx, spec, result) };
    emit(ctx, {
      type: 'VerificationStarted',
      step: st.id,
      phase: 'command',
      command: v.display,
      expected: v.expected,
      timeoutMs: v.timeoutMs,
      intervalMs: v.intervalMs,
      settle: 1,
    });
  }
  st.verification = v;
  v.attempt += 1;
  v.elapsedMs = ctx.now - v.startedAt;
  v.consecutive = m.ok ? 1 : 0;
  const observation = observe(result);
  v.last = { observation, matched: m.ok, ...(m.ok ? {} : { mismatch: m.mismatch }) };
  const verdict = m.ok ? 'pass' : retry ? 'retry' : 'fail';
  const wait = Math.max(0, Math.min(v.intervalMs, v.timeoutMs - v.elapsedMs));
  emit(ctx, {
    type: 'AttemptObserved',
    step: st.id,
    phase: 'command',
    attempt: v.attempt,
    elapsedMs: v.elapsedMs,
    expected: v.expected,
    observed: observation,
    matched: m.ok,
    ...(m.ok ? {} : { mismatch: m.mismatch }),
    consecutive: v.consecutive,
    settle: 1,
    verdict,
    ...(verdict === 'retry' ? { retryInMs: wait } : {}),
    at: ctx.now,
  });
  if (verdict === 'pass') {
    st.status = 'running';
    return { verdict };
  }
  if (verdict === 'fail') {
    const tries = v.attempt === 1 ? '1 attempt' : `${v.attempt} attempts`;
    return { verdict, reason: ` (gave up after ${tries} in ${seconds(v.elapsedMs)})` };
  }
  st.status = 'verifying';
  const id = ctx.s.nextId++;
  v.nextAttemptAt = ctx.now + wait;
  ctx.fx.push({ type: 'wait', id, ms: wait });
  ctx.s.running = { kind: 'wait', id, task, replaces: recordId };
  return { verdict };
}

/** The count already running for this command, if any (a later command of the step starts anew). */
function current(ctx: Ctx, step: number, spec: CommandSpec): VerificationState | undefined {
  const v = stepAt(ctx, step).verification;
  return v?.phase === 'command' && v.display === spec.display && v.consecutive === 0 ? v : undefined;
}

function bounds(ctx: Ctx, step: number): Pick<VerificationState, 'timeoutMs' | 'intervalMs'> {
  const verify = stepDef(ctx, step).verify;
  const interval = verify?.interval !== undefined ? parseDuration(verify.interval) : VERIFY_DEFAULTS.intervalMs;
  const cap = ctx.s.options.maxIntervalMs;
  return {
    timeoutMs: verify?.timeout !== undefined ? parseDuration(verify.timeout) : COMMAND_EXPECT_DEFAULTS.timeoutMs,
    intervalMs: cap !== undefined ? Math.min(cap, interval) : interval,
  };
}

function start(
  ctx: Ctx,
  spec: CommandSpec,
  result: CommandResult,
): Omit<VerificationState, 'timeoutMs' | 'intervalMs'> {
  return {
    phase: 'command',
    display: spec.display,
    expected: describeExpectation(spec.expect),
    attempt: 0,
    startedAt: ctx.now - result.durationMs,
    elapsedMs: 0,
    settle: 1,
    consecutive: 0,
  };
}
