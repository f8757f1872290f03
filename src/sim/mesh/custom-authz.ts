/**
 * The CUSTOM stage of one decision: the check request Envoy's ext_authz filter sends to the
 * provider (HTTP providers send only the included headers), and what the answer does: a denial
 * is the authorizer's status, body and headers; an allow lets DENY and ALLOW policies decide,
 * with the authorizer's headers added upstream (gRPC: all; HTTP: headersToUpstreamOnAllow).
 */
import type { AuthzContext } from './authz-context.js';
import type { AuthzVerdict } from './authz.js';
import type { MeshConfig } from './config.js';
import { headerListed, type ExtAuthzCheck } from './ext-authz.js';
import type { TraceEntry } from './model.js';

type Custom = Extract<AuthzVerdict, { verdict: 'custom' }>;

export type CustomResult =
  | { kind: 'allowed'; upstreamHeaders: Readonly<Record<string, string>> }
  | { kind: 'denied'; status: number; body: string; headers: Readonly<Record<string, string>>; why: string }
  /** A TCP filter chain with an HTTP provider: Istio builds no ext_authz filter (builder.go buildTCP). */
  | { kind: 'ignored' }
  | { kind: 'not-simulated'; reason: string };

export function runCustom(
  config: MeshConfig,
  v: Custom,
  ctx: AuthzContext,
  trace: TraceEntry[] | undefined,
): CustomResult {
  const p = v.provider;
  const at = { stage: 'authz-custom' as const, policy: v.policy, rule: v.rule };
  if (!ctx.http) {
    if (p.protocol === 'http') {
      trace?.push({
        ...at,
        why: `provider ${p.name} is envoyExtAuthzHttp: Istio ignores CUSTOM on a TCP filter chain`,
      });
      return { kind: 'ignored' };
    }
    return { kind: 'not-simulated', reason: `CUSTOM authorization of TCP traffic (provider ${p.name})` };
  }
  const all = ctx.headers ?? {};
  const headers =
    p.protocol === 'grpc'
      ? all
      : Object.fromEntries(Object.entries(all).filter(([k]) => headerListed(p.includeRequestHeadersInCheck, k)));
  const check: ExtAuthzCheck = {
    method: ctx.method ?? 'GET',
    host: ctx.host ?? '',
    path: ctx.path ?? '/',
    headers,
    ...(ctx.principal ? { sourcePrincipal: `spiffe://${ctx.principal}` } : {}),
  };
  const answer = config.extAuthzServer(p, check);
  if (!answer) {
    return { kind: 'not-simulated', reason: `the external authorizer of provider ${p.name} (${p.service}:${p.port})` };
  }
  const sent = `provider ${p.name} (${p.protocol === 'grpc' ? 'gRPC' : 'HTTP'} ${p.service}:${p.port})`;
  if (answer.allowed) {
    trace?.push({ ...at, matched: true, why: `${sent} allows: ${answer.why}` });
    const up =
      p.protocol === 'grpc'
        ? answer.upstreamHeaders
        : Object.fromEntries(
            Object.entries(answer.upstreamHeaders).filter(([k]) => headerListed(p.headersToUpstreamOnAllow, k)),
          );
    return { kind: 'allowed', upstreamHeaders: up };
  }
  trace?.push({ ...at, matched: true, why: `${sent} denies: ${answer.why}` });
  const down =
    p.protocol === 'http' && p.headersToDownstreamOnDeny.length > 0
      ? Object.fromEntries(Object.entries(answer.headers).filter(([k]) => headerListed(p.headersToDownstreamOnDeny, k)))
      : answer.headers;
  return {
    kind: 'denied',
    status: answer.status,
    body: answer.body,
    headers: down,
    why: `${sent} denies: ${answer.why}`,
  };
}
