import type { ParseArgsConfig } from 'node:util';
import type { Io } from '../io.js';

/** A command's flags as node's parseArgs takes them: long name → type, short letter, repeatable. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * A subcommand module. `cli.tsx` loads it lazily, so `meshwalk sim` never pays for ink.
 * `main` returns the process exit code; expected failures throw `UserFacingError`.
 */
export interface Command {
  /** Full `--help` text: synopsis, flags with defaults, exit codes. */
  usage: string;
  /**
   * The flags `main` parses, the very object it hands to parseFlags (which adds `--help`), so
   * `meshwalk completion` completes exactly what the command accepts.
   */
  flags: FlagOptions;
  main(argv: string[], io: Io): Promise<number>;
}
