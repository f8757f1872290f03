// Argument dispatch only: each subcommand lives in src/commands/ and is imported on demand.
import pkg from '../package.json' with { type: 'json' };
import type { Command } from './commands/command.js';
import { ExitCode, UserFacingError } from './errors.js';
import { processIo, type Io } from './io.js';
import { terminalSafe, terminalSafeWriter } from './text/terminal-safe.js';

/**
 * `raw` streams are written as they are: the TUI's stdout carries ink's own escape sequences,
 * doctor colours its status words, and sim passes the simulated program's streams through as the
 * real tool would. Every other write goes through terminalSafe (src/text/terminal-safe.ts).
 */
type Entry = { summary: string; load: () => Promise<Command>; raw?: readonly ('stdout' | 'stderr')[] };

/** The command table: `meshwalk --help` prints it, dispatch reads it. */
export const commands: Record<string, Entry> = {
  tui: {
    summary: 'open the workshop (the default when no command is given)',
    load: async () => (await import('./commands/tui.js')).command,
    raw: ['stdout'],
  },
  list: {
    summary: 'list the lessons with their step counts and prerequisites',
    load: async () => (await import('./commands/list.js')).command,
  },
  lint: {
    summary: 'check lessons and manifests; problems as file:line:col',
    load: async () => (await import('./commands/lint.js')).command,
  },
  new: {
    summary: 'write a new lesson folder to start from (meshwalk new lesson ID)',
    load: async () => (await import('./commands/new.js')).command,
  },
  import: {
    summary: 'convert a Katacoda or Killercoda scenario into a lesson folder',
    load: async () => (await import('./commands/import.js')).command,
  },
  run: {
    summary: 'walk one lesson in plain text (no TUI)',
    load: async () => (await import('./commands/run.js')).command,
  },
  check: {
    summary: 'run lessons end to end and verify every step',
    load: async () => (await import('./commands/check.js')).command,
  },
  progress: {
    summary: 'show or reset saved progress',
    load: async () => (await import('./commands/progress.js')).command,
  },
  sim: {
    summary: 'run one command against the simulated cluster',
    load: async () => (await import('./commands/sim.js')).command,
    raw: ['stdout', 'stderr'],
  },
  explain: {
    summary: 'explain why a request is allowed, denied or reset',
    load: async () => (await import('./commands/explain.js')).command,
  },
  token: {
    summary: 'mint a demo JWT for the JWT lesson (demo key, never for production)',
    load: async () => (await import('./commands/token.js')).command,
  },
  doctor: {
    summary: 'check kubectl, the cluster, minikube and Istio',
    load: async () => (await import('./commands/doctor.js')).command,
    raw: ['stdout'],
  },
  setup: {
    summary: 'start minikube and install Istio, each command confirmed',
    load: async () => (await import('./commands/setup.js')).command,
  },
  room: {
    summary: "run a workshop room: participants report their steps, the instructor's dashboard shows them",
    load: async () => (await import('./commands/room.js')).command,
    // The export writes its data as it is (CSV's CR LF); room.ts makes its own lines terminal-safe.
    raw: ['stdout'],
  },
  reset: {
    summary: 'remove everything the lessons created',
    load: async () => (await import('./commands/reset.js')).command,
  },
};

export const topUsage = `meshwalk ${pkg.version} — learn Istio service-mesh security by doing it

Usage: meshwalk [COMMAND] [FLAGS]

Commands:
${Object.entries(commands)
  .map(([name, e]) => `  ${name.padEnd(10)}${e.summary}`)
  .join('\n')}

Run \`meshwalk COMMAND --help\` for a command's flags. With no command, meshwalk opens the workshop.
Flags: --help, --version`;

/** Runs meshwalk with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[], ioIn: Io): Promise<number> {
  // The commands reach meshwalk itself through `io`, so nothing below imports this module.
  const io = safeIo({ ...ioIn, meshwalk: ioIn.meshwalk ?? main }, commandName(argv));
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${pkg.version}\n`);
    return ExitCode.ok;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(`${topUsage}\n`);
    return ExitCode.ok;
  }
  const name = commandName(argv);
  const args = name === first ? rest : argv;
  const entry = commands[name];
  if (!entry) {
    io.stderr.write(`meshwalk: unknown command '${name}' (see meshwalk --help)\n`);
    return ExitCode.usage;
  }
  try {
    const command = await entry.load();
    if (args.includes('--help') || args.includes('-h')) {
      // `sim -- kubectl --help` belongs to the simulated program, not to meshwalk.
      const dashDash = args.indexOf('--');
      const helpAt = Math.max(args.indexOf('--help'), args.indexOf('-h'));
      if (dashDash === -1 || helpAt < dashDash) {
        io.stdout.write(`${command.usage.trimEnd()}\n`);
        return ExitCode.ok;
      }
    }
    return await command.main(args, io);
  } catch (err) {
    // Made safe here too: a command may write its stderr raw (sim), but not meshwalk's own lines.
    if (err instanceof UserFacingError) {
      io.stderr.write(`${terminalSafe(err.message)}\n`);
      return err.exitCode;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    const report =
      `meshwalk: internal error: ${e.message}\n` +
      `This is a bug in meshwalk; please report it with the lines below.\n${e.stack ?? ''}\n`;
    io.stderr.write(terminalSafe(report));
    return ExitCode.failed;
  }
}

/** No command, or only flags: the TUI, which parses its own flags (--cluster, --plain, ...). */
function commandName(argv: readonly string[]): string {
  const first = argv[0];
  return first === undefined || first.startsWith('-') ? 'tui' : first;
}

/** `io` with the streams a command does not write raw (see Entry) made terminal-safe. */
function safeIo(io: Io, name: string): Io {
  const raw = commands[name]?.raw ?? [];
  return {
    ...io,
    stdout: raw.includes('stdout') ? io.stdout : terminalSafeWriter(io.stdout),
    stderr: raw.includes('stderr') ? io.stderr : terminalSafeWriter(io.stderr),
  };
}

// Run only as the program, not when a test imports `main`.
const invokedAs = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:cli\.(?:js|tsx)|meshwalk)$/.test(invokedAs)) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`meshwalk: internal error: ${String(err)}\n`);
      process.exitCode = ExitCode.failed;
    },
  );
}
