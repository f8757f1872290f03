/**
 * The mesh engine's own vocabulary: a request as one proxy hop sees it, and the outcome.
 * Nothing here knows curl or kubectl text; `src/sim/net` turns outcomes into program output.
 */

/** Names one Kubernetes/Istio object in a trace. */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/** A pod as the mesh sees it. */
export interface Workload {
  namespace: string;
  /** Pod name. */
  name: string;
  labels: Readonly<Record<string, string>>;
  serviceAccount: string;
  /** An Envoy runs beside (or as) the app: an injected `istio-proxy`, or the ingress gateway itself. */
  sidecar: boolean;
  ip: string;
  /**
   * `ingress-gateway` and `egress-gateway` are the standalone Envoys in istio-system: their listeners
   * come from Gateway servers, so PeerAuthentication does not apply to them.
   */
  role: 'app' | 'ingress-gateway' | 'egress-gateway';
}

/** The service a request was addressed to, when it was addressed through one. */
export interface ServiceRef {
  name: string;
  namespace: string;
  /** The Service port the client dialled (DestinationRule portLevelSettings key). */
  port: number;
  /** The DestinationRule subset a route picked, whose own trafficPolicy overrides the rule's. */
  subset?: string;
}

export type RequestSource =
  | { kind: 'workload'; workload: Workload }
  /** Outside the cluster (the learner's machine): never has a sidecar or identity. */
  | { kind: 'outside'; ip: string };

export type RequestDestination =
  /** A pod in the cluster; `targetPort` is the container port (PeerAuthentication portLevelMtls key). */
  | { kind: 'workload'; workload: Workload; targetPort: number; service?: ServiceRef }
  /** A host outside the cluster (httpbin.org, ...), possibly declared by a ServiceEntry. */
  | { kind: 'external'; host: string; port: number };

/** The HTTP part of a request, as the client sent it. Header names are lower case. */
export interface HttpRequest {
  method: string;
  /** Host header (authority) as sent, possibly with a port. */
  host: string;
  /** Path including any query string. */
  path: string;
  headers: Readonly<Record<string, string>>;
}

export interface MeshRequest {
  source: RequestSource;
  destination: RequestDestination;
  /** The application speaks TLS itself (an https:// URL): sidecars see opaque TLS, not HTTP. */
  appTls: boolean;
  /** Present for plain HTTP (sidecars can read it); absent when `appTls`. */
  http?: HttpRequest;
  /**
   * The client sidecar's outbound stage was already decided for this connection (decideOutbound,
   * e.g. before the ingress gateway's own listeners are looked at); decide() skips it.
   */
  outboundDecided?: boolean;
}

/** What the server application receives when the request gets through. */
export interface Delivered {
  kind: 'delivered';
  /** The hop used Istio mTLS. */
  mtls: boolean;
  /** SPIFFE id of the client under mTLS (`spiffe://td/ns/NS/sa/SA`). */
  peerSpiffe?: string;
  /** SPIFFE id of the server under mTLS. */
  serverSpiffe?: string;
  /** `iss/sub` of a verified JWT. */
  requestPrincipal?: string;
  /** The verified JWT's claims (a gateway can route on them: `@request.auth.claims.X` header matches). */
  claims?: Readonly<Record<string, unknown>>;
  /** Headers the proxies add (lower-case names); `undefined` value means "removed". */
  headerChanges: Record<string, string | undefined>;
  /** Which proxies handled the request (the app and curl both see `server: istio-envoy`). */
  viaClientSidecar: boolean;
  viaServerSidecar: boolean;
}

/** A reply produced by a proxy instead of the app. */
export interface LocalReply {
  kind: 'local-reply';
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Which proxy answered. */
  by: 'client-sidecar' | 'server-sidecar' | 'gateway';
}

export type Outcome =
  | Delivered
  | LocalReply
  /** The server side reset the TCP connection (curl 56 for plain HTTP). */
  | { kind: 'reset'; by: 'server-sidecar' }
  /** The client sidecar accepted the connection and closed it without a reply (BlackHoleCluster; curl 52). */
  | { kind: 'closed'; by: 'client-sidecar' }
  /** TLS handshake failed on the client's own TLS (curl 35). */
  | { kind: 'tls-failure'; by: 'client-sidecar' }
  /** Something the simulator does not model (e.g. CUSTOM authorization). */
  | { kind: 'not-simulated'; reason: string };

/** The stages of one hop, in the order Envoy runs them. */
export type Stage =
  | 'sidecars'
  | 'egress'
  | 'client-tls'
  | 'peer-authn'
  | 'mtls'
  | 'request-authn'
  /** AuthorizationPolicies whose selector does not pick the workload (named, never evaluated). */
  | 'authz-scope'
  | 'authz-custom'
  | 'authz-deny'
  | 'authz-allow'
  | 'authz-audit'
  | 'outcome';

/** Why a rule did not match: the field, what the rule wanted and what the request had. */
export interface Mismatch {
  field: string;
  want: readonly string[];
  /** What the request carried; undefined when the attribute is absent (e.g. no mTLS principal). */
  got: string | readonly string[] | undefined;
  negated?: boolean;
}

/** One line of the decision trace. */
export interface TraceEntry {
  stage: Stage;
  policy?: ObjectRef;
  /** 1-based rule number inside an AuthorizationPolicy. */
  rule?: number;
  /** For policy stages: did the policy (or rule) match this request. */
  matched?: boolean;
  /** A dry-run policy (`istio.io/dry-run`): evaluated as Envoy shadow rules, never enforced. */
  dryRun?: boolean;
  /** Human summary (short, no trailing period). */
  why: string;
  /** For a non-matching policy: one mismatch per rule, in rule order. */
  mismatches?: readonly (Mismatch | undefined)[];
}

export interface Decision {
  outcome: Outcome;
  trace: TraceEntry[];
}
