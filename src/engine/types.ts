/**
 * The engine's data: its state, the events it reacts to, the effects it asks for and the result
 * stream it emits. Everything here is plain JSON-able data, so the TUI renders it, `check --json`
 * prints it and tests compare it with `toEqual`.
 */
import type { CommandResult } from '../cluster/port.js';
import type { Apply, Capture, Expectation, Lesson } from '../lesson/schema.js';
import type { PathUse } from '../lesson/command-policy/index.js';

/** What a command returned, as the matcher needs it. */
export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}

/**
 * How the engine walks a lesson.
 * - `learn`: waits for the learner's intents at every step (TUI, `meshwalk run` without --yes).
 *   `run` executes the step's own `run`/`apply`; a step without one (the learner acts in their
 *   own terminal) is only verified.
 * - `demo`: runs every step by itself, using `solve` where a step has no `run`/`apply`
 *   (`meshwalk run --yes`); stops at the first failure.
 * - `check`: like `demo`, and before each step runs its verification once and requires the
 *   declared `before` expectation (`meshwalk check`).
 */
export type Mode = 'learn' | 'demo' | 'check';

export type StepStatus = 'pending' | 'running' | 'verifying' | 'passed' | 'failed' | 'skipped';

/** Where the lesson is: setup, capturing lesson vars, the steps, cleanup, finished. */
export type Phase = 'idle' | 'setup' | 'vars' | 'steps' | 'cleanup' | 'finished';

export type Purpose = 'setup' | 'var' | 'action' | 'solve' | 'before' | 'verify' | 'cleanup';

/** A command ready to run: argv after `{{VAR}}` substitution, and how it is shown. */
export interface CommandSpec {
  argv: string[];
  /** Exactly what the learner sees, e.g. `kubectl apply -f manifests/mtls/strict.yaml -n books`. */
  display: string;
  stdin?: string;
  /** What the command must produce; undefined means exit code 0. */
  expect?: Expectation;
  /** Variables to take from its output. */
  capture?: Record<string, Capture>;
  /** For `apply`: the manifest path or inline YAML, so the TUI can show it on a key. */
  manifest?: { path?: string; inline?: string };
  /** Files the command reads or writes; the cluster refuses the command if one leads out of the lesson. */
  paths?: PathUse[];
  /** Per argv word: written by the lesson (true) or holding a substituted value (false). */
  literal?: boolean[];
}

/** What one run of a command showed, trimmed for display. */
export interface Observation {
  exitCode: number;
  /** The HTTP status: the last line of stdout when it is three digits (`000` = no response). */
  status?: string;
  /** The end of stdout (at most ~400 characters). */
  stdout: string;
  /** The end of stderr (at most ~400 characters). */
  stderr: string;
  timedOut: boolean;
}

export interface CommandRecord {
  /** The effect id; output and results carry it. */
  id: number;
  purpose: Purpose;
  display: string;
  /** Output so far (bounded: the last ~64 KiB), stdout and stderr interleaved as they arrived. */
  output: string;
  exitCode?: number;
  /** Set when the command did not meet its expectation. */
  mismatch?: string;
  durationMs?: number;
  /**
   * Streamed output not shown yet, per stream: the end of a chunk that may be the first part of
   * a token split across chunks (capture.ts `splitForRedaction`). Set once output has streamed.
   */
  held?: { stdout: string; stderr: string };
}

/**
 * `before`: the single probe `check` runs before the step; `after`: the real verification;
 * `command`: the step's own command tried again until it shows its `expect` (command-retry.ts).
 */
export type VerificationPhase = 'before' | 'after' | 'command';

export interface VerificationState {
  phase: VerificationPhase;
  display: string;
  /** Human text of what must be seen, e.g. `status 403`. */
  expected: string;
  attempt: number;
  startedAt: number;
  /** Time since the first attempt started, as of the last event. */
  elapsedMs: number;
  timeoutMs: number;
  intervalMs: number;
  settle: number;
  /** Consecutive matching attempts so far. */
  consecutive: number;
  last?: { observation: Observation; matched: boolean; mismatch?: string };
  /** When the next attempt is due (while waiting between attempts). */
  nextAttemptAt?: number;
}

export interface StepState {
  id: string;
  status: StepStatus;
  /** Commands run for this step, most recent last (action, solve, probes are not listed here). */
  commands: CommandRecord[];
  verification?: VerificationState;
  /** Why the step failed, one line, e.g. `expected 403, saw 200 after 12 attempts (60 s)`. */
  failure?: string;
  /** What failed: so `retry` repeats only that. */
  failedAt?: 'action' | 'before' | 'verify';
  /** How the step was last started: by the learner (`run`) or by `skip`/demo (`solve`). */
  via?: 'run' | 'skip' | 'auto';
  /** How many hints have been shown (0..hints.length). */
  hintsShown: number;
  /** Times in ms since the epoch. */
  startedAt?: number;
  finishedAt?: number;
}

