/**
 * The port every command a lesson runs goes through. Two adapters implement it: the real one
 * (execa: kubectl, curl, openssl, minikube, istioctl on PATH) and the simulated cluster.
 * A non-zero exit is data, not an exception; `run` throws `CommandError` only when the
 * command could not run at all (binary missing, the adapter itself broken).
 */
export interface Cluster {
  /** What the learner is told they are running against, e.g. "simulated cluster (Istio 1.24)". */
  readonly description: string;
  /** `sim`, or the kube context name of a real cluster. */
  readonly kind: 'sim' | 'real';
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /**
   * The argv as `run` will really execute it, for showing: "the learner sees exactly what
   * runs". The real adapter pins `--context NAME` (and `-p PROFILE` on minikube, a
   * `--request-timeout` on bounded kubectl calls) with the same function `run` uses. Optional:
   * an adapter that runs argv as given leaves it out. Never throws: a command `run` would
   * refuse is shown as written. `timeoutMs`: the timeout `run` will be given (default 30 000).
   */
  displayArgv?(argv: readonly string[], options?: { timeoutMs?: number }): readonly string[];
}

export interface RunOptions {
  /** Fed to the command's standard input. Default: none (stdin closed). */
  stdin?: string;
  /** Kill the command after this many milliseconds. Default: 30 000. */
  timeoutMs?: number;
  /** Abort (kill the whole process tree) when this signal fires. */
  signal?: AbortSignal;
  /** Called with each chunk of output as it arrives, for the streaming output pane. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Files the command reads or writes (a lesson command's, from the command policy). Before
   * running, the adapter resolves each in its working directory, symlinks included, and throws
   * `CommandError` when one leads outside it (`within: 'work'`) or outside it and the lesson's
   * manifests (`within: 'lesson'`). Default: none, nothing checked.
   */
  paths?: readonly PathUse[];
  /**
   * Per argv word, whether the lesson wrote it (true) or it holds a substituted value (false).
   * The simulator expands shell syntax (`$(…)`, a pipe) only in written words. Default: all written.
   */
  literal?: readonly boolean[];
}

/** A file a command reads or writes, relative to its working directory. */
export interface PathUse {
  path: string;
  access: 'read' | 'write';
  /** `work`: the working directory only; `lesson`: it, or the lesson's manifests it links to. */
  within: 'lesson' | 'work';
}

/** One finished command: success and failure share this shape. */
export interface CommandResult {
  argv: readonly string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the command was killed for running past `timeoutMs`. */
  timedOut: boolean;
  /** True when the command was killed because `signal` aborted. */
  cancelled: boolean;
  durationMs: number;
}

/** The command could not be started or could not be supervised; `message` names it and says what to do. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly argv: readonly string[],
  ) {
    super(message);
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000;
