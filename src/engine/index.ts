/**
 * The step engine: the public surface the TUI (`src/ui`), `meshwalk run` and `meshwalk check` use.
 *
 * ## Shape
 * `advance(state, event) -> [state, effects]` (advance.ts) is a pure reducer: no clock, IO or
 * randomness. Time comes in on every event (`now`). Every request to the outside world is an
 * `Effect` (run a command, wait, cancel, save progress, emit a result event), carried out by
 * `runEffects` (run-effects.ts), the only code that touches the cluster, timers and progress.
 * `createSession` (session.ts) wires the two together and is what callers use.
 *
 * ## State (types.ts `EngineState`)
 * - `phase`: 'idle' | 'setup' | 'vars' | 'steps' | 'cleanup' | 'finished'
 * - `current`: index of the step on screen; `steps[i]`: `{ id, status, commands, verification,
 *   failure, failedAt, hintsShown }` with status 'pending' | 'running' | 'verifying' | 'passed' |
 *   'failed' | 'skipped'.
 * - `steps[i].verification`: `{ phase: 'before'|'after'|'command', display, expected, attempt, startedAt,
 *   elapsedMs, timeoutMs, intervalMs, settle, consecutive, last: { observation, matched,
 *   mismatch }, nextAttemptAt }`. Live elapsed time = `now - startedAt` (the TUI ticks its own
 *   clock for the spinner; the engine only updates `elapsedMs` on events). Phase `command`: the
 *   step's own command with an `expect`, tried again until it shows it (command-retry.ts).
 * - `steps[i].commands`: `{ id, purpose, display, output, exitCode, mismatch }[]`: the commands
 *   run for the step with their (bounded) streamed output; `lessonCommands` the same for
 *   setup/vars/cleanup.
 * - `running`: what is in flight (null when waiting for the learner), `notice`: a one-line note
 *   for the learner ("run or skip this step first"), `outcome` once finished.
 * - `vars`: the lesson vars (fixed and captured).
 *
 * ## Intents (what keys map to): `session.intent(x)`
 * 'run' (run the step: its `run`/`apply`, then verify; a step with neither is only verified),
 * 'next', 'previous' (move the step on screen; never while something runs), 'retry' (repeat what
 * failed: the verification only, when the command itself succeeded), 'rerun' (a passed or skipped
 * step once more: its command, then its verification; it stays done if it passes), 'skip' (runs `solve`, else
 * the step's own command, then verifies; status 'skipped'), 'hint' (shows the next tiered hint:
 * `hintsShown` grows, a `HintShown` event carries the text), 'cancel' (stop the command or the
 * verification now; the step becomes 'failed' with reason "cancelled"), 'quit' (cancel, save,
 * finish with outcome 'quit').
 *
 * ## Result stream (types.ts `ResultEvent`)
 * LessonStarted, PhaseStarted, VarCaptured, StepStarted, CommandStarted, CommandOutput,
 * CommandFinished, VerificationStarted, AttemptObserved (verdict pass | retry | fail, with
 * `retryInMs`), StepPassed, StepFailed, StepSkipped, HintShown, LessonFinished. Every event
 * carries `lesson`; timed ones carry `at` (ms since the epoch). `check --json` prints them as
 * JSON Lines, `run`/`check` as plain text (plain-report.ts), the TUI may render state instead.
 * Secrets: a captured var is only shown as a preview, and JSON Web Tokens are cut short wherever
 * they are shown (capture.ts `redactTokens`): commands, streamed output (a token split across
 * two chunks included: `splitForRedaction`), observations, step titles, text and hints
 * (`shownText`). The argv that runs is never altered.
 *
 * ## Driving it from the TUI
 * ```ts
 * const session = createSession(lesson, { mode: 'learn', resume, maxIntervalMs }, { cluster, progress, onResult });
 * // React: const state = useSyncExternalStore(session.subscribe, session.getState);
 * session.start();            // setup, lesson vars, then waits on the first step
 * session.intent('run');      // from the keymap
 * await session.finished;     // resolves with the outcome after 'quit' or the last 'next'
 * session.dispose();          // on unmount / Ctrl-C: aborts every command and timer
 * ```
 * View helpers (view.ts): `stepView(state, i)` gives the rendered title, text (vars substituted),
 * the commands that will run (display strings + manifest) and the hints shown so far.
 */
export type {
  CommandRecord,
  CommandSpec,
  EngineEvent,
  EngineOptions,
  EngineState,
  Effect,
  Intent,
  LessonOutcome,
  Mode,
  Observation,
  Phase,
  ProgressSnapshot,
  Purpose,
  ResultEvent,
  StepState,
  StepStatus,
  VerificationState,
} from './types.js';
export { advance, initialState } from './advance.js';
export { createSession, type Session } from './session.js';
export { runEffects, type Clock, type EnginePorts, type InFlight, type ProgressPort } from './run-effects.js';
export { describeExpectation, describeObservation, matchExpectation, observe, observedStatus } from './expectation.js';
export { previewValue, redactTokens, shownText, splitForRedaction } from './capture.js';
export { stepView, type StepView } from './view.js';
export { plainText, stepHeader, type PlainOptions } from './plain-report.js';
export { junitXml } from './junit.js';
export { lessonOrder } from './lesson-order.js';
