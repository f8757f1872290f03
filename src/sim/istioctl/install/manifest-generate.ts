/**
 * `istioctl manifest generate` (operator/cmd/mesh/manifest-generate.go, 1.24.0): the install's
 * manifests as YAML documents, from the same inputs as `istioctl install`, without touching the
 * cluster. The simulator prints the objects its install holds (service accounts, istiod, the
 * gateways and their services, the mesh ConfigMap); the CRDs, RBAC and webhook configurations of
 * the real charts are not rendered. `manifest` subcommands other than generate are refused.
 */
import { Output, type SimContext, notSimulated } from '../../context.js';
import type { ProcessResult } from '../../types.js';
import { istioMinor } from '../../versions.js';
import { toYaml } from '../../kubectl/output.js';
import { EARLY, resolveFromWords } from './install-command.js';
import { renderInstall } from './render.js';

export async function istioctlManifest(words: readonly string[], ctx: SimContext): Promise<ProcessResult> {
  const out = new Output();
  const [sub, ...rest] = words;
  if (sub !== 'generate')
    return notSimulated(`istioctl manifest ${sub ?? ''}`.trim(), 'istioctl manifest generate is simulated');
  if ((istioMinor(ctx.store.data.istio) ?? 0) < 8)
    return notSimulated(`istioctl manifest generate on Istio ${ctx.store.data.istio}`, EARLY);
  const r = await resolveFromWords(rest, ctx, 'istioctl manifest generate', false, out);
  if ('result' in r) return r.result;
  const docs = await Promise.all((await renderInstall(ctx.store.data.istio, r.install)).map((o) => toYaml(o)));
  return out.out(docs.join('---\n')).done(0);
}
