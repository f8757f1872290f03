import { createInterface } from 'node:readline';
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { resolveRealCluster } from '../cluster/context.js';
import { CommandError, type CommandResult } from '../cluster/port.js';
import { formatCommand, processRunner, type Runner } from '../cluster/run-process.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';

const usage = `Usage: meshwalk setup [--yes] [--cpus N] [--memory MB]

For a learner with nothing running: starts minikube (profile "minikube") with enough
resources and installs Istio's demo profile with istioctl. Each command is shown and
confirmed (y/N) before it runs; what already exists is skipped, so running it again is safe.
Nothing is labelled: each lesson opts its own namespaces into the mesh.

  1. minikube start -p minikube --cpus=4 --memory=8192   (skipped when minikube is running)
  2. istioctl install --context minikube --set profile=demo -y   (skipped when istiod exists)

Needs kubectl, minikube and istioctl on PATH:
  https://kubernetes.io/docs/tasks/tools/
  https://minikube.sigs.k8s.io/docs/start/
  https://istio.io/latest/docs/setup/getting-started/#download

Flags:
  --yes          run every command without asking
  --cpus N       CPUs for a new minikube (default 4)
  --memory MB    memory for a new minikube in MB (default 8192)
  -h, --help     this help

Exit codes:
  0  minikube runs and Istio is installed
  1  a command failed, or you declined one
  2  bad usage
  4  kubectl, minikube or istioctl missing, or the cluster cannot be reached`;

const PROFILE = 'minikube';
const tools: readonly (readonly [string, string[], string])[] = [
  ['kubectl', ['kubectl', 'version', '--client', '-o', 'json'], 'https://kubernetes.io/docs/tasks/tools/'],
  ['minikube', ['minikube', 'version', '--short'], 'https://minikube.sigs.k8s.io/docs/start/'],
  [
    'istioctl',
    ['istioctl', 'version', '--remote=false'],
    'https://istio.io/latest/docs/setup/getting-started/#download',
  ],
];

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  yes: { type: 'boolean', short: 'y' },
  cpus: { type: 'string' },
  memory: { type: 'string' },
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('setup', argv, flags);
    if (positionals.length > 0)
      throw new UserFacingError(
        `meshwalk setup: unexpected argument "${positionals[0]}" (see meshwalk setup --help)`,
        ExitCode.usage,
      );
    const cpus = positiveInt('cpus', values.cpus ?? '4');
    const memory = positiveInt('memory', values.memory ?? '8192');
    const run = processRunner({ env: io.env, cwd: io.cwd });
    const ask: Ask = values.yes ? async () => true : confirmer(io);
    try {
      return await setup(io, run, ask, cpus, memory);
    } finally {
      ask.close?.();
    }
  },
};

async function setup(io: Io, run: Runner, ask: Ask, cpus: number, memory: number): Promise<number> {
  const missing: string[] = [];
  for (const [name, argv, where] of tools) {
    try {
      await run(argv, { timeoutMs: 15_000 });
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      missing.push(`${name} not found on PATH: install it from ${where}`);
    }
  }
  if (missing.length > 0) {
    io.stderr.write(
      `${missing.join('\n')}\nmeshwalk setup: install the missing tools, then run meshwalk setup again.\n`,
    );
    return ExitCode.environment;
  }

  const status = await run(['minikube', 'status', '-p', PROFILE, '-o', 'json'], { timeoutMs: 30_000 });
  if (status.exitCode === 0) {
    io.stdout.write(`skip  minikube is already running (profile "${PROFILE}")\n`);
  } else {
    const start = ['minikube', 'start', '-p', PROFILE, `--cpus=${cpus}`, `--memory=${memory}`];
    const code = await step(
      io,
      run,
      ask,
      start,
      'start minikube (a few minutes the first time: it downloads images)',
      20 * 60_000,
    );
    if (code !== ExitCode.ok) return code;
  }

  const resolved = await resolveRealCluster({ context: PROFILE, env: io.env, cwd: io.cwd });
  if (!resolved.ok) {
    io.stderr.write(`meshwalk setup: ${resolved.reason}\n`);
    return ExitCode.environment;
  }
  const cluster = resolved.cluster;
  const istiod = await cluster.run(['kubectl', 'get', 'deployment', 'istiod', '-n', 'istio-system', '-o', 'name'], {
    timeoutMs: 30_000,
  });
  if (istiod.exitCode === 0) {
    io.stdout.write('skip  Istio is already installed (deployment istiod in istio-system)\n');
  } else if (/\(NotFound\)|not found/.test(istiod.stderr)) {
    const install = ['istioctl', 'install', '--context', PROFILE, '--set', 'profile=demo', '-y'];
    const code = await step(
      io,
      cluster.run.bind(cluster),
      ask,
      install,
      "install Istio's demo profile (istiod, ingress and egress gateways)",
      15 * 60_000,
    );
    if (code !== ExitCode.ok) return code;
  } else {
    io.stderr.write(
      `meshwalk setup: cannot tell whether Istio is installed: ${istiod.stderr.trim().split('\n').pop() ?? ''}\n`,
    );
    return ExitCode.environment;
  }
  io.stdout.write('\nReady. Check everything with: meshwalk doctor\nThen open the workshop with: npx meshwalk\n');
  return ExitCode.ok;
}

/** Shows the exact command, asks, runs it with its output streaming through. */
async function step(io: Io, run: Runner, ask: Ask, argv: string[], why: string, timeoutMs: number): Promise<number> {
  const shown = formatCommand(argv);
  io.stdout.write(`\nNext: ${why}\n  $ ${shown}\n`);
  if (!(await ask(`Run it? [y/N] `))) {
    io.stdout.write(`Not run. Run it yourself when ready, then meshwalk setup again (or pass --yes).\n`);
    return ExitCode.failed;
  }
  let r: CommandResult;
  try {
    r = await run(argv, {
      timeoutMs,
      onOutput: (chunk, stream) => (stream === 'stdout' ? io.stdout : io.stderr).write(chunk),
    });
  } catch (err) {
    if (err instanceof CommandError) {
      io.stderr.write(`${err.message}\n`);
      return ExitCode.environment;
    }
    throw err;
  }
  if (r.exitCode !== 0) {
    io.stderr.write(
      `meshwalk setup: "${shown}" failed (exit ${r.exitCode}); its output is above. Fix what it says, then run meshwalk setup again.\n`,
    );
    return ExitCode.failed;
  }
  io.stdout.write(`done  ${shown}\n`);
  return ExitCode.ok;
}

type Ask = ((question: string) => Promise<boolean>) & { close?: () => void };

/** Reads y/N answers one line at a time from standard input; end of input means no. */
function confirmer(io: Io): Ask {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const ask: Ask = async (question) => {
    io.stdout.write(question);
    const next = await lines.next();
    const answer = next.done ? '' : String(next.value).trim().toLowerCase();
    // A terminal echoes the answer and its Enter; piped answers are echoed here so the log reads right.
    if (next.done || !process.stdin.isTTY) io.stdout.write(`${next.done ? '' : answer}\n`);
    return answer === 'y' || answer === 'yes';
  };
  ask.close = () => rl.close();
  return ask;
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UserFacingError(
      `meshwalk setup: --${flag} must be a positive whole number, not "${value}"`,
      ExitCode.usage,
    );
  return n;
}
