/** What a program run by the simulated shell gets, and how the shell finds one by name. */
import type { ProcessResult } from '../types.js';
import type { PodFiles } from './pod-files.js';

export interface ProgramIo {
  /** argv[0] is the name as typed (`/bin/echo`). */
  argv: readonly string[];
  /** The program's standard input; reading takes all of it (the next reader gets nothing). */
  readStdin(): string;
  /** The environment the program was started with. */
  env: ReadonlyMap<string, string>;
  files: PodFiles;
  cwd: string;
}

export type ShellProgram = (io: ProgramIo) => ProcessResult | Promise<ProcessResult>;

/**
 * A command name resolved in the container: a program, one the image does not have (the shell
 * prints `not found`, 127), or one the image has but the simulator does not run (refused, exit 3).
 */
export type Lookup = (name: string) => ShellProgram | { missing: true } | { refuse: string };

/** A result in one line. */
export const ok = (stdout = ''): ProcessResult => ({ stdout, stderr: '', exitCode: 0 });
export const failed = (stderr: string, exitCode = 1, stdout = ''): ProcessResult => ({ stdout, stderr, exitCode });
