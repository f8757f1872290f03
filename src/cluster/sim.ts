/**
 * The simulated cluster behind the Cluster port. kubectl, curl, istioctl and minikube go to the
 * simulator in-process (state in `<data dir>/sim/`); `meshwalk` runs this meshwalk in-process;
 * a short allow-list of harmless local tools (openssl: the TLS lesson makes a real self-signed
 * certificate) runs for real on the host, in the lesson's work directory. Anything else is
 * refused with exit 3, saying so: the simulator never pretends.
 */
import type { Io, RunMeshwalk } from '../io.js';
import type { ProcessResult } from '../sim/types.js';
import { NOT_SIMULATED_EXIT } from '../sim/types.js';
import { pathRefusal } from './path-guard.js';
import { CommandError, type Cluster, type CommandResult, type RunOptions } from './port.js';
import { formatCommand, runProcess } from './run-process.js';

/** The simulator's entry point (src/sim/simulator.ts `runSimCommand`). */
export type RunSim = (
  argv: readonly string[],
  o: {
    stateDir: string;
    istio?: string;
    propagationMs?: number;
    stdin?: string;
    cwd?: string;
    now?: number;
    literal?: readonly boolean[];
  },
) => Promise<ProcessResult>;

/** Runs `meshwalk ARGS` (argv without the leading `meshwalk`). */
export type RunOwn = (
  args: readonly string[],
  o: { stdin: string; cwd: string; env: Record<string, string | undefined> },
) => Promise<ProcessResult>;

export const SIMULATED_PROGRAMS = ['kubectl', 'curl', 'istioctl', 'minikube'] as const;
/** Local tools run for real: they only make files in the work directory. */
export const HOST_PROGRAMS = ['openssl'] as const;

/** The default time a policy change takes to reach the simulated proxies (TUI and run). */
export const DEFAULT_PROPAGATION_MS = 1500;

export interface SimClusterOptions {
  /** Where the simulated cluster's state lives, e.g. `<data dir>/sim`. */
  stateDir: string;
  /** The lesson's work directory: relative paths (manifests/..., tls.key) resolve here. */
  cwd: string;
  /** Environment for host tools and meshwalk itself. */
  env: Record<string, string | undefined>;
  /** How long a change takes to take effect. Default 1500 ms (`DEFAULT_PROPAGATION_MS`). */
  propagationMs?: number;
  /** Istio minor version installed on first use. Default: the simulator's default. */
  istio?: string;
  /** Test seam: the simulator. Default: src/sim/simulator.ts, loaded on first use. */
  runSim?: RunSim;
  /**
   * meshwalk itself (`inProcess(io.meshwalk)`, injected by the command that selects the
   * cluster). Default: none, and `meshwalk` is refused, saying so.
   */
  runOwn?: RunOwn;
  /** Test seam: the clock handed to the simulator. Default Date.now. */
  now?: () => number;
}

export function createSimCluster(o: SimClusterOptions): Cluster {
  const propagationMs = o.propagationMs ?? DEFAULT_PROPAGATION_MS;
  const now = o.now ?? Date.now;
  return {
    kind: 'sim',
    description: `simulated cluster (state in ${o.stateDir}, changes take ${propagationMs} ms to propagate)`,
    async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
      const started = performance.now();
      const finish = (r: ProcessResult, extra: Partial<CommandResult> = {}): CommandResult => {
        if (r.stdout) options.onOutput?.(r.stdout, 'stdout');
        if (r.stderr) options.onOutput?.(r.stderr, 'stderr');
        return {
          argv,
          ...r,
          timedOut: false,
          cancelled: options.signal?.aborted ?? false,
          durationMs: Math.round(performance.now() - started),
          ...extra,
        };
      };
      if (options.signal?.aborted) return finish({ exitCode: 130, stdout: '', stderr: '' }, { cancelled: true });
      const refused = options.paths && pathRefusal(options.paths, o.cwd);
      if (refused) throw new CommandError(`refused to run "${formatCommand(argv)}": ${refused}`, argv);
      const program = argv[0] ?? '';
      if ((SIMULATED_PROGRAMS as readonly string[]).includes(program)) {
        const runSim = o.runSim ?? (await loadSimulator());
        const r = await runSim(argv, {
          stateDir: o.stateDir,
          propagationMs,
          cwd: o.cwd,
          now: now(),
          ...(o.istio !== undefined ? { istio: o.istio } : {}),
          ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
          ...(options.literal ? { literal: options.literal } : {}),
        });
        return finish(r);
      }
      if (program === 'meshwalk') {
        // `explain` in a lesson reads this session's simulated cluster, never one a lesson names.
        const bound = argv[1] === 'explain' ? [...argv.slice(1), '--state', o.stateDir] : argv.slice(1);
        if (o.runOwn) return finish(await o.runOwn(bound, { stdin: options.stdin ?? '', cwd: o.cwd, env: o.env }));
        return finish({
          exitCode: NOT_SIMULATED_EXIT,
          stdout: '',
          stderr: 'meshwalk: this simulated cluster was started without meshwalk itself, so it cannot run `meshwalk`\n',
        });
      }
      if ((HOST_PROGRAMS as readonly string[]).includes(program)) {
        return runProcess(argv, { cwd: o.cwd, env: o.env }, options);
      }
      return finish({
        exitCode: NOT_SIMULATED_EXIT,
        stdout: '',
        stderr: `meshwalk: the simulated cluster cannot run \`${program}\`: it runs ${[...SIMULATED_PROGRAMS, 'meshwalk', ...HOST_PROGRAMS].join(', ')} only (use --cluster current for a real cluster)\n`,
      });
    },
  };
}

async function loadSimulator(): Promise<RunSim> {
  const mod = (await import('../sim/simulator.js')) as { runSimCommand: RunSim };
  return mod.runSimCommand;
}

/** `meshwalk token ...` inside a lesson: the same meshwalk, in this process, its output captured. */
export function inProcess(meshwalk: RunMeshwalk): RunOwn {
  return async (args, o) => {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      stdout: { write: (c: string) => void (stdout += c) },
      stderr: { write: (c: string) => void (stderr += c) },
      readStdin: async () => o.stdin,
      env: o.env,
      cwd: o.cwd,
      meshwalk,
    };
    const exitCode = await meshwalk([...args], io);
    return { exitCode, stdout, stderr };
  };
}
