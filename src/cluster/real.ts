import { classifyKubectlStderr, describeKubectlFailure } from './kubectl-failure.js';
import { ownCommand } from './own-command.js';
import { pathRefusal } from './path-guard.js';
import { CommandError, DEFAULT_TIMEOUT_MS, type Cluster, type CommandResult, type RunOptions } from './port.js';
import { formatCommand, processRunner, type ProcessOptions } from './run-process.js';

export interface RealClusterOptions {
  /** The kube context every kubectl and istioctl call is pinned to (`--context NAME`). */
  context: string;
  /** Working directory of every command (where lesson files such as tls.crt land). */
  cwd: string;
  /** The commands' whole environment; its PATH decides which kubectl runs. */
  env: Record<string, string | undefined>;
  /** minikube profile pinned on `minikube` calls (`-p NAME`). Default: none (minikube's active profile). */
  minikubeProfile?: string;
  /** The command that starts this cluster, suggested when it cannot be reached. Default: none. */
  startHint?: string;
  /** What the learner is told they run against. Default: `kube context "NAME"`. */
  description?: string;
  /** Grace between SIGTERM and SIGKILL of a command's process group. Default 2000 ms. */
  killGraceMs?: number;
}

/** A real cluster that also says which context it is pinned to. */
export interface RealCluster extends Cluster {
  readonly kind: 'real';
  readonly context: string;
}

/**
 * The execa adapter of the cluster port. Every kubectl/istioctl call carries `--context NAME`,
 * so `kubectl config use-context` in another terminal mid-lesson cannot redirect meshwalk
 * (Tilt pins its context for the same reason). A kubectl connection or
 * kubeconfig failure comes back as one clear line on stderr instead of kubectl's retry noise.
 */
export function createRealCluster(o: RealClusterOptions): RealCluster {
  const processOptions: ProcessOptions = {
    cwd: o.cwd,
    env: o.env,
    ...(o.killGraceMs === undefined ? {} : { killGraceMs: o.killGraceMs }),
  };
  const run = processRunner(processOptions);
  return {
    kind: 'real',
    context: o.context,
    description: o.description ?? `kube context "${o.context}"`,
    // What `run` executes, for the screen: the same pinning. `meshwalk` stays `meshwalk` (it is
    // this meshwalk; the node path it resolves to says nothing to a learner).
    displayArgv(argv: readonly string[], options: { timeoutMs?: number } = {}): readonly string[] {
      if (argv[0] === 'meshwalk') return [...argv];
      try {
        return pinArgv(argv, {
          context: o.context,
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(o.minikubeProfile === undefined ? {} : { minikubeProfile: o.minikubeProfile }),
        });
      } catch {
        return [...argv]; // `run` refuses it, with the reason
      }
    },
    async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
      const refused = options.paths && pathRefusal(options.paths, o.cwd);
      if (refused) throw new CommandError(`refused to run "${formatCommand(argv)}": ${refused}`, argv);
      const pinned = pinArgv(argv, {
        context: o.context,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(o.minikubeProfile === undefined ? {} : { minikubeProfile: o.minikubeProfile }),
      });
      const result = await run(pinned, options);
      if (pinned[0] !== 'kubectl' || result.exitCode === 0 || result.timedOut || result.cancelled) return result;
      const failure = classifyKubectlStderr(result.stderr);
      if (!failure) return result;
      return { ...result, stderr: `${describeKubectlFailure(failure, o.context, o.startHint)}\n` };
    },
  };
}

export interface PinOptions {
  context: string;
  /** The command's own timeout, from which kubectl's `--request-timeout` is derived. */
  timeoutMs: number;
  minikubeProfile?: string;
}

/** kubectl verbs that make bounded requests, where `--request-timeout` makes a hung server fail in kubectl's own words. */
const boundedVerbs = new Set([
  'get',
  'describe',
  'apply',
  'create',
  'label',
  'annotate',
  'patch',
  'replace',
  'api-resources',
  'api-versions',
  'cluster-info',
  'auth',
  'explain',
]);
/** kubectl flags that take a separate value, so the value is not mistaken for the verb. */
const kubectlValueFlags = new Set([
  '-n',
  '--namespace',
  '--context',
  '--kubeconfig',
  '--cluster',
  '--user',
  '-s',
  '--server',
  '--as',
  '--request-timeout',
  '-l',
  '-o',
]);

/**
 * The argv that really runs: `--context` pinned on kubectl and istioctl, `-p` on minikube,
 * `--request-timeout` on bounded kubectl calls, and `meshwalk` resolved to this meshwalk.
 * A command naming a different context is refused, never silently redirected.
 */
export function pinArgv(argv: readonly string[], o: PinOptions): string[] {
  const [tool, ...rest] = argv;
  switch (tool) {
    case 'kubectl': {
      const out = withContext('kubectl', rest, o.context, argv);
      const verb = findVerb(rest);
      const watching = rest.some((a) => a === '-w' || a === '--watch' || a.startsWith('--watch'));
      if (verb && boundedVerbs.has(verb) && !watching && !rest.some((a) => a.startsWith('--request-timeout'))) {
        out.splice(3, 0, `--request-timeout=${Math.max(1, Math.floor((o.timeoutMs * 0.8) / 1000))}s`);
      }
      return out;
    }
    case 'istioctl':
      return withContext('istioctl', rest, o.context, argv);
    case 'minikube':
      if (
        o.minikubeProfile === undefined ||
        rest.some((a) => a === '-p' || a === '--profile' || a.startsWith('--profile=') || a.startsWith('-p='))
      )
        return [...argv];
      return ['minikube', '-p', o.minikubeProfile, ...rest];
    case 'meshwalk':
      // `explain --cluster current` reads the kube current context, which need not be the one
      // pinned here: inside a lesson it runs on the simulated cluster only.
      if (rest[0] === 'explain') {
        const instead = 'in a lesson on a real cluster, run `meshwalk explain --cluster current` in your own terminal';
        throw new CommandError(`refusing to run "${formatCommand(argv)}": ${instead}`, argv);
      }
      return [...ownCommand(), ...rest];
    default:
      return [...argv];
  }
}

function withContext(tool: string, rest: readonly string[], context: string, argv: readonly string[]): string[] {
  const named = namedContext(rest);
  if (named === undefined) return [tool, '--context', context, ...rest];
  if (named === context) return [tool, ...rest];
  throw new CommandError(
    `refusing to run "${formatCommand(argv)}": it names kube context "${named}" but meshwalk is pinned to "${context}"`,
    argv,
  );
}

/** The value of `--context X` / `--context=X` before any `--` (after it, the args belong to the remote command). */
function namedContext(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') return undefined;
    if (a === '--context') return args[i + 1] ?? '';
    if (a.startsWith('--context=')) return a.slice('--context='.length);
  }
  return undefined;
}

function findVerb(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (kubectlValueFlags.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}
