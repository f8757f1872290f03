/**
 * injection.Analyzer (pkg/config/analysis/analyzers/injection/injection.go, 1.24.0-1.30.3):
 * IST0102 for a namespace with neither `istio-injection` nor `istio.io/rev` (IST0148 instead when the injector
 * enables namespaces by default), IST0123 for a namespace with more than one kind of injection label, and
 * IST0103 for a pod without an `istio-proxy` container in an `istio-injection=enabled` namespace.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { type Resource, fieldLine } from '../resource.js';
import { hasProxy } from '../in-mesh.js';

const REV = 'istio.io/rev';
const DATAPLANE_MODE = 'istio.io/dataplane-mode';

interface Container {
  name?: string;
  image?: string;
}
interface PodSpec {
  hostNetwork?: boolean;
  containers?: Container[];
  initContainers?: Container[];
}

export const injectionAnalyzer: Analyzer = {
  name: 'injection.Analyzer',
  description: 'Checks conditions related to Istio sidecar injection',
  analyze({ snapshot, report }) {
    // Carried from one namespace to the next, as the Go loop's variable is.
    let enableByDefault = false;
    const injected = new Set<string>();
    for (const r of snapshot.list('Namespace')) {
      const ns = r.obj.metadata.name;
      if (ns === 'istio-system') continue;
      const labels = r.obj.metadata.labels ?? {};
      const injection = labels['istio-injection'];
      const istioLabels = injection === undefined ? [] : [`istio-injection=${injection}`];
      for (const l of [REV, DATAPLANE_MODE]) {
        const counts = injection === undefined || injection === 'enabled';
        if (labels[l] !== undefined && counts) istioLabels.push(`${l}=${labels[l]}`);
      }
      if (istioLabels.length > 1) report(message(MESSAGES.NamespaceMultipleInjectionLabels, r, istioLabels));
      if (labels[DATAPLANE_MODE] === 'ambient') continue;
      const cm = snapshot.list('ConfigMap').find((c) => c.obj.metadata.name === injectorConfigMapName(labels[REV]));
      if (cm) enableByDefault = enablesNamespacesByDefault(cm);
      if (!injection && labels[REV] === undefined) {
        if (enableByDefault) {
          report(message(MESSAGES.NamespaceInjectionEnabledByDefault, r));
          continue;
        }
        const m = message(MESSAGES.NamespaceNotInjected, r, ns, ns);
        report({ ...m, line: fieldLine(r, '{.metadata.name}') });
        continue;
      }
      if (injection === 'enabled') injected.add(ns);
    }
    for (const r of snapshot.list('Pod')) {
      const { namespace = '', name, labels = {}, annotations = {} } = r.obj.metadata;
      if (!injected.has(namespace)) continue;
      const inject = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
      if (inject?.toLowerCase() === 'false') continue;
      const spec = (r.obj.spec ?? {}) as PodSpec;
      if (spec.hostNetwork) continue;
      if (!hasProxy(spec)) report(message(MESSAGES.PodMissingProxy, r, `${namespace}/${name}`));
    }
  },
};

function injectorConfigMapName(revision: string | undefined): string {
  const name = 'istio-sidecar-injector';
  return revision === undefined || revision === '' || revision === 'default' ? name : `${name}-${revision}`;
}

/** sidecarInjectorWebhook.enableNamespacesByDefault in the injector ConfigMap's `values` JSON. */
function enablesNamespacesByDefault(cm: Resource): boolean {
  try {
    type Values = { sidecarInjectorWebhook?: { enableNamespacesByDefault?: unknown } };
    const values = JSON.parse(cm.obj.data?.['values'] ?? '') as Values;
    return values.sidecarInjectorWebhook?.enableNamespacesByDefault === true;
  } catch {
    return false;
  }
}
