/**
 * The expectation matcher: does an observed command result satisfy what the lesson expects?
 * Pure; the mismatch is written for the learner ("expected 403, saw 200").
 */
import { compilePattern } from '../lesson/pattern.js';
import type { Expectation } from '../lesson/schema.js';
import { redactTokens } from './capture.js';
import { tellingLine } from '../text/telling-line.js';
import type { Observation, Outcome } from './types.js';

export type Match = { ok: true } | { ok: false; mismatch: string };

const EXCERPT = 400;

/** The HTTP status on the last non-empty line of stdout, when it is three digits (`000` = none). */
export function observedStatus(stdout: string): string | undefined {
  const lines = stdout.trimEnd().split('\n');
  const last = (lines[lines.length - 1] ?? '').trim();
  return /^\d{3}$/.test(last) ? last : undefined;
}

function normalizeStatus(s: number | string): string {
  return typeof s === 'number' ? String(s).padStart(3, '0') : s;
}

/** An expectation left out means "exit code 0". */
export function effective(expect: Expectation | undefined): Expectation {
  return expect ?? { exitCode: 0 };
}

/** Checks every given field (they are ANDed); reports all mismatches at once. */
export function matchExpectation(expectIn: Expectation | undefined, out: Outcome): Match {
  const expect = effective(expectIn);
  const problems: string[] = [];
  if (out.timedOut) problems.push('the command timed out');
  if (expect.status !== undefined) {
    const want = normalizeStatus(expect.status);
    const saw = observedStatus(out.stdout);
    if (saw !== want) problems.push(`expected ${want}, saw ${saw ?? `no HTTP status (${describeOutput(out)})`}`);
  }
  if (expect.exitCode !== undefined && out.exitCode !== expect.exitCode) {
    const err = tellingLine(out.stderr);
    problems.push(`expected exit code ${expect.exitCode}, saw ${out.exitCode}${err ? ` (${err})` : ''}`);
  }
  if (expect.stdout !== undefined && out.stdout.trimEnd() !== expect.stdout.trimEnd()) {
    problems.push(`expected output ${quote(expect.stdout.trimEnd())}, saw ${quote(out.stdout.trimEnd())}`);
  }
  if (expect.contains !== undefined && !out.stdout.includes(expect.contains)) {
    problems.push(`expected output containing ${quote(expect.contains)}, saw ${quote(out.stdout.trimEnd())}`);
  }
  if (expect.notContains !== undefined && out.stdout.includes(expect.notContains)) {
    problems.push(`expected output without ${quote(expect.notContains)}, but it is there`);
  }
  if (expect.stderrContains !== undefined && !out.stderr.includes(expect.stderrContains)) {
    problems.push(
      `expected error output containing ${quote(expect.stderrContains)}, saw ${quote(out.stderr.trimEnd())}`,
    );
  }
  if (expect.regex !== undefined) {
    const re = compilePattern(expect.regex);
    if (!re.ok) problems.push(`the lesson's regex /${expect.regex}/ ${re.reason}`);
    else if (!re.pattern.test(out.stdout)) {
      problems.push(`expected output matching /${expect.regex}/, saw ${quote(out.stdout.trimEnd())}`);
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, mismatch: problems.join('; ') };
}

/** What must be seen, in words: `status 403`, `exit code 56 and output containing "x"`. */
export function describeExpectation(expectIn: Expectation | undefined): string {
  const e = effective(expectIn);
  const parts: string[] = [];
  if (e.status !== undefined) parts.push(`status ${normalizeStatus(e.status)}`);
  if (e.exitCode !== undefined) parts.push(`exit code ${e.exitCode}`);
  if (e.stdout !== undefined) parts.push(`output ${quote(e.stdout.trimEnd())}`);
  if (e.contains !== undefined) parts.push(`output containing ${quote(e.contains)}`);
  if (e.notContains !== undefined) parts.push(`output without ${quote(e.notContains)}`);
  if (e.stderrContains !== undefined) parts.push(`error output containing ${quote(e.stderrContains)}`);
  if (e.regex !== undefined) parts.push(`output matching /${e.regex}/`);
  return parts.join(' and ');
}

/** A bounded summary of a result for display and the result stream. */
export function observe(out: Outcome): Observation {
  const status = observedStatus(out.stdout);
  return {
    exitCode: out.exitCode,
    ...(status !== undefined ? { status } : {}),
    stdout: tail(redactTokens(out.stdout), EXCERPT),
    stderr: tail(redactTokens(out.stderr), EXCERPT),
    timedOut: out.timedOut ?? false,
  };
}

/** Short words for an observation: `200`, `exit 56`, `exit 1: pods "x" not found`. */
export function describeObservation(o: Observation): string {
  if (o.timedOut) return 'timed out';
  if (o.status !== undefined) return o.exitCode === 0 ? o.status : `${o.status} (exit ${o.exitCode})`;
  if (o.exitCode === 0) {
    const out = tellingLine(o.stdout);
    return out ? JSON.stringify(out) : 'no output (exit 0)';
  }
  const line = tellingLine(o.stderr || o.stdout);
  return `exit ${o.exitCode}${line ? `: ${line}` : ''}`;
}

function describeOutput(out: Outcome): string {
  const line = tellingLine(out.stdout) || tellingLine(out.stderr);
  return line ? `exit ${out.exitCode}: ${line}` : `exit ${out.exitCode}, no output`;
}

function quote(s: string): string {
  return JSON.stringify(truncate(s, 160));
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function tail(s: string, n: number): string {
  return s.length <= n ? s : `…${s.slice(s.length - n + 1)}`;
}
