/**
 * `kubectl logs POD|TYPE/NAME|-l SELECTOR [-c CONTAINER] [--tail N]`: a container's log (with a
 * selector, each matching pod's, the last 10 lines unless --tail says otherwise). Only the
 * istio-proxy container's log is modelled (Envoy's RBAC debug lines and access log, kept by
 * kube/proxy-logs.ts); an application container's output is refused, as is streaming (-f).
 * Container choice and messages follow kubectl's logs command (staging/src/k8s.io/kubectl/pkg/
 * cmd/logs/logs.go and polymorphichelpers/logsforobject.go).
 */
import type { K8sObject } from '../../kube/object.js';
import { runningContainers } from '../kube/native-sidecars.js';
import { proxyLogOf } from '../kube/proxy-logs.js';
import { bool, flag } from './flags.js';
import { type Kctl, fail, refuse } from './common.js';
import { targetPod } from './exec.js';
import { matches, parseSelector } from '../kube/selectors.js';

const USAGE =
  "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n" +
  'POD or TYPE/NAME is a required argument for the logs command\n' +
  "See 'kubectl logs -h' for help and examples";

export const LOGS_FLAGS = {
  container: { value: true, short: 'c' },
  tail: { value: true },
  follow: { value: false, short: 'f' },
  previous: { value: false, short: 'p' },
  timestamps: { value: false },
  since: { value: true },
  'since-time': { value: true },
  'all-containers': { value: false },
  selector: { value: true, short: 'l' },
  prefix: { value: false },
} as const;

const REFUSED = ['follow', 'previous', 'timestamps', 'since', 'since-time', 'all-containers', 'prefix'] as const;

/** kubectl's default --tail with a selector (logs.go: selectorTail). */
const SELECTOR_TAIL = 10;

export async function logs(k: Kctl) {
  for (const f of REFUSED) {
    if (k.args.flags.has(f) && (LOGS_FLAGS[f].value || bool(k.args, f))) {
      return refuse(`kubectl logs --${f}`, 'the simulator keeps a proxy log, not a live stream or its history');
    }
  }
  const [target, container2, ...extra] = k.args.positionals;
  const selector = flag(k.args, 'selector');
  if (selector !== undefined && target === undefined) return bySelector(k, selector);
  if (selector !== undefined) return fail(k.out, 'error: only a selector (-l) or a POD name is allowed');
  if (!target) return fail(k.out, USAGE);
  if (extra.length > 0) return fail(k.out, USAGE);
  const tailText = flag(k.args, 'tail');
  const tail = tailText === undefined ? -1 : Number(tailText);
  if (!Number.isInteger(tail))
    return fail(
      k.out,
      `error: invalid argument "${tailText}" for "--tail" flag: ` +
        `strconv.ParseInt: parsing "${tailText}": invalid syntax`,
    );
  const found = targetPod(k, target);
  if ('refuse' in found) return refuse(String(found.refuse).replace('exec into', 'logs of'));
  if ('error' in found) return fail(k.out, String(found.error).replace('cannot exec into', 'cannot get logs of'));
  const pod = found;
  const chosen = pickContainer(k, pod, flag(k.args, 'container') ?? container2);
  if ('error' in chosen) return fail(k.out, chosen.error);
  if (chosen.name !== 'istio-proxy') {
    return refuse(
      `kubectl logs of container ${chosen.name}`,
      'only the istio-proxy container (Envoy) keeps a simulated log',
    );
  }
  const lines = proxyLogOf(k.store, pod);
  const shown = tail < 0 ? lines : lines.slice(Math.max(0, lines.length - tail));
  if (shown.length > 0) k.out.out(shown.join('\n'));
  return k.out.done(0);
}

async function bySelector(k: Kctl, selector: string) {
  const reqs = parseSelector(selector);
  if (!Array.isArray(reqs)) return fail(k.out, `error: ${reqs.error}`);
  const tailText = flag(k.args, 'tail');
  const tail = tailText === undefined ? SELECTOR_TAIL : Number(tailText);
  if (!Number.isInteger(tail))
    return fail(
      k.out,
      `error: invalid argument "${tailText}" for "--tail" flag: strconv.ParseInt: parsing "${tailText}": invalid syntax`,
    );
  const pods = k.store.listSorted('Pod', k.ns).filter((p) => matches(reqs, p.metadata.labels));
  if (pods.length === 0) {
    k.out.err(`No resources found in ${k.ns} namespace.`);
    return k.out.done(0);
  }
  const shown: string[] = [];
  for (const pod of pods) {
    const chosen = pickContainer(k, pod, flag(k.args, 'container'));
    if ('error' in chosen) return fail(k.out, chosen.error);
    if (chosen.name !== 'istio-proxy')
      return refuse(
        `kubectl logs of container ${chosen.name}`,
        'only the istio-proxy container (Envoy) keeps a simulated log',
      );
    const lines = proxyLogOf(k.store, pod);
    shown.push(...(tail < 0 ? lines : lines.slice(Math.max(0, lines.length - tail))));
  }
  if (shown.length > 0) k.out.out(shown.join('\n'));
  return k.out.done(0);
}

/** The container kubectl picks: -c, else the default-container annotation, else the first one. */
function pickContainer(k: Kctl, pod: K8sObject, asked: string | undefined): { name: string } | { error: string } {
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[] };
  const containers = spec.containers ?? [];
  if (asked !== undefined) {
    const all = [...runningContainers(spec), ...(spec.initContainers ?? [])];
    if (!all.some((c) => c.name === asked))
      return { error: `error: container ${asked} is not valid for pod ${pod.metadata.name}` };
    return { name: asked };
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && containers.some((c) => c.name === annotated)) return { name: annotated };
  const first = containers[0]?.name ?? '';
  if (containers.length > 1) {
    const all = [...containers.map((c) => c.name), ...(spec.initContainers ?? []).map((c) => `${c.name} (init)`)];
    k.out.err(`Defaulted container "${first}" out of: ${all.join(', ')}`);
  }
  return { name: first };
}
