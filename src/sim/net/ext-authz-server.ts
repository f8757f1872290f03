/**
 * The external authorizers CUSTOM policies call, as the cluster runs them: the provider's
 * service resolved to its endpoints, and Istio's ext-authz sample (samples/extauthz, image
 * `.../ext-authz`) answering as its Go servers do (cmd/extauthz/main.go): allow when the check
 * carries `x-ext-authz: allow` (the gRPC server, lacking that header, also allows the service
 * account `a`), else 403 with its deny body. The sample's `x-ext-authz-check-received` header (a
 * dump of the whole check request) is not reproduced. Other authorizer images are not modelled.
 */
import type { ClusterView } from '../types.js';
import type { ExtAuthzAnswer, ExtAuthzServer } from '../mesh/ext-authz.js';
import { containers, endpoints, servicePorts, targetPortOn } from './cluster-index.js';

const CHECK_HEADER = 'x-ext-authz';
const RESULT_HEADER = 'x-ext-authz-check-result';
const OVERRIDE_HEADER = 'x-ext-authz-additional-header-override';
const OVERRIDE_GRPC_VALUE = 'grpc-additional-header-override-value';
export const EXT_AUTHZ_DENY_BODY = 'denied by ext_authz for not found header `x-ext-authz: allow` in the request';
const SAMPLE_IMAGE = /(^|\/)ext-authz(:|@|$)/;
/** The sample's listeners (main.go flags -http 8000, -grpc 9000). */
const SAMPLE_PORTS = { http: 8000, grpc: 9000 } as const;

export function extAuthzServer(view: ClusterView): ExtAuthzServer {
  return (provider, check) => {
    const host = provider.service.includes('/') ? provider.service.split('/')[1]! : provider.service;
    const [name, ns] = host.replace(/\.svc\.cluster\.local$|\.svc$/, '').split('.');
    const svc = name && ns ? view.get('Service', ns, name) : undefined;
    const sp = svc ? servicePorts(svc).find((p) => p.port === provider.port) : undefined;
    const pod = svc ? endpoints(svc, view)[0] : undefined;
    if (!svc || !sp || !pod) {
      // No endpoint: the check fails; ext_authz answers statusOnError unless failOpen.
      const why = `no endpoint of ${provider.service}:${provider.port}`;
      if (provider.failOpen) return { allowed: true, upstreamHeaders: {}, why: `${why}; failOpen` };
      return { allowed: false, status: provider.statusOnError, body: '', headers: {}, why };
    }
    const app = containers(pod).find((c) => SAMPLE_IMAGE.test(String(c.image ?? '')));
    const target = targetPortOn(sp, pod);
    if (!app || target !== SAMPLE_PORTS[provider.protocol]) return undefined;
    return sampleAnswer(provider.protocol, check.headers, check.sourcePrincipal);
  };
}

function sampleAnswer(
  protocol: 'http' | 'grpc',
  headers: Readonly<Record<string, string>>,
  principal: string | undefined,
): ExtAuthzAnswer {
  const value = headers[CHECK_HEADER];
  const allowSa = value === undefined && protocol === 'grpc' && principal?.endsWith('/sa/a') === true;
  const allowed = value === 'allow' || allowSa;
  const override = protocol === 'grpc' ? OVERRIDE_GRPC_VALUE : (headers[OVERRIDE_HEADER] ?? '');
  const why = allowed
    ? allowSa
      ? 'the source service account is `a`'
      : '`x-ext-authz: allow` is in the check request'
    : value === undefined
      ? '`x-ext-authz` is not in the check request'
      : `\`x-ext-authz: ${value}\` is not \`allow\``;
  if (allowed) return { allowed, upstreamHeaders: { [RESULT_HEADER]: 'allowed', [OVERRIDE_HEADER]: override }, why };
  const deny: Record<string, string> = { [RESULT_HEADER]: 'denied', [OVERRIDE_HEADER]: override };
  // Go's net/http sniffs the written body's type.
  if (protocol === 'http') deny['content-type'] = 'text/plain; charset=utf-8';
  return { allowed, status: 403, body: EXT_AUTHZ_DENY_BODY, headers: deny, why };
}
