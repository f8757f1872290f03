/**
 * `kubectl wait --for=condition=X|delete` and `kubectl rollout restart|status`. Simulated pods are
 * ready at once, so waiting ends at once; a condition that can never hold is reported as the
 * timeout kubectl would give (without making the learner wait for it).
 */
import type { K8sObject } from '../../kube/object.js';
import { serverUpdate } from '../kube/api.js';
import { formatApiError, isApiError } from '../kube/api-error.js';
import { notFound } from '../kube/api.js';
import { qualifiedSingular } from '../kube/resources.js';
import { matches, parseSelector } from '../kube/selectors.js';
import { bool, flag } from './flags.js';
import { type Kctl, fail, isResult, parseTargets, refuse } from './common.js';

export const WAIT_FLAGS = {
  for: { value: true },
  timeout: { value: true },
  selector: { value: true, short: 'l' },
  all: { value: false },
  'all-namespaces': { value: false, short: 'A' },
} as const;

export const ROLLOUT_FLAGS = {
  timeout: { value: true },
  watch: { value: true, short: 'w' },
  revision: { value: true },
} as const;

function conditionTrue(o: K8sObject, cond: string): boolean {
  const conds = (o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conds.some((c) => c.type.toLowerCase() === cond.toLowerCase() && c.status === 'True');
}

export async function wait(k: Kctl) {
  const forWhat = flag(k.args, 'for');
  if (!forWhat) return fail(k.out, `error: --for must be set`);
  const m = /^condition=([^=]+)(?:=(.*))?$/i.exec(forWhat);
  if (!m && forWhat !== 'delete')
    return refuse(`kubectl wait --for=${forWhat}`, 'use --for=condition=... or --for=delete');
  const targets = parseTargets(k, k.args.positionals);
  if (isResult(targets)) return targets;
  if (targets.length === 0) return fail(k.out, `error: resource(s) were provided, but no name was specified`);
  const sel = flag(k.args, 'selector');
  const reqs = sel === undefined ? [] : parseSelector(sel);
  if (!Array.isArray(reqs)) return fail(k.out, `error: ${reqs.error}`);
  const objs: { o: K8sObject | undefined; name: string; t: (typeof targets)[number] }[] = [];
  for (const t of targets) {
    const ns = t.type.namespaced ? k.ns : undefined;
    if (t.name === '') {
      if (sel === undefined && !bool(k.args, 'all'))
        return fail(k.out, `error: resource(s) were provided, but no name was specified`);
      for (const o of k.store.listSorted(t.type.kind, ns).filter((o) => matches(reqs, o.metadata.labels)))
        objs.push({ o, name: o.metadata.name, t });
    } else objs.push({ o: k.store.get(t.type.kind, ns, t.name), name: t.name, t });
  }
  if (objs.length === 0) return fail(k.out, 'error: no matching resources found');
  let exit = 0;
  for (const { o, name, t } of objs) {
    if (forWhat === 'delete') {
      if (o) {
        k.out.err(`error: timed out waiting for the condition on ${t.type.plural}/${name}`);
        exit = 1;
      }
      continue;
    }
    if (!o) {
      k.out.err(formatApiError(notFound(t.type, name)));
      exit = 1;
      continue;
    }
    const want = m?.[2];
    const ok =
      want === undefined
        ? conditionTrue(o, m?.[1] ?? '')
        : ((o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
            (c) =>
              c.type.toLowerCase() === (m?.[1] ?? '').toLowerCase() && c.status.toLowerCase() === want.toLowerCase(),
          );
    if (ok) k.out.out(`${qualifiedSingular(t.type)}/${name} condition met`);
    else {
      k.out.err(`error: timed out waiting for the condition on ${t.type.plural}/${name}`);
      exit = 1;
    }
  }
  return k.out.done(exit);
}

export async function rollout(k: Kctl) {
  const [action, ...rest] = k.args.positionals;
  if (action !== 'restart' && action !== 'status')
    return refuse(`kubectl rollout ${action ?? ''}`.trim(), 'rollout restart and rollout status are simulated');
  const targets = parseTargets(k, rest);
  if (isResult(targets)) return targets;
  if (targets.length === 0) return fail(k.out, `error: required resource not specified`);
  let exit = 0;
  for (const t of targets) {
    if (t.type.kind !== 'Deployment') return refuse(`kubectl rollout ${action} ${t.type.plural}`);
    if (t.name === '') return refuse(`kubectl rollout ${action} without a name`);
    const live = k.store.get('Deployment', k.ns, t.name);
    if (!live) {
      k.out.err(formatApiError(notFound(t.type, t.name)));
      exit = 1;
      continue;
    }
    if (action === 'status') {
      // rollout_status.go: pods still waiting (a volume that cannot mount) keep it from finishing.
      const st = (live.status ?? {}) as { updatedReplicas?: number; availableReplicas?: number };
      const available = st.availableReplicas ?? 0;
      const updated = st.updatedReplicas ?? 0;
      if (available < updated) {
        k.out.out(
          `Waiting for deployment "${t.name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
        );
        if (flag(k.args, 'timeout') === undefined)
          return refuse(
            `kubectl rollout status of a deployment that cannot finish`,
            'it waits forever; give --timeout',
          );
        k.out.err('error: timed out waiting for the condition');
        exit = 1;
        continue;
      }
      k.out.out(`deployment "${t.name}" successfully rolled out`);
      continue;
    }
    const next = structuredClone(live);
    const tpl = ((next.spec as { template?: { metadata?: { annotations?: Record<string, string> } } }).template ??= {});
    tpl.metadata = {
      ...(tpl.metadata ?? {}),
      annotations: {
        ...(tpl.metadata?.annotations ?? {}),
        'kubectl.kubernetes.io/restartedAt': new Date(k.store.now).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
    const r = serverUpdate(k.store, t.type, live, next);
    if (isApiError(r)) {
      k.out.err(formatApiError(r));
      exit = 1;
    } else k.out.out(`deployment.apps/${t.name} restarted`);
  }
  return k.out.done(exit);
}
