/**
 * What a participant reports to the room, taken from the engine's result stream. Pure.
 *
 * Only the facts protocol.ts lists leave the machine: which lesson and step, pass, fail, skip,
 * hint, and for a failure its one-line reason, terminal-safe, tokens cut short and at most
 * MAX_REASON_CHARS long. Commands, their output, captured values, hint texts and manifests
 * never do: every other result event maps to nothing.
 */
import { redactTokens } from '../engine/capture.js';
import type { ResultEvent } from '../engine/types.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { MAX_REASON_CHARS, type RoomEventBody } from './protocol.js';

/** Maps result events one at a time; remembers per step how many verification attempts it made. */
export type RoomEventMapper = (result: ResultEvent) => RoomEventBody | undefined;

export function roomEventMapper(): RoomEventMapper {
  const attempts = new Map<string, number>();
  return (e) => {
    switch (e.type) {
      case 'LessonStarted':
        return { type: 'lesson-opened', lesson: e.lesson };
      case 'StepStarted':
        attempts.set(e.step, 0);
        return { type: 'step-started', lesson: e.lesson, step: e.step };
      case 'AttemptObserved':
        if (e.phase === 'after') attempts.set(e.step, e.attempt);
        return undefined;
      case 'StepPassed':
        return {
          type: 'step-passed',
          lesson: e.lesson,
          step: e.step,
          attempts: tries(e.attempts),
          elapsedMs: Math.max(0, Math.round(e.elapsedMs)),
        };
      case 'StepFailed':
        return {
          type: 'step-failed',
          lesson: e.lesson,
          step: e.step,
          reason: failureLine(e.reason),
          attempts: tries(attempts.get(e.step) ?? 0),
        };
      case 'StepSkipped':
        return { type: 'step-skipped', lesson: e.lesson, step: e.step };
      case 'HintShown':
        return { type: 'hint-used', lesson: e.lesson, step: e.step };
      case 'LessonFinished':
        return { type: 'lesson-finished', lesson: e.lesson, outcome: e.outcome };
      // Commands, their output, captured values and phases stay on the participant's machine.
      case 'PhaseStarted':
      case 'VarCaptured':
      case 'CommandStarted':
      case 'CommandOutput':
      case 'CommandFinished':
      case 'VerificationStarted':
      case 'CleanupFinished':
        return undefined;
      default: {
        // A new result type breaks the build here, to be decided on; at run time it stays local.
        const unmapped: never = e;
        void unmapped;
        return undefined;
      }
    }
  };
}

/**
 * The room counts tries of a step from 1: a step with nothing to verify (or that failed before
 * its check) was tried once, though the engine counts no verification attempts for it.
 */
const tries = (n: number) => Math.max(1, Math.round(n));

/** A failure as the room sees it: its first line, made safe to show, tokens cut, bounded. */
export function failureLine(reason: string): string {
  const first = reason.split('\n').find((l) => l.trim() !== '') ?? '';
  const line = terminalSafe(redactTokens(first.trim()));
  return line.length <= MAX_REASON_CHARS ? line : `${line.slice(0, MAX_REASON_CHARS - 1)}…`;
}
