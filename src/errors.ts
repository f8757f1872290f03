/**
 * Exit codes, in one place (README "Exit codes" mirrors this table).
 * `sim` passes the simulated program's own exit code through instead.
 */
export const ExitCode = {
  /** Everything passed. */
  ok: 0,
  /** A verification, lint check or doctor check failed. */
  failed: 1,
  /** Bad usage: unknown command or flag, missing argument. */
  usage: 2,
  /** The simulator cannot model this command or flag (it refuses rather than pretend). */
  notSimulated: 3,
  /** The environment is not usable: no cluster, kubectl missing, a non-local context refused. */
  environment: 4,
  /** Interrupted by Ctrl-C. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: the top level prints `message` as one line and exits with `exitCode`. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** A broken invariant inside meshwalk: the top level asks for a bug report and shows the stack. */
export class InternalError extends Error {
  override name = 'InternalError';
}

/** Makes a `switch` over a string-literal union exhaustive: a new member breaks the build here. */
export function assertNever(x: never, what = 'value'): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(x)}`);
}
