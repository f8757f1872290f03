import type { Io } from '../io.js';

/**
 * A subcommand module. `cli.tsx` loads it lazily, so `meshwalk sim` never pays for ink.
 * `main` returns the process exit code; expected failures throw `UserFacingError`.
 */
export interface Command {
  /** Full `--help` text: synopsis, flags with defaults, exit codes. */
  usage: string;
  main(argv: string[], io: Io): Promise<number>;
}
