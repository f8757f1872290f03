/**
 * Verification with retry: run the probe, compare with the expectation, and either pass (after
 * `settle` consecutive matches), wait and try again, or give up at the timeout. Also the single
 * `before` probe `check` runs to prove a verification can fail.
 */
import { DEFAULT_TIMEOUT_MS, type CommandResult } from '../cluster/port.js';
import { VERIFY_DEFAULTS } from '../lesson/defaults.js';
import { parseDuration } from '../lesson/duration.js';
import { guards, probeTimeout, renderProbe, showArgv } from './commands.js';
import { emit, seconds, stepAt, stepDef, type Ctx } from './context.js';
import { describeExpectation, describeObservation, matchExpectation, observe } from './expectation.js';
import { fail } from './ending.js';
import type { CommandSpec, Task, VerificationState } from './types.js';

function newVerification(ctx: Ctx, step: number, phase: 'before' | 'after', display: string): VerificationState {
  const v = stepDef(ctx, step).verify;
  if (!v) throw new RangeError(`step ${step} has no verification`);
  const interval = v.interval !== undefined ? parseDuration(v.interval) : VERIFY_DEFAULTS.intervalMs;
  const cap = ctx.s.options.maxIntervalMs;
  return {
    phase,
    display,
    expected: describeExpectation(phase === 'before' ? v.before : v.expect),
    attempt: 0,
    startedAt: ctx.now,
    elapsedMs: 0,
    timeoutMs: v.timeout !== undefined ? parseDuration(v.timeout) : VERIFY_DEFAULTS.timeoutMs,
    intervalMs: cap !== undefined ? Math.min(cap, interval) : interval,
    settle: phase === 'before' ? 1 : (v.settle ?? VERIFY_DEFAULTS.settle),
    consecutive: 0,
  };
}

export function startBefore(ctx: Ctx, task: Task & { kind: 'before' }): void {
  begin(ctx, task, 'before');
}

export function startVerify(ctx: Ctx, task: Task & { kind: 'verify' }): void {
  if (!stepDef(ctx, task.step).verify) return;
  begin(ctx, task, 'after');
}

function begin(ctx: Ctx, task: Task & { kind: 'before' | 'verify' }, phase: 'before' | 'after'): void {
  const def = stepDef(ctx, task.step);
  const v = def.verify;
  if (!v) return;
  const r = renderProbe(v, ctx.s.vars, showArgv(ctx.s.options, probeTimeout(v)));
  if (!r.ok) {
    fail(ctx, task.kind, task.step, r.message);
    return;
  }
  const st = stepAt(ctx, task.step);
  st.status = 'verifying';
  st.verification = newVerification(ctx, task.step, phase, r.spec.display);
  const ver = st.verification;
  emit(ctx, {
    type: 'VerificationStarted',
    step: st.id,
    phase,
    command: ver.display,
    expected: ver.expected,
    timeoutMs: ver.timeoutMs,
    intervalMs: ver.intervalMs,
    settle: ver.settle,
  });
  attempt(ctx, task, r.spec);
}

/** Runs the probe once more (the spec is rendered again: vars do not change mid-step). */
export function attempt(ctx: Ctx, task: Task & { kind: 'before' | 'verify' }, spec?: CommandSpec): void {
  const st = stepAt(ctx, task.step);
  const v = st.verification;
  const def = stepDef(ctx, task.step).verify;
  if (!v || !def) return;
  let probe = spec;
  if (!probe) {
    const r = renderProbe(def, ctx.s.vars, showArgv(ctx.s.options, probeTimeout(def)));
    if (!r.ok) {
      fail(ctx, task.kind, task.step, r.message);
      return;
    }
    probe = r.spec;
  }
  v.attempt += 1;
  delete v.nextAttemptAt;
  const id = ctx.s.nextId++;
  const remaining = Math.max(1_000, v.timeoutMs - (ctx.now - v.startedAt));
  const stdin = probe.stdin !== undefined ? { stdin: probe.stdin } : {};
  const timeoutMs = Math.min(DEFAULT_TIMEOUT_MS, remaining);
  ctx.fx.push({ type: 'exec', id, argv: probe.argv, ...stdin, timeoutMs, ...guards(probe) });
  ctx.s.running = { kind: 'exec', id, task, spec: probe };
}

/** Judges one probe result: pass, retry after the interval, or fail with what was seen. */
export function verifyResult(
  ctx: Ctx,
  task: Task & { kind: 'before' | 'verify' },
  _spec: CommandSpec,
  result: CommandResult,
): void {
  const st = stepAt(ctx, task.step);
  const v = st.verification;
  const def = stepDef(ctx, task.step).verify;
  if (!v || !def) return;
  const expect = v.phase === 'before' ? def.before : def.expect;
  const m = matchExpectation(expect, result);
  const observation = observe(result);
  v.elapsedMs = ctx.now - v.startedAt;
  v.consecutive = m.ok ? v.consecutive + 1 : 0;
  v.last = { observation, matched: m.ok, ...(m.ok ? {} : { mismatch: m.mismatch }) };
  const base = {
    type: 'AttemptObserved' as const,
    step: st.id,
    phase: v.phase,
    attempt: v.attempt,
    elapsedMs: v.elapsedMs,
    expected: v.expected,
    observed: observation,
    matched: m.ok,
    ...(m.ok ? {} : { mismatch: m.mismatch }),
    consecutive: v.consecutive,
    settle: v.settle,
    at: ctx.now,
  };

  if (v.phase === 'before') {
    emit(ctx, { ...base, verdict: m.ok ? 'pass' : 'fail' });
    if (!m.ok) {
      const already = matchExpectation(def.expect, result).ok
        ? '. The verification already shows what the step should achieve, so it cannot prove the step.'
        : '';
      fail(ctx, 'before', task.step, `before the step: ${m.mismatch}${already}`);
    }
    return;
  }
  if (v.consecutive >= v.settle) {
    emit(ctx, { ...base, verdict: 'pass' });
    return;
  }
  const left = v.timeoutMs - v.elapsedMs;
  if (left <= 0) {
    emit(ctx, { ...base, verdict: 'fail' });
    const saw = m.ok
      ? `only ${v.consecutive} of ${v.settle} matching attempts in a row (last seen: ${describeObservation(observation)})`
      : m.mismatch;
    const tries = v.attempt === 1 ? '1 attempt' : `${v.attempt} attempts`;
    fail(ctx, 'verify', task.step, `${saw} (gave up after ${tries} in ${seconds(v.elapsedMs)})`);
    return;
  }
  const settling = m.ok ? ctx.s.options.settleIntervalMs : undefined;
  const wait = Math.min(settling !== undefined ? Math.min(settling, v.intervalMs) : v.intervalMs, left);
  emit(ctx, { ...base, verdict: 'retry', retryInMs: wait });
  const id = ctx.s.nextId++;
  v.nextAttemptAt = ctx.now + wait;
  ctx.fx.push({ type: 'wait', id, ms: wait });
  ctx.s.running = { kind: 'wait', id, task: task as Task & { kind: 'verify' } };
}

/** The wait between attempts is over. */
export function onTimer(ctx: Ctx): void {
  const running = ctx.s.running;
  if (!running || running.kind !== 'wait' || running.task.kind !== 'verify') return;
  ctx.s.running = null;
  const v = stepAt(ctx, running.task.step).verification;
  if (v) v.elapsedMs = ctx.now - v.startedAt;
  attempt(ctx, running.task);
}
