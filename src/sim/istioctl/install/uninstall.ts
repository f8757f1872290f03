/**
 * `istioctl uninstall --purge` (operator/cmd/mesh/uninstall.go and operator/pkg/uninstall/prune.go,
 * 1.24.0): every object of the installation goes (istiod, the gateways, the mesh ConfigMap, their
 * pods and service accounts) and so do Istio's CRDs, taking every Istio resource with them. What
 * istiod made itself (istio-ca-secret, the istio-ca-root-cert ConfigMaps) and the istio-system
 * namespace stay, as they do on a real cluster.
 *
 * istioctl also prints one "  Removed GVK/NAME.NS." line per object, including the cluster roles,
 * webhooks and CRDs the simulated install does not hold as objects: those lines are left out
 * rather than listed incompletely. Uninstalling one revision (--revision, -f) is not simulated.
 */
import { Output, type SimContext, notSimulated } from '../../context.js';
import type { ProcessResult } from '../../types.js';
import { istioMinor } from '../../versions.js';
import { serverDelete } from '../../kube/api.js';
import { isIstioConfig, typeOfKind } from '../../kube/resources.js';
import { isInstalledComponent } from '../../kube/istio-components.js';
import { setIstioCrds } from '../../kube/istio-crds.js';

const WARNING = 'All Istio resources will be pruned from the cluster\n';

export async function istioctlUninstall(words: readonly string[], ctx: SimContext): Promise<ProcessResult> {
  const out = new Output();
  const minor = istioMinor(ctx.store.data.istio) ?? 0;
  if (minor < 8)
    return notSimulated(
      `istioctl uninstall on Istio ${ctx.store.data.istio}`,
      'its istioctl has no uninstall command (added in 1.8)',
    );
  let purge = false;
  let yes = false;
  for (const w of words) {
    if (w === '--purge') purge = true;
    else if (w === '-y' || w === '--skip-confirmation') yes = true;
    else if (w.startsWith('-'))
      return notSimulated(`istioctl uninstall ${w.split('=')[0] ?? w}`, 'istioctl uninstall --purge [-y] is simulated');
    else return out.err('Error: istioctl uninstall does not take arguments').done(1);
  }
  if (!purge)
    return out
      .err(
        'Error: at least one of the --revision (or --set revision=<revision>), --filename or --purge flags must be set',
      )
      .done(1);
  if (yes) out.out(`${WARNING}\n`);
  else {
    const answer = (await ctx.readStdin()).split('\n')[0]?.trim().toUpperCase() ?? '';
    out.stdout += `${WARNING}Proceed? (y/N) `;
    if (answer !== 'Y' && answer !== 'YES') return out.err('Cancelled.').done(1);
  }
  purgeInstall(ctx);
  return out.err('\u2714 Uninstall complete').done(0);
}

function purgeInstall(ctx: SimContext): void {
  const store = ctx.store;
  for (const o of store.data.objects.filter(isInstalledComponent)) {
    const type = typeOfKind(o.kind, store.data.istio);
    if (type && store.get(o.kind, o.metadata.namespace, o.metadata.name))
      serverDelete(store, type, o.metadata.namespace, o.metadata.name);
  }
  // Deleting a CRD deletes every resource of its kind.
  store.removeWhere((o) => {
    const type = typeOfKind(o.kind, store.data.istio);
    return type !== undefined && isIstioConfig(type);
  });
  setIstioCrds(store, false);
}
