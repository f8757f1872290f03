/**
 * From a client's request to an Exchange, as named stages over one path (path-trace.ts):
 * resolve the name (or use --resolve / --connect-to), connect to what listens behind the address
 * (a Service's endpoint, a pod, a node port, the pod's own loopback, a server outside), and hand
 * over to the client sidecar's outbound stage, a gateway, the server sidecar and the app. Every
 * outcome is the step of the path that produced it; `send` checks that the last one names what
 * the client sees.
 */
import type { ClusterView, ProcessOrigin } from '../types.js';
import type { Decision, MeshConfig } from '../mesh/index.js';
import type { Exchange } from './http.js';
import { header, httpDate } from './http.js';
import { isGatewayPod, servicePorts } from './cluster-index.js';
import { resolveHost, surelyUnresolvable, type Resolved } from './dns.js';
import { noInternet } from './not-simulated.js';
import { appForPod } from './apps/index.js';
import { appHandshake } from './app-tls.js';
import { InternalError } from '../../errors.js';
import { endOf, ended, lastEnding, newPath, note, sameEnd, type Path, type PathStep } from './path-trace.js';
import { HOST_IP, sourceOf } from './client-source.js';
import { refused, timedOut, toPod, toService } from './connect-stage.js';
import { toExternal } from './external-stage.js';
import { appFetch } from './app-fetch.js';
import { failed } from './envoy-replies.js';
import type { Leg, Outgoing } from './outgoing.js';

export interface Sent {
  exchange: Exchange;
  /** The address connected to, for curl -v and %{remote_ip}. */
  remoteIp?: string;
  /** Every stage the request passed, in order; the last names what the client sees (for explain). */
  steps: PathStep[];
  /** The mesh engine's decisions among the steps. */
  decisions: Decision[];
  notices: string[];
}

export function send(origin: ProcessOrigin, out: Outgoing, view: ClusterView, mesh: MeshConfig): Sent {
  const path = newPath(view, mesh);
  const r = sendOn(origin, out, path);
  return {
    ...r,
    steps: path.steps,
    decisions: path.steps.flatMap((s) => (s.decision ? [s.decision] : [])),
    notices: path.notices,
  };
}

function sendOn(origin: ProcessOrigin, out: Outgoing, path: Path): { exchange: Exchange; remoteIp?: string } {
  const resolved = resolveStage(origin, out, path);
  if (!resolved) return { exchange: endChecked(path, failed(unresolved(path, out))) };
  const sni = /^\d+\.\d+\.\d+\.\d+$/.test(out.host) ? undefined : out.host;
  const leg: Leg = {
    origin,
    out,
    source: sourceOf(origin, path.view),
    path,
    sni,
    tlsClient: {
      sni,
      checkHost: sni ?? header(out.request.headers, 'host') ?? '',
      insecure: out.insecure,
      cacert: out.cacert,
    },
    fetch: appFetch(path, (o, x, p) => {
      const ex = sendOn(o, x, p).exchange;
      return ex.kind === 'response' ? ex.response : undefined;
    }),
  };
  // Every server's `date:` reads the cluster clock (never before the served certificate's start).
  return { exchange: endChecked(path, dated(connectStage(leg, resolved), path.view)), remoteIp: resolved.ip };
}

/** curl's own name lookup (or its --resolve entry): a name nobody knows ends the request (exit 6). */
function resolveStage(origin: ProcessOrigin, out: Outgoing, path: Path): Resolved | undefined {
  const name = out.resolveTo ?? out.connectHost;
  const r = resolveHost(name, origin, path.view);
  if (r)
    note(
      path,
      'resolve',
      `${out.connectHost}${out.resolveTo ? ` (--resolve ${out.resolveTo})` : ''} is ${describeResolved(r)}`,
    );
  return r;
}

function unresolved(path: Path, out: Outgoing) {
  const name = out.resolveTo ?? out.connectHost;
  if (!surelyUnresolvable(name, path.view)) throw noInternet(`resolving ${name}`);
  const failure = { curlCode: 6 as const, message: `Could not resolve host: ${out.connectHost}` };
  ended(path, 'resolve', `${out.connectHost} does not resolve`, failed(failure));
  return failure;
}

function describeResolved(r: Resolved): string {
  switch (r.kind) {
    case 'service':
      return `Service ${r.svc.metadata.namespace ?? 'default'}/${r.svc.metadata.name} (${r.ip})`;
    case 'pod':
      return `pod ${r.pod.metadata.namespace ?? 'default'}/${r.pod.metadata.name} (${r.ip})`;
    case 'node':
      return `the node (${r.ip})`;
    case 'loopback':
      return 'the pod itself (127.0.0.1)';
    case 'external':
      return `${r.host}, outside the cluster (${r.ip})`;
    case 'nowhere':
      return `${r.ip}, where nothing answers`;
    default: {
      const never: never = r;
      return never;
    }
  }
}

