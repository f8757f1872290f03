/**
 * One proxy hop, decided: request + mesh configuration -> outcome + trace. Pure: no IO, no curl
 * or kubectl text. The stages run in Envoy's order: client sidecar (egress, TLS origination),
 * server sidecar (peer authentication), then request authentication and authorization.
 */
import type { Decision, LocalReply, MeshRequest, ObjectRef, TraceEntry, Outcome } from './model.js';
import type { MeshConfig } from './config.js';
import type { AuthzContext } from './authz-context.js';
import { effectivePeerAuthn } from './peer-authn-policy.js';
import { destinationRuleFor } from './destination-rule.js';
import { clientOutbound, SENT_ON } from './client-outbound.js';
import { delivered, RBAC_DENIED_BODY, reply, UPSTREAM_RESET_BODY, UPSTREAM_TLS_BODY } from './outcomes.js';
import { describe, gatewayName } from './workload-text.js';
import { requestAuthn } from './request-authn.js';
import { authorize, type AllowOrDeny } from './authz.js';
import { authzTrace } from './authz-trace.js';
import { LazyDecision } from './lazy-decision.js';
import { runCustom } from './custom-authz.js';

type Transport = 'mtls' | 'plaintext' | 'tls';

/**
 * The outcome is decided at once; the trace only when first read, by deciding again with the
 * trace on (the engine is pure, so the second pass takes the same path; a CUSTOM decision asks
 * config.extAuthzServer again). It reads `req` as it is then: a caller that changes the request
 * afterwards reads the trace first. A caller that always reads it uses decideTraced.
 */
export function decide(req: MeshRequest, config: MeshConfig): Decision {
  return new LazyDecision(run(req, config, undefined), req, config, traced);
}

/** decide with the trace built as it goes: one pass for callers that read every trace. */
export function decideTraced(req: MeshRequest, config: MeshConfig): Decision {
  const trace: TraceEntry[] = [];
  return { outcome: run(req, config, trace), trace };
}

function traced(req: MeshRequest, config: MeshConfig): TraceEntry[] {
  const trace: TraceEntry[] = [];
  run(req, config, trace);
  return trace;
}

/**
 * The decision itself. `trace` undefined: nothing is written, and no trace text is built (each
 * `trace?.push` skips its argument).
 */
