import { parseArgs } from 'node:util';
import type { FlagOptions } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { didYouMean } from '../lesson/did-you-mean.js';

type Options = FlagOptions;

/**
 * Parses a subcommand's flags with node's strict parser and turns every mistake into one
 * line and exit 2 (usage), naming the command and where to read its help.
 * `--help` is always accepted; the caller prints its usage when `values.help` is set.
 */
export function parseFlags<O extends Options>(command: string, argv: readonly string[], options: O) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    // The TUI is what plain `meshwalk` runs: name it so, and its help as the learner types it.
    const name = command === 'tui' ? 'meshwalk' : `meshwalk ${command}`;
    throw new UserFacingError(
      `${name}: ${flagMistake(err, Object.keys(options))} (see ${name} --help)`,
      ExitCode.usage,
    );
  }
}

/** One line for a parse error; node's own text for an unknown option runs on about `--` and positionals. */
function flagMistake(err: unknown, known: readonly string[]): string {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  const unknown =
    (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec(message)?.[1] : undefined;
  if (unknown === undefined) return lowerFirst(message);
  const guess = didYouMean(unknown.replace(/^-+/, '').replace(/=.*$/, ''), [...known, 'help']);
  return `unknown option '${unknown}'${guess ? `; did you mean --${guess}?` : ''}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * The longest `--propagation` accepted: a verification gives up after 60 s by default, so a
 * change that takes longer to take effect would fail every check of every lesson.
 */
export const MAX_PROPAGATION_MS = 60_000;

/** `--propagation MS`, checked when the flags are read: a whole number of ms up to the maximum. */
export function parsePropagation(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms > MAX_PROPAGATION_MS) {
    const name = command === 'tui' ? 'meshwalk' : `meshwalk ${command}`;
    const want = `milliseconds from 0 to ${MAX_PROPAGATION_MS} (verifications give up after 60 s)`;
    throw new UserFacingError(`${name}: --propagation takes ${want}, not "${value}"`, ExitCode.usage);
  }
  return ms;
}
