/**
 * Applies rendered components to the cluster as istioctl's installer does (operator/pkg/install,
 * 1.24.0): each object is created or updated in place, and objects of the installation that the
 * new render no longer has are pruned (a `default` install after `demo` removes the egress
 * gateway). istiod's CA secret is created when istiod starts without one, as istiod does.
 */
import type { K8sObject } from '../../../kube/object.js';
import type { Store } from '../../kube/store.js';
import { serverCreate, serverDelete, serverUpdate } from '../../kube/api.js';
import { typeOfKind } from '../../kube/resources.js';
import { ISTIO_NAMESPACE, isInstalledComponent } from '../../kube/istio-components.js';
import { keyOf } from '../../kube/store.js';

function typeOf(store: Store, kind: string) {
  const t = typeOfKind(kind, store.data.istio);
  if (!t) throw new Error(`install: unknown kind ${kind}`);
  return t;
}

/** True when the stored object already has what the render says. */
function sameAs(live: K8sObject, want: K8sObject): boolean {
  const pick = (o: K8sObject) => JSON.stringify([o.metadata.labels ?? {}, o.spec ?? null, o.data ?? null]);
  if (live.kind === 'Deployment' || live.kind === 'Service') {
    // The server defaults spec fields (clusterIP, strategy...): compare what the render sets.
    // Removed settings do not show in that comparison: istiod's env is compared whole.
    const env = (o: K8sObject) =>
      JSON.stringify(
        (
          (o.spec?.['template'] as { spec?: { containers?: { env?: unknown }[] } } | undefined)?.spec?.containers ?? []
        ).map((c) => c.env ?? []),
      );
    return (
      JSON.stringify(live.metadata.labels ?? {}) === JSON.stringify(want.metadata.labels ?? {}) &&
      covers(live.spec, want.spec) &&
      env(live) === env(want)
    );
  }
  return pick(live) === pick(want);
}

function covers(live: unknown, want: unknown): boolean {
  if (Array.isArray(want))
    return Array.isArray(live) && live.length === want.length && want.every((w, i) => covers(live[i], w));
  if (typeof want === 'object' && want !== null) {
    if (typeof live !== 'object' || live === null) return false;
    return Object.entries(want).every(([k, v]) => covers((live as Record<string, unknown>)[k], v));
  }
  return live === want;
}

/** Creates, updates and prunes; returns nothing, the store records every change. */
export function reconcileComponents(store: Store, rendered: readonly K8sObject[], withIstiod: boolean): void {
  if (!store.get('Namespace', undefined, ISTIO_NAMESPACE)) {
    serverCreate(store, typeOf(store, 'Namespace'), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ISTIO_NAMESPACE },
    });
  }
  const wanted = new Set(rendered.map((o) => keyOf(o.kind, o.metadata.namespace, o.metadata.name)));
  for (const obj of rendered) {
    const type = typeOf(store, obj.kind);
    const live = store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (!live) serverCreate(store, type, obj);
    else if (!sameAs(live, obj)) {
      const next = {
        ...structuredClone(live),
        metadata: { ...live.metadata, labels: obj.metadata.labels },
        spec: obj.spec,
        data: obj.data,
      };
      if (obj.data === undefined) delete next.data;
      if (obj.kind === 'Service') next.spec = { ...(live.spec ?? {}), ...(obj.spec ?? {}) };
      serverUpdate(store, type, live, next as K8sObject);
    }
  }
  const stale = store.data.objects.filter(
    (o) => isInstalledComponent(o) && !wanted.has(keyOf(o.kind, o.metadata.namespace, o.metadata.name)),
  );
  for (const o of stale) serverDelete(store, typeOf(store, o.kind), o.metadata.namespace, o.metadata.name);
  if (withIstiod && !store.get('Secret', ISTIO_NAMESPACE, 'istio-ca-secret')) {
    const pem = (what: string) =>
      Buffer.from(`-----BEGIN ${what}-----\n(simulated)\n-----END ${what}-----\n`).toString('base64');
    serverCreate(store, typeOf(store, 'Secret'), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'istio-ca-secret', namespace: ISTIO_NAMESPACE },
      type: 'istio.io/ca-root',
      data: {
        'ca-cert.pem': pem('CERTIFICATE'),
        'ca-key.pem': pem('RSA PRIVATE KEY'),
        'cert-chain.pem': '',
        'key.pem': '',
        'root-cert.pem': '',
      },
    });
  }
}
