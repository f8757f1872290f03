/**
 * `istioctl experimental wait --for=distribution KIND NAME[.NS]` as each release behaves
 * (istioctl/pkg/wait/wait.go; istioctl/cmd/wait.go before 1.20):
 *   1.16-1.22  istiod ships with PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING=false, so the
 *              command fails with "pilot version tracking is disabled ..." (exit 1);
 *   1.23+      the command no longer exists in istioctl;
 *   up to 1.15 tracking was on and istioctl counted per-proxy config versions: that count is not
 *              modelled, so it is refused rather than invented.
 * On the simulated cluster a change reaches the sidecars after the propagation delay.
 */
import { Output, type SimContext, notSimulated } from '../context.js';
import type { ProcessResult } from '../types.js';
import { istioMinor } from '../versions.js';
import { servedResources } from '../kube/resources.js';

const DISABLED = 'Error: pilot version tracking is disabled (To enable this feature, please set PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING=true)';

export function istioctlWait(words: readonly string[], ctx: SimContext): ProcessResult {
  const minor = istioMinor(ctx.store.data.istio) ?? 0;
  const delay = `on the simulated cluster a change reaches the sidecars ${ctx.propagationMs} ms after it is applied`;
  if (minor >= 23) return notSimulated(`istioctl experimental wait on Istio ${ctx.store.data.istio}`, `its istioctl has no wait command (removed in 1.23); ${delay}`);
  if (minor <= 15) return notSimulated(`istioctl experimental wait on Istio ${ctx.store.data.istio}`, `its per-proxy distribution count is not modelled; ${delay}`);
  let ns: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '-n' || w === '--namespace') ns = words[++i];
    else if (w.startsWith('--namespace=')) ns = w.slice(12);
    else if (w === '--for=distribution' || w.startsWith('--timeout=') || w.startsWith('--threshold=')) continue;
    else if (w === '--for' && words[i + 1] === 'distribution') i++;
    else if (w === '--timeout' || w === '--threshold') i++;
    else if (w.startsWith('-')) return notSimulated(`istioctl experimental wait ${w.split('=')[0] ?? w}`);
    else args.push(w);
  }
  if (args.length !== 2) return notSimulated('istioctl experimental wait without exactly a type and a name');
  const [kind = '', target = ''] = args;
  const type = servedResources(ctx.store.data.istio).find((r) => r.group.endsWith('istio.io') && r.kind.toLowerCase() === kind.replace(/-/g, '').toLowerCase());
  if (!type) return notSimulated(`istioctl experimental wait for type ${kind}`);
  const dot = target.lastIndexOf('.');
  const [name, namespace] = dot > 0 ? [target.slice(0, dot), target.slice(dot + 1)] : [target, ns ?? 'default'];
  if (!ctx.store.get(type.kind, namespace, name)) return notSimulated(`istioctl experimental wait for a ${type.kind} that does not exist (${name}.${namespace})`);
  // It reads the resource's version from Kubernetes, then asks istiod, which answers that tracking is off.
  return new Output().err(DISABLED).done(1);
}
