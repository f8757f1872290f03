/**
 * The result stream as plain linear text, for `meshwalk run`, `meshwalk check` and screen
 * readers: status words (PASS, FAIL, RETRY, SKIPPED), never colour alone. Pure: event in, text out.
 */
import { assertNever } from '../errors.js';
import type { Lesson } from '../lesson/schema.js';
import { shownText } from './capture.js';
import { seconds } from './context.js';
import { describeObservation } from './expectation.js';
import type { ResultEvent } from './types.js';

export interface PlainOptions {
  /** Print each step's title and text when it starts (demo, check). `run` prints them before asking. */
  announceSteps: boolean;
  /** With `announceSteps`, also print each step's explanation. Default true. */
  stepText?: boolean;
  /** Print command output as it streams. Default true. */
  output?: boolean;
  /** How a step's Markdown text is laid out (`run` reflows it to the terminal). Default: as written. */
  formatText?: (markdown: string) => string;
}

export function plainText(
  e: ResultEvent,
  lesson: Lesson,
  vars: Readonly<Record<string, string>>,
  o: PlainOptions,
): string {
  switch (e.type) {
    case 'LessonStarted':
      return `\n# ${e.title} (${e.lesson}, ${e.steps} steps)\n`;
    case 'PhaseStarted':
      return e.phase === 'setup'
        ? 'Setting up the lesson:\n'
        : e.phase === 'vars'
          ? 'Reading lesson values:\n'
          : `Cleaning up ${e.lesson}:\n`;
    case 'VarCaptured':
      return `  {{${e.name}}} = ${e.preview}\n`;
    case 'StepStarted':
      return o.announceSteps ? stepHeader(lesson, e.index, vars, o.stepText ?? true, o.formatText) : '';
    case 'CommandStarted':
      // A command tried again: its attempt line says so, the command was shown once.
      return e.attempt !== undefined ? '' : `$ ${e.command}\n`;
    case 'CommandOutput':
      return o.output === false ? '' : e.chunk.endsWith('\n') ? e.chunk : `${e.chunk}\n`;
    case 'CommandFinished':
      // One that will be tried again is not a failure yet: its attempt line says RETRY.
      return e.ok || e.retrying ? '' : `FAIL: ${e.mismatch ?? `exit code ${e.exitCode}`}\n`;
    case 'VerificationStarted':
      if (e.phase === 'command')
        return `Not yet what the command should show; trying it again (a change may still be on its way):\n  expecting ${e.expected} (for up to ${seconds(e.timeoutMs)}, every ${seconds(e.intervalMs)})\n`;
      return e.phase === 'before'
        ? `Before the step, checking that it is not done yet: ${e.command}\n  expecting ${e.expected}\n`
        : `Verifying: ${e.command}\n  expecting ${e.expected} (trying for up to ${seconds(e.timeoutMs)}, every ${seconds(e.intervalMs)})\n`;
    case 'AttemptObserved': {
      // A match that must repeat (`settle`) is not a failure: say it matches and how many in a row.
      const settling = e.verdict === 'retry' && e.matched;
      const word =
        e.verdict === 'pass'
          ? 'PASS'
          : settling
            ? `MATCH, ${e.consecutive} of ${e.settle} in a row`
            : e.verdict === 'retry'
              ? 'RETRY'
              : 'FAIL';
      const saw = describeObservation(e.observed);
      const next = e.verdict === 'retry' && e.retryInMs !== undefined ? `, again in ${seconds(e.retryInMs)}` : '';
      return `  attempt ${e.attempt} at ${seconds(e.elapsedMs)}: saw ${saw}, expected ${e.expected}: ${word}${next}\n`;
    }
    case 'StepPassed':
      return `PASS ${e.step}\n`;
    case 'StepFailed':
      return `FAIL ${e.step}: ${e.reason}\n`;
    case 'StepSkipped':
      return `SKIPPED ${e.step} (meshwalk did it for you)\n`;
    case 'HintShown':
      return `Hint ${e.index} of ${e.total}: ${e.text}\n`;
    case 'LessonFinished': {
      const word = e.outcome === 'passed' ? 'PASSED' : e.outcome === 'failed' ? 'FAILED' : 'STOPPED';
      const counts = `${e.passed} passed, ${e.failed} failed, ${e.skipped} skipped of ${e.total} steps`;
      return `\nLesson ${e.lesson}: ${word} (${counts})${e.reason ? `\n  ${e.reason}` : ''}\n`;
    }
    case 'CleanupFinished':
      return e.ok ? `Cleaned up ${e.lesson}.\n` : `FAIL cleanup of ${e.lesson}: ${e.reason ?? 'failed'}\n`;
    default:
      return assertNever(e, 'result event');
  }
}

/** `== Step 2 of 7: title ==` and the step's text with vars filled in. */
export function stepHeader(
  lesson: Lesson,
  index: number,
  vars: Readonly<Record<string, string>>,
  withText = true,
  formatText: (md: string) => string = (md) => md,
): string {
  const step = lesson.steps[index];
  if (!step) return '';
  const text = step.text && withText ? `${formatText(shownText(step.text.trimEnd(), vars))}\n` : '';
  return `\n== Step ${index + 1} of ${lesson.steps.length}: ${shownText(step.title, vars)} ==\n${text}`;
}