/** What listens behind the resolved address gets the connection. */
function connectStage(leg: Leg, resolved: Resolved): Exchange {
  const { out, path, origin } = leg;
  const view = path.view;
  switch (resolved.kind) {
    case 'service':
      return toService(
        leg,
        resolved.svc,
        servicePorts(resolved.svc).find((p) => p.port === out.connectPort),
      );
    case 'node': {
      for (const svc of view.list('Service')) {
        const sp = servicePorts(svc).find((p) => p.nodePort === out.connectPort);
        if (!sp) continue;
        // kube-proxy SNATs NodePort traffic to a node address unless externalTrafficPolicy is Local
        // (authz-ingress: "preserve the client IP"); the learner's machine is the docker network's gateway.
        const local =
          leg.source.kind === 'outside' &&
          (svc.spec as { externalTrafficPolicy?: string } | undefined)?.externalTrafficPolicy === 'Local';
        note(
          path,
          'connect',
          `node port ${out.connectPort} is Service ${svc.metadata.namespace}/${svc.metadata.name} port ${sp.port}`,
        );
        return toService(local ? { ...leg, source: { kind: 'outside', ip: HOST_IP } } : leg, svc, sp);
      }
      return refused(leg, `no Service has node port ${out.connectPort}: the node refuses the connection`);
    }
    case 'pod': {
      const pod = resolved.pod;
      if (isGatewayPod(pod, view)) return toPod(leg, pod, out.connectPort);
      const app = appForPod(pod, view);
      if (!app || (app.ports.length > 0 && !app.ports.includes(out.connectPort)))
        return refused(leg, `nothing listens on port ${out.connectPort} of pod ${pod.metadata.name}`);
      return toPod(leg, pod, out.connectPort);
    }
    case 'loopback':
      return loopbackStage(leg, origin);
    case 'external':
      return toExternal(leg, resolved.host);
    case 'nowhere':
      // A public address: the client sidecar's outbound policy still applies (REGISTRY_ONLY
      // blocks it without asking anyone); what answers there only the internet knows.
      if (!privateAddress(resolved.ip)) return toExternal(leg, resolved.ip);
      return timedOut(leg, `nothing answers at ${resolved.ip}`);
    default: {
      const never: never = resolved;
      return never;
    }
  }
}

/** RFC 1918, shared (RFC 6598), loopback and link-local addresses: the cluster's own networks. */
function privateAddress(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254)
  );
}

/** localhost inside the pod: the app itself, with no proxy in between. */
function loopbackStage(leg: Leg, origin: ProcessOrigin): Exchange {
  const { out, path } = leg;
  if (origin.kind !== 'pod') return refused(leg, "nothing listens on the learner's own machine at that port");
  const app = appForPod(origin.pod, path.view);
  if (!app || !app.ports.includes(out.connectPort))
    return refused(leg, `nothing listens on port ${out.connectPort} inside pod ${origin.pod.metadata.name}`);
  const hs = out.scheme === 'https' ? appHandshake(app, out.connectPort, leg.tlsClient, path.view.now()) : undefined;
  if (hs && !hs.ok)
    return ended(path, 'app', `${app.name}'s TLS handshake fails: ${hs.failure.message.trim()}`, {
      kind: 'failure',
      failure: hs.failure,
      ...(hs.tls ? { tls: hs.tls } : {}),
    });
  const res = app.handle({
    method: out.request.method,
    path: out.request.path,
    headers: out.request.headers,
    body: out.request.body,
    clientIp: '127.0.0.1',
    scheme: out.scheme,
  });
  return ended(path, 'app', `${app.name} answers ${res.status} on localhost:${out.connectPort}`, {
    kind: 'response',
    response: res,
    httpVersion: '1.1',
    ...(hs?.ok ? { tls: hs.tls } : {}),
  });
}

/** The stages' contract: the last step at this depth names what the client sees. */
function endChecked(path: Path, ex: Exchange): Exchange {
  const last = lastEnding(path.steps, path.depth);
  if (!sameEnd(last?.ends, endOf(ex)))
    throw new InternalError(
      `the simulated network lost track of an outcome: the path's last step (${last ? `${last.at}: ${last.why}` : 'none'}) does not name what the client sees (${JSON.stringify(endOf(ex))})`,
    );
  return ex;
}

function dated(ex: Exchange, view: ClusterView): Exchange {
  if (ex.kind !== 'response' || !ex.response.headers.some(([k]) => k.toLowerCase() === 'date')) return ex;
  const now = httpDate(view.now());
  return {
    ...ex,
    response: {
      ...ex.response,
      headers: ex.response.headers.map(([k, v]) => (k.toLowerCase() === 'date' ? [k, now] : [k, v])),
    },
  };
}
