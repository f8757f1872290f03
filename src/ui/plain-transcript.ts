/**
 * Plain mode (--plain, screen readers) prints a linear transcript instead of redrawing a screen:
 * each change of the engine's state becomes lines appended once, with status words. This module
 * turns two successive states into the lines that describe what changed. Pure.
 */
import type { CommandRecord, EngineState, StepState } from '../engine/index.js';
import { describeObservation } from './VerificationStatus.js';
import { markdownToText } from './markdown.js';
import type { StepInfo } from './StepScreen.js';
import { hardWrap } from './text.js';
import { meshwalkCommand, yourTurnCommand } from './meshwalk-command.js';
import { terminalSafe } from '../text/terminal-safe.js';

/** Lines describing what changed from `prev` to `next` (`prev` undefined: the lesson just opened). */
export function plainDelta(
  prev: EngineState | undefined,
  next: EngineState,
  info: StepInfo,
  width: number,
  commandFlags?: string,
): string[] {
  const out: string[] = [];
  if (!prev) out.push(`Lesson: ${next.lesson.title} (${next.steps.length} steps)`);
  if (next.notice && next.notice !== prev?.notice) out.push(`Note: ${next.notice}`);
  if (next.failure && next.failure !== prev?.failure) out.push(`[FAIL] ${next.failure}`);
  out.push(...recordLines(prev?.lessonCommands ?? [], next.lessonCommands, width));
  const enteredSteps = next.phase === 'steps' && prev?.phase !== 'steps';
  if (next.phase === 'steps' && (enteredSteps || prev?.current !== next.current))
    out.push(...intro(next, info, width, commandFlags));
  const before = prev?.current === next.current ? prev.steps[next.current] : undefined;
  const step = next.steps[next.current];
  if (step) out.push(...stepLines(before, step, info, width));
  if (next.phase === 'finished' && prev?.phase !== 'finished') {
    const passed = next.steps.filter((s) => s.status === 'passed').length;
    const skipped = next.steps.filter((s) => s.status === 'skipped').length;
    out.push(
      next.outcome === 'passed'
        ? `Lesson complete: ${passed} passed${skipped > 0 ? `, ${skipped} skipped` : ''}. To remove what it made: ${meshwalkCommand(`reset ${next.lesson.id}`, commandFlags)}`
        : `Lesson ended (${next.outcome ?? 'stopped'}).`,
    );
  }
  return out;
}

function intro(state: EngineState, info: StepInfo, width: number, commandFlags: string | undefined): string[] {
  const step = state.steps[state.current];
  const lines = ['', `Step ${state.current + 1} of ${state.steps.length}: ${info.title} [${word(step)}]`];
  if (info.text) lines.push(markdownToText(info.text, width));
  for (const c of info.commands) lines.push(`Runs: ${c}`);
  const turn = yourTurnCommand(state.lesson.id, state.lesson.steps[state.current], commandFlags);
  if (turn) lines.push(`Your turn, in a shell of your own on this cluster: ${turn}`);
  if (info.probe) lines.push(`Checks: ${info.probe.display}, expecting ${info.probe.expected}`);
  return lines;
}

function word(step: StepState | undefined): string {
  return {
    pending: 'TO DO',
    running: 'RUNNING',
    verifying: 'VERIFYING',
    passed: 'PASS',
    failed: 'FAIL',
    skipped: 'SKIPPED',
  }[step?.status ?? 'pending'];
}

function stepLines(before: StepState | undefined, step: StepState, info: StepInfo, width: number): string[] {
  const out = recordLines(before?.commands ?? [], step.commands, width);
  const v = step.verification;
  const vb = before?.verification;
  // Each observation once, the first attempt's too: it arrives with the attempt number unchanged.
  if (v?.last && v.last !== vb?.last && step.status === 'verifying') {
    out.push(`Attempt ${v.attempt}: saw ${describeObservation(v.last.observation)}, want ${v.expected}; trying again.`);
  }
  if (step.status !== before?.status) {
    if (step.status === 'passed')
      out.push(
        `[PASS] ${info.title}${v?.last ? `: saw ${describeObservation(v.last.observation)} on attempt ${v.attempt}` : ''}`,
      );
    if (step.status === 'skipped') out.push(`[SKIPPED] ${info.title}: completed for you.`);
    if (step.status === 'failed') out.push(`[FAIL] ${step.failure ?? info.title}`);
    if (step.status === 'verifying' && v) out.push(`Verifying: ${v.display}, want ${v.expected}`);
  }
  if (step.hintsShown > (before?.hintsShown ?? 0)) {
    for (let i = before?.hintsShown ?? 0; i < step.hintsShown; i++)
      out.push(`Hint ${i + 1} of ${info.hintCount}: ${info.hints[i] ?? ''}`);
  }
  return out;
}

/** New commands, and output lines completed since `before`; a partial last line waits for the rest. */
function recordLines(before: readonly CommandRecord[], now: readonly CommandRecord[], width: number): string[] {
  const out: string[] = [];
  for (const r of now) {
    const old = before.find((b) => b.id === r.id);
    if (!old) out.push(`$ ${terminalSafe(r.display)}`);
    const from = old ? printedUpTo(old) : 0;
    const to = printedUpTo(r);
    if (to > from) out.push(...hardWrap(terminalSafe(r.output.slice(from, to)).replace(/\n$/, ''), width));
    if (r.exitCode !== undefined && old?.exitCode === undefined && r.exitCode !== 0)
      out.push(`(exit code ${r.exitCode})`);
  }
  return out;
}

function printedUpTo(r: CommandRecord): number {
  return r.exitCode !== undefined ? r.output.length : r.output.lastIndexOf('\n') + 1;
}
