/**
 * `kubectl exec POD|TYPE/NAME [-c C] [-i] [-t] -- COMMAND...`: runs the program in the pod: the
 * container's shell and programs (src/sim/shell), curl and wget through the simulated network (runProcess). A non-zero remote exit is reported as kubectl does:
 * `command terminated with exit code N` on stderr, and kubectl exits N.
 */
import { NOT_SIMULATED_EXIT } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { formatApiError } from '../kube/api-error.js';
import { notFound } from '../kube/api.js';
import { selectorMatches } from '../kube/selectors.js';
import { podsOf } from '../kube/workloads.js';
import { runningContainers } from '../kube/native-sidecars.js';
import { runInContainer } from '../shell/container.js';
import { bool, flag } from './flags.js';
import { type Kctl, fail, isResult, refuse, resolveType } from './common.js';

export const EXEC_FLAGS = {
  container: { value: true, short: 'c' },
  stdin: { value: false, short: 'i' },
  tty: { value: false, short: 't' },
  quiet: { value: false, short: 'q' },
  'pod-running-timeout': { value: true },
} as const;

type Container = { name: string };

/** The pod `kubectl exec`/`logs` picks for a pod name or TYPE/NAME (deploy/x, svc/x). */
export function targetPod(k: Kctl, word: string): K8sObject | { error: string } | { refuse: string } {
  const slash = word.indexOf('/');
  const typeName = slash === -1 ? 'pod' : word.slice(0, slash);
  const name = slash === -1 ? word : word.slice(slash + 1);
  const type = resolveType(k, typeName);
  if (isResult(type)) return { error: type.stderr.trimEnd() };
  const obj = k.store.get(type.kind, type.namespaced ? k.ns : undefined, name);
  if (!obj) return { error: formatApiError(notFound(type, name)) };
  const ready = (pods: K8sObject[]) =>
    pods.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
  switch (type.kind) {
    case 'Pod':
      return obj;
    case 'Deployment': {
      const pod = ready(podsOf(k.store, obj))[0];
      return pod ?? { error: `error: cannot exec into deployment.apps/${name}: no pods found` };
    }
    case 'Service': {
      const sel = (obj.spec as { selector?: Record<string, string> } | undefined)?.selector;
      const pod = sel
        ? ready(k.store.list('Pod', k.ns).filter((p) => selectorMatches({ matchLabels: sel }, p.metadata.labels)))[0]
        : undefined;
      return (
        pod ?? {
          error: `error: cannot attach to *v1.Service: invalid service '${name}': Service is defined without a selector`,
        }
      );
    }
    default:
      return { refuse: `kubectl exec into a ${type.kind}` };
  }
}

export async function exec(k: Kctl) {
  const [target, ...extra] = k.args.positionals;
  const command = k.args.rest;
  if (!target)
    return fail(
      k.out,
      `error: pod, type/name or --filename must be specified\nSee 'kubectl exec -h' for help and examples`,
    );
  if (extra.length > 0)
    return fail(
      k.out,
      "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
    );
  if (!command || command.length === 0)
    return fail(k.out, 'error: you must specify at least one command for the container');
  const pod = targetPod(k, target);
  if ('refuse' in pod) return refuse(pod.refuse as string);
  if ('error' in pod) return fail(k.out, pod.error as string);
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = spec.containers ?? [];
  let container = flag(k.args, 'container');
  if (container === undefined) {
    const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    container = annotated && containers.some((c) => c.name === annotated) ? annotated : (containers[0]?.name ?? '');
    if (!annotated && containers.length > 1 && !bool(k.args, 'quiet')) {
      const all = [...containers.map((c) => c.name), ...(spec.initContainers ?? []).map((c) => `${c.name} (init)`)];
      k.out.err(`Defaulted container "${container}" out of: ${all.join(', ')}`);
    }
  } else if (!runningContainers(spec).some((c) => c.name === container)) {
    // Containers, and native sidecars (init containers with restartPolicy: Always, Istio 1.27+), run.
    return fail(k.out, `error: unable to upgrade connection: container not found ("${container}")`);
  }
  if (bool(k.args, 'tty')) k.out.err('Unable to use a TTY - input is not a terminal or the right kind of file');
  const stdin = bool(k.args, 'stdin') ? await k.readStdin() : '';
  const origin = { kind: 'pod', pod, container } as const;
  // The container's shell and programs first (sh -c, nc, cat, …); curl and wget go to the network.
  const inContainer = await runInContainer({ origin, argv: command, stdin, view: k.view(), runProcess: k.runProcess });
  const r = inContainer ?? k.runProcess(origin, command, stdin, k.view());
  if (r === undefined)
    return refuse(
      `running \`${command[0] ?? ''}\` inside a pod`,
      'the simulated pods run curl, wget, nc, sh -c and the sample apps',
    );
  k.out.stdout += r.stdout;
  k.out.stderr += r.stderr;
  // A refusal is the simulator's answer, not the remote command's exit: kubectl's line would pretend it ran.
  const refused = r.exitCode === NOT_SIMULATED_EXIT && /^meshwalk sim: /m.test(r.stderr);
  if (r.exitCode !== 0 && !refused) k.out.err(`command terminated with exit code ${r.exitCode}`);
  return k.out.done(r.exitCode);
}
