import type { Command, FlagOptions } from './command.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { parseFlags } from './args.js';
import { renderReport, runDoctor } from '../cluster/doctor/index.js';
import { processRunner } from '../cluster/run-process.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';

const usage = `Usage: meshwalk doctor [--cluster current|minikube] [--context NAME] [--allow-context NAME] [--json]

Checks what a real cluster needs before the first lesson, in order, and prints the exact
command that fixes each failed check:
  kubectl           on PATH, and its client version
  kube context      the context to use (kubectl config view --minify) and its API server
  local cluster     a local name (minikube, kind, k3d, docker-desktop, ...) and a local server
                    address (minikube's own node list, loopback, a Docker/Podman bridge), or
                    named with --allow-context; a failure says which of the two did not match
  minikube          installed and the profile running (only for a minikube context)
  cluster reachable the API server answers /readyz within 5 s (kubectl's own message if not)
  Istio             istiod ready, its version, and whether the lessons are written for it (1.24 to 1.31)
  ingress gateway   the istio-ingressgateway service and how to reach it from this machine
  sidecar injector  Istio's injection webhook exists
  istioctl          on PATH (optional)

Flags:
  --cluster current|minikube  current: kubectl's current context (default); minikube: the "minikube" context
  --context NAME              check this context instead of the current one
  --allow-context NAME        accept NAME although it is not known to be local (repeatable)
  --json                      print {"context", "exitCode", "checks": [{id,title,status,detail,fix}]}
  -h, --help                  this help

Exit codes:
  0  every check passed (warnings allowed)
  1  a check failed (Istio, ingress, injector)
  2  bad usage
  4  no usable cluster: kubectl missing, no or unknown context, context not local, unreachable`;

/** The flags doctor, setup and reset share for choosing a real cluster. */
export function contextFlags(
  cmd: string,
  values: { cluster?: string | undefined; context?: string | undefined },
  allowed: readonly string[],
): string | undefined {
  const cluster = values.cluster ?? 'current';
  if (!allowed.includes(cluster)) {
    throw new UserFacingError(
      `meshwalk ${cmd}: --cluster must be ${allowed.join(' or ')}, not "${cluster}" (see meshwalk ${cmd} --help)`,
      ExitCode.usage,
    );
  }
  if (values.context) return values.context;
  return cluster === 'minikube' ? 'minikube' : undefined;
}

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  cluster: { type: 'string' },
  context: { type: 'string' },
  'allow-context': { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('doctor', argv, flags);
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return ExitCode.ok;
    }
    if (positionals.length > 0)
      throw new UserFacingError(
        `meshwalk doctor: unexpected argument "${positionals[0]}" (see meshwalk doctor --help)`,
        ExitCode.usage,
      );
    if (values.cluster === 'sim') {
      throw new UserFacingError(
        'meshwalk doctor: the simulated cluster needs nothing installed; doctor checks a real one (--cluster current|minikube)',
        ExitCode.usage,
      );
    }
    const context = contextFlags('doctor', values, ['current', 'minikube']);
    const color = !values.json && io.stdout.isTTY === true && !io.env.NO_COLOR;
    const report = await runDoctor({
      run: processRunner({ env: io.env, cwd: io.cwd }),
      env: io.env,
      cwd: io.cwd,
      ...(context ? { context } : {}),
      allowContext: values['allow-context'] ?? [],
    });
    if (values.json) {
      // Lossless: JSON escapes C0, and terminalSafe writes DEL and C1 as the same JSON escapes.
      const json = JSON.stringify(
        { context: report.context ?? null, exitCode: report.exitCode, checks: report.results },
        null,
        2,
      );
      io.stdout.write(terminalSafe(`${json}\n`));
    } else {
      io.stdout.write(renderReport(report, color));
    }
    return report.exitCode;
  },
};
