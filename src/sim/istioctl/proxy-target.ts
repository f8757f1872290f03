/**
 * The pod an `istioctl proxy-config` command reaches: `POD[.NS]`, `pod/POD`, or `deploy/NAME` (its
 * first matching pod), which must run a sidecar. Shared by proxy-config and its `log` subcommand.
 */
import { Output, notSimulated, type SimContext } from '../context.js';
import { hasProxy } from '../kube/native-sidecars.js';
import type { ProcessResult } from '../types.js';
import type { K8sObject } from '../../kube/object.js';

/** istioctl's InferPodInfoFromTypedResource: POD[.NS], pod/POD[.NS], deploy/NAME[.NS]. */
export function findPod(
  ctx: SimContext,
  arg: string,
  defaultNs: string,
  secrets = true,
): { pod: K8sObject } | { result: ProcessResult } {
  const slash = arg.lastIndexOf('/');
  const dot = arg.lastIndexOf('.');
  const [resname, ns] = dot > slash ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg, defaultNs];
  let pod: K8sObject | undefined;
  if (!resname.includes('/') || /^(pods?|po)\//.test(resname)) {
    const name = resname.slice(resname.indexOf('/') + 1);
    pod = ctx.store.get('Pod', ns, name);
    if (!pod)
      return {
        result: notSimulated(
          `istioctl proxy-config for a pod that does not exist (${name}.${ns})`,
          'the real istioctl fails to reach its sidecar; check the name with kubectl get pods',
        ),
      };
  } else if (/^(deployments?|deploy)(\.apps)?\//.test(resname)) {
    const name = resname.slice(resname.indexOf('/') + 1);
    const dep = ctx.store.get('Deployment', ns, name);
    if (!dep)
      return {
        result: new Output()
          .err(`Error: failed retrieving: deployments.apps "${name}" not found in the "${ns}" namespace`)
          .done(1),
      };
    const selector =
      (dep.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ?? {};
    pod = ctx.store
      .listSorted('Pod', ns)
      .find((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
    if (!pod) return { result: new Output().err(`Error: no pods match "${resname}"`).done(1) };
  } else
    return { result: notSimulated(`istioctl proxy-config ${resname.split('/')[0]}/...`, 'name a pod or deploy/NAME') };
  // A native sidecar (1.27+) is an init container; istioctl reaches its Envoy all the same.
  if (!hasProxy(pod)) {
    return {
      result: notSimulated(
        `istioctl proxy-config for ${pod.metadata.name}.${ns}, which has no sidecar`,
        'the real istioctl fails to reach Envoy there (the pod is outside the mesh)',
      ),
    };
  }
  if (secrets && pod.metadata.labels?.['istio'] === 'ingressgateway' && hasGatewayCredentials(ctx)) {
    return {
      result: notSimulated(
        'istioctl proxy-config secret on an ingress gateway serving credentialName certificates',
        'the gateway also lists each kubernetes:// secret, which is not modelled',
      ),
    };
  }
  return { pod };
}

function hasGatewayCredentials(ctx: SimContext): boolean {
  return ctx.store
    .list('Gateway')
    .some((g) =>
      ((g.spec as { servers?: { tls?: { credentialName?: string } }[] } | undefined)?.servers ?? []).some(
        (s) => s.tls?.credentialName,
      ),
    );
}
