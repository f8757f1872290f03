/**
 * The request attributes an AuthorizationPolicy can test, computed once per decision
 * (the names follow Istio's condition keys: source.*, request.*, destination.*, connection.*).
 * Never changed once made: the field matchers remember their last answer by this object.
 */

export interface AuthzContext {
  /** The request is HTTP the proxy can read (false: TLS the app originated, or raw TCP). */
  http: boolean;
  /** mTLS peer identity without `spiffe://` (cluster.local/ns/foo/sa/sleep); undefined without mTLS. */
  principal?: string;
  /** Namespace from the peer certificate; undefined without mTLS. */
  sourceNamespace?: string;
  sourceIp: string;
  /** Client IP after X-Forwarded-For trust (numTrustedProxies 0: the peer). */
  remoteIp: string;
  /** `iss/sub` of a verified JWT. */
  requestPrincipal?: string;
  claims?: Readonly<Record<string, unknown>>;
  method?: string;
  /** Host header. */
  host?: string;
  /** Path without the query string. */
  path?: string;
  headers?: Readonly<Record<string, string>>;
  destinationIp: string;
  /** The port the receiving proxy's listener sees (the container port for a sidecar). */
  destinationPort: number;
  sni?: string;
}

/** Claim values as strings: a list claim yields each element; objects yield nothing. */
export function claimValues(
  claims: Readonly<Record<string, unknown>> | undefined,
  path: readonly string[],
): string[] | undefined {
  let cur: unknown = claims;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur === undefined || cur === null) return undefined;
  if (Array.isArray(cur)) return cur.filter((v) => typeof v !== 'object').map(String);
  if (typeof cur === 'object') return undefined;
  return [String(cur)];
}
