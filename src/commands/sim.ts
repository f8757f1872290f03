/**
 * `meshwalk sim [--state DIR] [--istio X.Y] [--propagation MS] -- COMMAND [ARGS...]`: one command
 * against the simulated cluster in DIR (default: the one the TUI uses), and `meshwalk sim --shims
 * DIR`, which writes stand-in kubectl/curl/istioctl/minikube for the learner's shell. Lean on
 * purpose (no ink, no React, no zod): it must start in well under 150 ms, as a stand-in for
 * kubectl on PATH.
 */
import type { Command, FlagOptions } from './command.js';
import { ExitCode } from '../errors.js';
import { parseFlags, parsePropagation } from './args.js';

const usage = `Usage: meshwalk sim [--state DIR] [--istio X.Y] [--propagation MS] -- COMMAND [ARGS...]
       meshwalk sim [--state DIR] [--istio X.Y] --shims DIR

Runs one command (kubectl, istioctl, minikube, or curl from your machine) against the simulated
Kubernetes cluster with Istio kept in DIR, and prints what the real tool prints, on the same
stream, exiting with its exit code. Standard input is passed through (kubectl apply -f -).
Commands copied from istio.io work as the pages print them: samples/... files come from the
cluster's Istio release when they are not on disk; "$(kubectl get pod ...)",
<(istioctl kube-inject ...) and pipes between kubectl/istioctl/curl run against the same
cluster; shell variables ($TOKEN) are refused.

Flags:
  --state DIR          where the cluster is kept (created, with Istio installed, on first use);
                       default: the simulated cluster the TUI uses (sim/ in meshwalk's data
                       directory, MESHWALK_HOME if set)
  --istio X.Y          Istio version for a new cluster, 1.4 to 1.31 (default 1.31, modelled on 1.31.0-rc.0)
  --propagation MS     delay before the data plane (curl) sees Istio config changes, in ms;
                       remembered in DIR (default 0; the TUI's cluster uses 1500)
  --shims DIR          write kubectl, curl, istioctl and minikube into DIR, each running this
                       command on that cluster, and print the export PATH=... line that puts
                       them first (eval "$(meshwalk sim --shims ~/.meshwalk-bin)"); curl there
                       is the simulated cluster's, the real one is command -p curl.
                       meshwalk shell --cluster sim does this for one shell, and undoes it

Exit codes: the program's own; 2 bad usage; 3 not simulated (the message says what);
4 the state in DIR is unusable (corrupt, newer, locked).`;

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  state: { type: 'string' },
  istio: { type: 'string' },
  propagation: { type: 'string' },
  shims: { type: 'string' },
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const dd = argv.indexOf('--');
    const own = dd === -1 ? argv : argv.slice(0, dd);
    const program = dd === -1 ? [] : argv.slice(dd + 1);
    const { values, positionals } = parseFlags('sim', own, flags);
    const words = [...positionals, ...program];
    const { resolve, join } = await import('node:path');
    const stateDir =
      values.state !== undefined
        ? resolve(io.cwd, values.state)
        : join((await import('../progress/data-dir.js')).dataDir(io.env), 'sim');
    if (values.shims !== undefined) {
      if (words.length > 0) {
        io.stderr.write(
          'meshwalk sim: --shims writes the stand-in programs and runs no command; drop the command after it\n',
        );
        return ExitCode.usage;
      }
      return writeShimsCommand(resolve(io.cwd, values.shims), stateDir, values.istio, io);
    }
    if (words.length === 0) {
      io.stderr.write('meshwalk sim: no command given; put it after -- (see meshwalk sim --help)\n');
      return ExitCode.usage;
    }
    const propagationMs = parsePropagation('sim', values.propagation);
    const { runSimCommand } = await import('../sim/simulator.js');
    const r = await runSimCommand(words, {
      stateDir,
      ...(values.istio !== undefined ? { istio: values.istio } : {}),
      ...(propagationMs !== undefined ? { propagationMs } : {}),
      stdin: () => io.readStdin(),
      cwd: io.cwd,
    });
    if (r.stdout) io.stdout.write(r.stdout);
    if (r.stderr) io.stderr.write(r.stderr);
    return r.exitCode;
  },
};

async function writeShimsCommand(
  dir: string,
  stateDir: string,
  istio: string | undefined,
  io: Parameters<Command['main']>[1],
): Promise<number> {
  const [{ writeShims, SHIM_PROGRAMS }, { parseIstioVersion }, { realpathSync }] = await Promise.all([
    import('../sim/shims.js'),
    import('../sim/versions.js'),
    import('node:fs'),
  ]);
  const version = istio === undefined ? undefined : parseIstioVersion(istio);
  if (version && 'error' in version) {
    io.stderr.write(`meshwalk sim: ${version.error}\n`);
    return ExitCode.usage;
  }
  const script = process.argv[1];
  if (!script) {
    io.stderr.write(
      'meshwalk sim: --shims needs to know where this meshwalk is installed (run it as the meshwalk command)\n',
    );
    return ExitCode.usage;
  }
  let line: string;
  try {
    line = writeShims(dir, {
      node: process.execPath,
      cli: realpathSync(script),
      stateDir,
      ...(istio !== undefined ? { istio } : {}),
    });
  } catch (err) {
    io.stderr.write(`meshwalk sim: cannot write the stand-in programs to ${dir}: ${(err as Error).message}\n`);
    return ExitCode.environment;
  }
  io.stderr.write(
    `meshwalk sim: wrote ${SHIM_PROGRAMS.join(', ')} to ${dir}; they run on the simulated cluster in ${stateDir} (curl too: the real one is command -p curl). To use them in this shell:\n`,
  );
  io.stdout.write(`${line}\n`);
  return ExitCode.ok;
}
