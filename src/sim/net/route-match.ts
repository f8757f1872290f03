/**
 * VirtualService `http[].match` (HTTPMatchRequest) as Envoy's route matcher evaluates it: the
 * entries of `match` are ORed, the fields inside one entry are ANDed, no `match` = everything.
 * StringMatch `exact`/`prefix`/`regex` (RE2, anchored); an empty StringMatch `{}` on a header
 * means "present" (Istio compiles it to present_match).
 */

export interface RouteRequest {
  method: string;
  /** Path with query string. */
  path: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  /** Host header (authority), possibly with a port. */
  authority: string;
  /** The port the client dialled (the Service port, or the gateway's server port). */
  port: number;
  scheme: 'http' | 'https';
  /** The calling workload, for sourceLabels / sourceNamespace (absent at a gateway: the gateway itself). */
  sourceLabels?: Readonly<Record<string, string>>;
  sourceNamespace?: string;
  /** Claims of the JWT the gateway verified (RequestAuthentication), for `@request.auth.claims.X`. */
  claims?: Readonly<Record<string, unknown>>;
  /**
   * Which gateways the proxy evaluates routes for, for `match.gateways`: `mesh` in a sidecar,
   * `NS/NAME` of the Gateway at a gateway. Absent: `match.gateways` is not looked at.
   */
  gateways?: readonly string[];
}

function claimValues(claims: Readonly<Record<string, unknown>> | undefined, path: string[]): string[] {
  let cur: unknown = claims;
  for (const k of path)
    cur = cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[k] : undefined;
  if (Array.isArray(cur)) return cur.filter((v) => typeof v !== 'object').map(String);
  return cur === undefined || cur === null || typeof cur === 'object' ? [] : [String(cur)];
}

type StringMatch = { exact?: unknown; prefix?: unknown; regex?: unknown };

export function stringMatch(m: unknown, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const sm = (m ?? {}) as StringMatch;
  const v = ignoreCase ? value.toLowerCase() : value;
  const f = (s: unknown) => (ignoreCase ? String(s).toLowerCase() : String(s));
  if (sm.exact !== undefined) return v === f(sm.exact);
  if (sm.prefix !== undefined) return v.startsWith(f(sm.prefix));
  if (sm.regex !== undefined) {
    try {
      return new RegExp(`^(?:${String(sm.regex)})$`, ignoreCase ? 'i' : '').test(value);
    } catch {
      return false;
    }
  }
  return true;
}

/** One HTTPMatchRequest against the request. */
export function matchRequest(m: Record<string, unknown>, r: RouteRequest): boolean {
  const q = r.path.indexOf('?');
  const uriPath = q === -1 ? r.path : r.path.slice(0, q);
  if (m['uri'] !== undefined && !stringMatch(m['uri'], uriPath, m['ignoreUriCase'] === true)) return false;
  if (m['method'] !== undefined && !stringMatch(m['method'], r.method)) return false;
  if (m['scheme'] !== undefined && !stringMatch(m['scheme'], r.scheme)) return false;
  if (m['authority'] !== undefined && !stringMatch(m['authority'], r.authority)) return false;
  if (m['port'] !== undefined && Number(m['port']) !== r.port) return false;
  const headers = (m['headers'] ?? {}) as Record<string, unknown>;
  for (const [name, spec] of Object.entries(headers)) {
    // Istio (ingress gateways only) turns `@request.auth.claims.a.b` into a match on the JWT's
    // claim a.b from the authn filter's metadata; a list claim matches when one element does.
    if (name.startsWith('@request.auth.claims.')) {
      if (
        !claimValues(r.claims, name.slice('@request.auth.claims.'.length).split('.')).some((v) => stringMatch(spec, v))
      )
        return false;
      continue;
    }
    if (!stringMatch(spec, r.headers[name.toLowerCase()])) return false;
  }
  const without = (m['withoutHeaders'] ?? {}) as Record<string, unknown>;
  for (const [name, spec] of Object.entries(without))
    if (stringMatch(spec, r.headers[name.toLowerCase()])) return false;
  const qp = (m['queryParams'] ?? {}) as Record<string, unknown>;
  if (Object.keys(qp).length > 0) {
    const params = new URLSearchParams(q === -1 ? '' : r.path.slice(q + 1));
    for (const [name, spec] of Object.entries(qp)) if (!stringMatch(spec, params.get(name) ?? undefined)) return false;
  }
  const sl = m['sourceLabels'] as Record<string, unknown> | undefined;
  if (sl && Object.entries(sl).some(([k, v]) => r.sourceLabels?.[k] !== String(v))) return false;
  if (m['sourceNamespace'] !== undefined && m['sourceNamespace'] !== r.sourceNamespace) return false;
  return true;
}

/**
 * `match.gateways` restricts a match to the proxies of those gateways (`mesh`: the sidecars);
 * short names are in the VirtualService's namespace (networking/v1 HTTPMatchRequest.gateways).
 */
export function gatewaysMatch(m: Record<string, unknown>, vsNamespace: string, r: RouteRequest): boolean {
  const listed = m['gateways'];
  if (!r.gateways || !Array.isArray(listed) || listed.length === 0) return true;
  return listed.some((g) => {
    const name = String(g);
    const qualified = name === 'mesh' || name.includes('/') ? name : `${vsNamespace}/${name}`;
    return r.gateways!.includes(qualified);
  });
}

/** The first `http` route of a VirtualService whose match list accepts the request. */
export function firstRoute(
  vs: { spec?: Record<string, unknown>; metadata?: { namespace?: string } },
  r: RouteRequest,
): Record<string, unknown> | undefined {
  const http = ((vs.spec ?? {})['http'] as Record<string, unknown>[] | undefined) ?? [];
  const ns = vs.metadata?.namespace ?? 'default';
  for (const route of http) {
    const matches = route['match'] as Record<string, unknown>[] | undefined;
    if (!matches || matches.length === 0) return route;
    if (matches.some((m) => matchRequest(m ?? {}, r) && gatewaysMatch(m ?? {}, ns, r))) return route;
  }
  return undefined;
}