function run(req: MeshRequest, config: MeshConfig, trace: TraceEntry[] | undefined): Outcome {
  const client = req.source.kind === 'workload' ? req.source.workload : undefined;
  const clientProxy = client?.sidecar === true;
  const dest = req.destination;
  const server = dest.kind === 'workload' ? dest.workload : undefined;
  trace?.push({
    stage: 'sidecars',
    why: `client ${describe(client, req)}; server ${server ? describe(server) : `${dest.kind === 'external' ? dest.host : '?'} (outside the mesh)`}`,
  });

  // Client sidecar, outbound: what the proxy knows (Sidecar egress + ServiceEntry) and lets out.
  const outbound = req.outboundDecided ? SENT_ON : clientOutbound(req, config, trace);
  if (outbound.outcome) return done(trace, outbound.outcome, outbound.why ?? '');
  const passthrough = outbound.passthrough;
  if (dest.kind === 'external' || !server) {
    return done(
      trace,
      delivered(false, clientProxy, false),
      `the request leaves the mesh to ${dest.kind === 'external' ? dest.host : 'the destination'}`,
    );
  }

  // Client side TLS: an explicit DestinationRule TLS mode wins over auto mTLS.
  const pa = server.sidecar && server.role === 'app' ? effectivePeerAuthn(config, server, dest.targetPort) : undefined;
  let transport: Transport = 'plaintext';
  if (!clientProxy) {
    trace?.push({
      stage: 'client-tls',
      why: 'the client has no sidecar: it sends what the app sends (plaintext HTTP unless the URL is https)',
    });
  } else if (passthrough) {
    trace?.push({ stage: 'client-tls', why: 'passthrough traffic is sent as is, without mTLS' });
  } else {
    const dr = dest.service ? destinationRuleFor(config, client!.namespace, dest.service) : undefined;
    if (dr?.mode) {
      transport = dr.mode === 'DISABLE' ? 'plaintext' : dr.mode === 'ISTIO_MUTUAL' ? 'mtls' : 'tls';
      trace?.push({
        stage: 'client-tls',
        policy: dr.ref,
        why: `DestinationRule ${dr.ref.namespace}/${dr.ref.name} (host ${dr.host}${dr.portLevel ? `, port ${dest.service!.port}` : ''}) sets tls.mode ${dr.mode}, overriding auto mTLS`,
      });
    } else if (server.sidecar && server.role === 'app' && pa!.mode !== 'DISABLE') {
      transport = 'mtls';
      trace?.push({
        stage: 'client-tls',
        policy: dr?.ref,
        why: 'auto mTLS: the server has a sidecar (tlsMode=istio) and does not disable mTLS, so the client sidecar sends mTLS',
      });
    } else {
      trace?.push({
        stage: 'client-tls',
        policy: dr?.ref,
        why: `auto mTLS: ${server.role !== 'app' ? `the ${gatewayName(server)} is not an mTLS endpoint (its pods carry no security.istio.io/tlsMode label)` : server.sidecar ? 'the server disables mTLS' : 'the server has no sidecar'}, so the client sidecar sends plaintext`,
      });
    }
  }
  const by: LocalReply['by'] = server.role !== 'app' ? 'gateway' : 'server-sidecar';

  if (server.role !== 'app') {
    // The gateway's listeners come from Gateway servers; PeerAuthentication does not apply to them.
    trace?.push({
      stage: 'peer-authn',
      why: `the ${gatewayName(server)} serves Gateway listeners: PeerAuthentication does not apply`,
    });
  } else if (!server.sidecar) {
    // No server sidecar: nothing enforces PeerAuthentication, RequestAuthentication or AuthorizationPolicy.
    trace?.push({ stage: 'peer-authn', why: 'the server has no sidecar: no policy is enforced on its side' });
    if (transport !== 'plaintext')
      return done(
        trace,
        reply(503, UPSTREAM_TLS_BODY, 'client-sidecar'),
        `the client sidecar starts ${transport === 'mtls' ? 'mTLS' : 'TLS'} but the app speaks plaintext: handshake fails, the client sidecar answers 503`,
      );
    return done(trace, delivered(false, clientProxy, false), 'delivered to the app in plaintext');
  } else {
    trace?.push({ stage: 'peer-authn', policy: pa!.applied.at(-1)?.ref, why: pa!.why });
    // STRICT refuses plaintext: the server sidecar resets the connection.
    if (transport === 'plaintext' && pa!.mode === 'STRICT') {
      const paRef = pa!.applied.at(-1)?.ref;
      if (clientProxy)
        return done(
          trace,
          reply(503, UPSTREAM_RESET_BODY, 'client-sidecar'),
          'the server sidecar requires mTLS and resets the plaintext connection; the client sidecar answers 503',
          paRef,
        );
      return done(
        trace,
        { kind: 'reset', by: 'server-sidecar' },
        'the server sidecar requires mTLS and resets the plaintext connection',
        paRef,
      );
    }
    // DISABLE (or TLS without Istio's client certificate) cannot take the client's handshake.
    if (transport === 'mtls' && pa!.mode === 'DISABLE')
      return done(
        trace,
        reply(503, UPSTREAM_TLS_BODY, 'client-sidecar'),
        'the client sidecar sends mTLS to a port with mTLS disabled: handshake fails, 503',
      );
    if (transport === 'tls')
      return done(
        trace,
        reply(503, UPSTREAM_TLS_BODY, 'client-sidecar'),
        'the client sidecar originates TLS without the Istio certificate the server expects: handshake fails, 503',
      );
  }

  const mtls = transport === 'mtls';
  const principal =
    mtls && client ? `${config.trustDomain}/ns/${client.namespace}/sa/${client.serviceAccount}` : undefined;
  trace?.push({
    stage: 'mtls',
    why: mtls
      ? `mTLS: peer principal ${principal}`
      : 'plaintext: the request has no peer principal or source namespace',
  });

  let headerChanges: Record<string, string | undefined> = {};
  let requestPrincipal: string | undefined;
  let claims: Readonly<Record<string, unknown>> | undefined;
  if (req.http) {
    const ra = requestAuthn(config, server, req.http, by, trace);
    // jwt_authn runs before RBAC: an invalid token is 401 whatever the authorization policies say.
    if (ra.reply)
      return done(
        trace,
        ra.reply,
        `the ${by === 'gateway' ? 'gateway' : 'server sidecar'} rejects the token: ${ra.reply.status}`,
      );
    headerChanges = ra.headerChanges;
    requestPrincipal = ra.requestPrincipal;
    claims = ra.claims;
  } else {
    trace?.push({
      stage: 'request-authn',
      why: req.appTls
        ? 'not HTTP to the proxy (TLS from the app): no JWT inspection'
        : 'a TCP port (tcp_proxy): no JWT inspection, only the L4 fields of AuthorizationPolicy apply',
    });
  }
  const q = req.http ? req.http.path.indexOf('?') : -1;
  // Every key in one literal, in one order: each policy field reads this object, so one shape keeps those reads fast.
  const ctx: AuthzContext = {
    http: req.http !== undefined,
    principal,
    sourceNamespace: mtls ? client?.namespace : undefined,
    sourceIp: client?.ip ?? (req.source.kind === 'outside' ? req.source.ip : ''),
    remoteIp: client?.ip ?? (req.source.kind === 'outside' ? req.source.ip : ''),
    requestPrincipal,
    claims,
    method: req.http?.method,
    host: req.http?.host,
    path: req.http && q !== -1 ? req.http.path.slice(0, q) : req.http?.path,
    headers: req.http?.headers,
    destinationIp: server.ip,
    destinationPort: dest.targetPort,
    sni: undefined,
  };
  const first = authorize(config, server, ctx);
  if (trace) trace.push(...authzTrace(config, server, ctx));
  if (first.verdict === 'custom-unknown') {
    return done(
      trace,
      {
        kind: 'not-simulated',
        reason: `AuthorizationPolicy ${first.policy.namespace}/${first.policy.name} uses action CUSTOM (provider ${first.provider ?? '?'}), and the mesh config's extensionProviders could not be read`,
      },
      'CUSTOM authorization is not simulated',
    );
  }
  let verdict: AllowOrDeny;
  if (first.verdict !== 'custom') verdict = first;
  else {
    // CUSTOM runs first (ext_authz before the RBAC filters); its allow still leaves DENY and ALLOW to decide.
    const c = runCustom(config, first, ctx, trace);
    if (c.kind === 'not-simulated')
      return done(trace, { kind: 'not-simulated', reason: c.reason }, 'CUSTOM authorization is not simulated');
    if (c.kind === 'denied') {
      if (!req.http)
        return done(trace, { kind: 'reset', by: 'server-sidecar' }, `denied by CUSTOM (${c.why})`, first.policy);
      return done(
        trace,
        { kind: 'local-reply', status: c.status, body: c.body, by, headers: { ...c.headers } },
        `denied by CUSTOM: ${c.why}`,
        first.policy,
      );
    }
    if (c.kind === 'allowed') Object.assign(headerChanges, c.upstreamHeaders);
    verdict = first.then;
  }
  if (verdict.verdict === 'deny') {
    if (!req.http)
      return done(
        trace,
        { kind: 'reset', by: 'server-sidecar' },
        `denied (${verdict.why}); a denied TCP connection is closed`,
        verdict.policy,
      );
    return done(trace, reply(403, RBAC_DENIED_BODY, by), `denied: ${verdict.why}`, verdict.policy);
  }
  const outcome = delivered(mtls, clientProxy, server.role === 'app');
  outcome.headerChanges = headerChanges;
  if (mtls && client) {
    outcome.peerSpiffe = `spiffe://${principal}`;
    outcome.serverSpiffe = `spiffe://${config.trustDomain}/ns/${server.namespace}/sa/${server.serviceAccount}`;
  }
  if (requestPrincipal) outcome.requestPrincipal = requestPrincipal;
  if (claims) outcome.claims = claims;
  return done(trace, outcome, `allowed: ${verdict.why}`, verdict.policy);
}

/** The outcome, with its trace entry naming the deciding policy (the matching DENY/ALLOW, the PA or DR), if any. */
function done(trace: TraceEntry[] | undefined, outcome: Outcome, why: string, policy?: ObjectRef): Outcome {
  trace?.push({ stage: 'outcome', why, ...(policy ? { policy } : {}) });
  return outcome;
}
