/**
 * CUSTOM authorization's side of the mesh config: the `meshConfig.extensionProviders` entries an
 * AuthorizationPolicy's `provider.name` refers to (envoyExtAuthzHttp, envoyExtAuthzGrpc), and
 * what the external authorizer answers. Istio's builder (pilot/pkg/security/authz/builder/
 * extauthz.go) resolves the provider per workload; an unknown provider, or more than one per
 * workload, turns the CUSTOM rules into DENY rules (builder.go getBadCustomDenyRules).
 */

export interface ExtAuthzProvider {
  name: string;
  /** envoyExtAuthzGrpc or envoyExtAuthzHttp. */
  protocol: 'grpc' | 'http';
  /** `service` as written: `ext-authz.foo.svc.cluster.local` or `foo/ext-authz.foo.svc.cluster.local`. */
  service: string;
  port: number;
  /** HTTP only: the request headers sent in the check (Envoy allowed_headers); others are not. */
  includeRequestHeadersInCheck: readonly string[];
  /** HTTP only: authorizer response headers added to the upstream request on allow. */
  headersToUpstreamOnAllow: readonly string[];
  /** HTTP only: authorizer response headers sent downstream on deny; empty: all of them. */
  headersToDownstreamOnDeny: readonly string[];
  /** failOpen (default false): an unreachable authorizer allows the request. */
  failOpen: boolean;
  /** statusOnError (default 403): the status when the authorizer cannot be reached. */
  statusOnError: number;
}

/** What the check request carries (Envoy's CheckRequest attributes the sample reads). */
export interface ExtAuthzCheck {
  method: string;
  host: string;
  path: string;
  /** The request headers the provider sends (HTTP: only the included ones). */
  headers: Readonly<Record<string, string>>;
  /** The mTLS peer (`spiffe://...`), if any. */
  sourcePrincipal?: string;
}

export type ExtAuthzAnswer =
  | { allowed: true; upstreamHeaders: Readonly<Record<string, string>>; why: string }
  | { allowed: false; status: number; body: string; headers: Readonly<Record<string, string>>; why: string };

/**
 * Answers a check for a provider; undefined when the simulator cannot model that authorizer. It may
 * be asked twice for one decision (decide asks again when the trace is read), so it answers from
 * the provider and the check alone.
 */
export type ExtAuthzServer = (provider: ExtAuthzProvider, check: ExtAuthzCheck) => ExtAuthzAnswer | undefined;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Parses meshConfig.extensionProviders; non-ext-authz providers (tracing, logging) are skipped. */
export function parseExtAuthzProviders(list: readonly Record<string, unknown>[]): Map<string, ExtAuthzProvider> {
  const out = new Map<string, ExtAuthzProvider>();
  for (const p of list) {
    const grpc = p['envoyExtAuthzGrpc'] as Record<string, unknown> | undefined;
    const http = p['envoyExtAuthzHttp'] as Record<string, unknown> | undefined;
    const c = grpc ?? http;
    if (!c || typeof p['name'] !== 'string' || p['name'] === '') continue;
    const status = Number(c['statusOnError'] ?? 403);
    out.set(p['name'], {
      name: p['name'],
      protocol: grpc ? 'grpc' : 'http',
      service: String(c['service'] ?? ''),
      port: Number(c['port'] ?? 0),
      includeRequestHeadersInCheck: strings(c['includeRequestHeadersInCheck'] ?? c['includeHeadersInCheck']),
      headersToUpstreamOnAllow: strings(c['headersToUpstreamOnAllow']),
      headersToDownstreamOnDeny: strings(c['headersToDownstreamOnDeny']),
      failOpen: c['failOpen'] === true,
      statusOnError: Number.isInteger(status) ? status : 403,
    });
  }
  return out;
}

/** Istio's header matchers for the provider's header lists: exact, `prefix*` or `*suffix`, any case. */
export function headerListed(list: readonly string[], name: string): boolean {
  const n = name.toLowerCase();
  return list.some((p) => {
    const q = p.toLowerCase();
    if (q.endsWith('*')) return n.startsWith(q.slice(0, -1));
    if (q.startsWith('*')) return n.endsWith(q.slice(1));
    return n === q;
  });
}
