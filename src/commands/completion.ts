/**
 * `meshwalk completion bash|zsh|fish`: prints a completion script. Commands and their summaries
 * come from the command table (src/cli.tsx hands it in), each command's flags from the parseArgs
 * options it declares, and what flags and arguments take from its usage; lesson ids are asked of
 * `meshwalk list --json` each time Tab is pressed, so new lessons need no new script.
 */
import pkg from '../../package.json' with { type: 'json' };
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { commandSpec, type CommandSpec } from './completion/spec.js';
import { bashScript } from './completion/bash.js';
import { zshScript } from './completion/zsh.js';
import { fishScript } from './completion/fish.js';

/** The command table as completion reads it: each command's summary, and how to load it. */
export type CommandTable = Readonly<Record<string, { summary: string; load: () => Promise<Command> }>>;

const SHELLS = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
} satisfies Record<string, (specs: readonly CommandSpec[], version: string) => string>;

const usage = `Usage: meshwalk completion bash|zsh|fish

Prints a script that completes meshwalk's commands, their flags, the values some flags take
(--cluster sim|current|minikube, folders for --lessons) and lesson ids (asked of
\`meshwalk list --json\` when you press Tab, with the --lessons folders on the line).

Install:
  bash  meshwalk completion bash > ~/.local/share/bash-completion/completions/meshwalk
        (needs the bash-completion package; or add \`source <(meshwalk completion bash)\` to ~/.bashrc)
  zsh   meshwalk completion zsh > ~/.zsh/completions/_meshwalk
        with fpath=(~/.zsh/completions $fpath) before compinit in ~/.zshrc
  fish  meshwalk completion fish > ~/.config/fish/completions/meshwalk.fish

Open a new shell afterwards. Run it again after upgrading meshwalk: new flags come with it.

Flags:
  -h, --help  show this help

Exit codes: 0 printed the script, 2 bad usage (no shell, or one it does not know).`;

const flags = {} as const satisfies FlagOptions;

/** The completion command for `table`, the table it is part of. */
export function completionCommand(table: CommandTable): Command {
  return {
    usage,
    flags,
    async main(argv, io) {
      const { positionals } = parseFlags('completion', argv, flags);
      const [shell, extra] = positionals;
      if (shell === undefined || extra !== undefined || !Object.hasOwn(SHELLS, shell)) {
        const what =
          shell === undefined ? 'name a shell' : extra !== undefined ? 'name one shell' : `unknown shell '${shell}'`;
        throw new UserFacingError(
          `meshwalk completion: ${what}: bash, zsh or fish (see meshwalk completion --help)`,
          ExitCode.usage,
        );
      }
      const specs = await Promise.all(
        Object.entries(table).map(async ([name, entry]) => {
          const command = await entry.load();
          return commandSpec({ name, summary: entry.summary, usage: command.usage, flags: command.flags });
        }),
      );
      io.stdout.write(SHELLS[shell as keyof typeof SHELLS](specs, pkg.version));
      return ExitCode.ok;
    },
  };
}