/** One unit of queued work; the engine runs them one at a time. */
export type Task =
  | { kind: 'exec'; purpose: Purpose; step?: number; source: CommandSource }
  | { kind: 'before'; step: number }
  | { kind: 'verify'; step: number }
  | { kind: 'stepDone'; step: number; as: 'passed' | 'skipped' }
  | { kind: 'phase'; phase: Phase };

/** A command before rendering (vars are substituted when the task starts). */
export type CommandSource =
  | { kind: 'run'; line: string; stdin?: string; expect?: Expectation; capture?: Record<string, Capture> }
  | { kind: 'apply'; apply: Apply; capture?: Record<string, Capture> }
  | { kind: 'var'; name: string; line: string; capture: Capture };

/** What is in flight: one command or one timer, by effect id. */
export type Running =
  | { kind: 'exec'; id: number; task: Task & { kind: 'exec' | 'before' | 'verify' }; spec: CommandSpec }
  | {
      kind: 'wait';
      id: number;
      task: Task & { kind: 'verify' | 'exec' };
      /** A command tried again: the record of its last attempt, which the next one replaces. */
      replaces?: number;
    };

export interface EngineState {
  lesson: Lesson;
  mode: Mode;
  phase: Phase;
  /** Lesson vars known so far (fixed ones at once, captured ones after setup). */
  vars: Record<string, string>;
  /** The step on screen (index into `steps`). */
  current: number;
  steps: StepState[];
  queue: Task[];
  running: Running | null;
  /** The next effect id (ids make stale results harmless after a cancel). */
  nextId: number;
  /** Commands of setup, vars and cleanup, for display. */
  lessonCommands: CommandRecord[];
  /** A one-line note for the learner (e.g. "run or skip this step first"); cleared by the next intent. */
  notice?: string;
  /** Set once the lesson is over. */
  outcome?: LessonOutcome;
  /** Why setup/vars/cleanup failed, when they did. */
  failure?: string;
  /** Set when the steps are over and cleanup runs before finishing with this outcome. */
  ending?: { outcome: LessonOutcome; reason?: string };
  options: EngineOptions;
}

export type LessonOutcome = 'passed' | 'failed' | 'quit';

export interface EngineOptions {
  mode: Mode;
  /** Run the lesson's setup and capture its vars first. Default true. */
  setup?: boolean;
  /** Run the lesson's cleanup at the end (`check`). Default false. */
  cleanup?: boolean;
  /** Emit `saveProgress` effects after every step change. Default true in learn/demo, false in check. */
  saveProgress?: boolean;
  /** Progress to resume from: ids of done and skipped steps and the step to show. */
  resume?: { done: readonly string[]; skipped: readonly string[]; current?: string };
  /** Vars known before the lesson starts (e.g. captured by an earlier run, for a deferred cleanup). */
  vars?: Record<string, string>;
  /**
   * Upper bound on the wait between verification attempts. The simulated cluster answers in
   * milliseconds, so polling it every 200 ms keeps the lag between the cluster changing and the
   * verification noticing it low. Default: none (the lesson's interval or 1 s).
   */
  maxIntervalMs?: number;
  /**
   * Upper bound on the wait after a matching attempt while `settle` needs more in a row.
   * `check` on a simulated cluster with no propagation delay sets it low: nothing there changes
   * with time, so waiting proves nothing. Default: none (the normal interval).
   */
  settleIntervalMs?: number;
  /** Timeout for step commands. Default 30 s (`DEFAULT_TIMEOUT_MS`). */
  commandTimeoutMs?: number;
  /**
   * The argv as the cluster will really run it, for every command shown (e.g. a real cluster
   * pins `--context NAME`): "the learner sees exactly what runs". The argv handed to the cluster
   * is never changed. Default: `Cluster.displayArgv` of the session's cluster, else as written.
   */
  displayArgv?: (argv: readonly string[], o: { timeoutMs: number }) => readonly string[];
  /**
   * Run only the lesson's cleanup (with `vars` from the run that did its steps), then finish
   * with `CleanupFinished` instead of `LessonStarted`/`LessonFinished`: `check` runs a
   * prerequisite's cleanup after the lessons that rely on what it left. Default false.
   */
  cleanupOnly?: boolean;
}

