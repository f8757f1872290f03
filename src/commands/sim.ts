/**
 * `meshwalk sim --state DIR [--istio X.Y] [--propagation MS] -- COMMAND [ARGS...]`: one command
 * against the simulated cluster in DIR. Lean on purpose (no ink, no React, no zod): it must start
 * in well under 150 ms, as a stand-in for kubectl on PATH.
 */
import type { Command } from './command.js';
import { ExitCode } from '../errors.js';
import { parseFlags } from './args.js';

const usage = `Usage: meshwalk sim --state DIR [--istio X.Y] [--propagation MS] -- COMMAND [ARGS...]

Runs one command (kubectl, istioctl, minikube, or curl from your machine) against the simulated
Kubernetes cluster with Istio kept in DIR, and prints what the real tool prints, on the same
stream, exiting with its exit code. Standard input is passed through (kubectl apply -f -).

Flags:
  --state DIR          where the cluster is kept (created, with Istio installed, on first use)
  --istio X.Y          Istio version for a new cluster, 1.4 to 1.24 (default 1.24)
  --propagation MS     delay before the data plane (curl) sees Istio config changes, in ms;
                       remembered in DIR (default 0)

Exit codes: the program's own; 2 bad usage; 3 not simulated (the message says what);
4 the state in DIR is unusable (corrupt, newer, locked).`;

export const command: Command = {
  usage,
  async main(argv, io) {
    const dd = argv.indexOf('--');
    const own = dd === -1 ? argv : argv.slice(0, dd);
    const program = dd === -1 ? [] : argv.slice(dd + 1);
    const { values, positionals } = parseFlags('sim', own, {
      state: { type: 'string' },
      istio: { type: 'string' },
      propagation: { type: 'string' },
    });
    const words = [...positionals, ...program];
    if (values.state === undefined) {
      io.stderr.write('meshwalk sim: --state DIR is required (see meshwalk sim --help)\n');
      return ExitCode.usage;
    }
    if (words.length === 0) {
      io.stderr.write('meshwalk sim: no command given; put it after -- (see meshwalk sim --help)\n');
      return ExitCode.usage;
    }
    let propagationMs: number | undefined;
    if (values.propagation !== undefined) {
      propagationMs = Number(values.propagation);
      if (!/^\d+$/.test(values.propagation)) {
        io.stderr.write(`meshwalk sim: --propagation takes milliseconds (a whole number), got "${values.propagation}"\n`);
        return ExitCode.usage;
      }
    }
    const { runSimCommand } = await import('../sim/simulator.js');
    const { resolve } = await import('node:path');
    const r = await runSimCommand(words, {
      stateDir: resolve(io.cwd, values.state),
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