/**
 * What the learner can ask for. `skip` runs `solve` (or the step's own action), then verifies.
 * `rerun` runs a done step again (its command, then its verification), as it was done: a
 * skipped step by its solution; it stays done when it passes again.
 */
export type Intent = 'run' | 'next' | 'previous' | 'retry' | 'rerun' | 'skip' | 'hint' | 'cancel' | 'quit';

/** Everything the engine reacts to. `now` is ms since the epoch: the engine has no clock. */
export type EngineEvent =
  | { type: 'start'; now: number }
  | { type: 'intent'; intent: Intent; now: number }
  | { type: 'execOutput'; id: number; chunk: string; stream: 'stdout' | 'stderr'; now: number }
  | { type: 'execDone'; id: number; result: CommandResult; now: number }
  /** The command could not run at all (binary missing, adapter broken); `message` says so. */
  | { type: 'execFailed'; id: number; message: string; now: number }
  | { type: 'timerFired'; id: number; now: number };

/** Requests to the outside world; `runEffects` carries them out. */
export type Effect =
  | {
      type: 'exec';
      id: number;
      argv: string[];
      stdin?: string;
      timeoutMs: number;
      /** As CommandSpec.paths, handed to the cluster. */
      paths?: PathUse[];
      /** As CommandSpec.literal, handed to the cluster. */
      literal?: boolean[];
    }
  | { type: 'wait'; id: number; ms: number }
  /** Abort the command or timer with this id (kills the process tree). */
  | { type: 'cancel'; id: number }
  | { type: 'saveProgress'; progress: ProgressSnapshot }
  | { type: 'emit'; event: ResultEvent };

export interface ProgressSnapshot {
  lesson: string;
  done: string[];
  skipped: string[];
  current?: string;
  finished: boolean;
}

/** The result stream: plain events, one JSON line each in `check --json`. */
export type ResultEvent =
  | { type: 'LessonStarted'; lesson: string; title: string; mode: Mode; steps: number; at: number }
  | { type: 'PhaseStarted'; lesson: string; phase: 'setup' | 'vars' | 'cleanup'; at: number }
  | { type: 'VarCaptured'; lesson: string; name: string; preview: string }
  | { type: 'StepStarted'; lesson: string; step: string; index: number; title: string; at: number }
  | {
      type: 'CommandStarted';
      lesson: string;
      step?: string;
      id: number;
      purpose: Purpose;
      command: string;
      argv: string[];
      /** Set from 2 on when a command with an `expect` is tried again (command-retry.ts). */
      attempt?: number;
      at: number;
    }
  | { type: 'CommandOutput'; lesson: string; step?: string; id: number; stream: 'stdout' | 'stderr'; chunk: string }
  | {
      type: 'CommandFinished';
      lesson: string;
      step?: string;
      id: number;
      purpose: Purpose;
      exitCode: number;
      ok: boolean;
      mismatch?: string;
      /** Not the end: the command did not show its `expect` yet and will be tried again. */
      retrying?: boolean;
      durationMs: number;
      at: number;
    }
  | {
      type: 'VerificationStarted';
      lesson: string;
      step: string;
      phase: VerificationPhase;
      command: string;
      expected: string;
      timeoutMs: number;
      intervalMs: number;
      settle: number;
    }
  | {
      type: 'AttemptObserved';
      lesson: string;
      step: string;
      phase: VerificationPhase;
      attempt: number;
      elapsedMs: number;
      expected: string;
      observed: Observation;
      matched: boolean;
      mismatch?: string;
      /** Matching attempts in a row so far, of the `settle` needed to pass. */
      consecutive: number;
      settle: number;
      /** What happens next: pass, another attempt after `retryInMs`, or give up. */
      verdict: 'pass' | 'retry' | 'fail';
      retryInMs?: number;
      /** When the result arrived (ms since the epoch). */
      at: number;
    }
  | { type: 'StepPassed'; lesson: string; step: string; attempts: number; elapsedMs: number }
  | { type: 'StepFailed'; lesson: string; step: string; reason: string; at: 'action' | 'before' | 'verify' }
  | { type: 'StepSkipped'; lesson: string; step: string }
  | { type: 'HintShown'; lesson: string; step: string; index: number; total: number; text: string }
  | {
      type: 'LessonFinished';
      lesson: string;
      outcome: LessonOutcome;
      passed: number;
      failed: number;
      skipped: number;
      total: number;
      reason?: string;
    }
  /** The end of a cleanup run on its own (`cleanupOnly`): a prerequisite's cleanup, after its dependants. */
  | { type: 'CleanupFinished'; lesson: string; ok: boolean; reason?: string; at: number };

export type { CommandResult };
