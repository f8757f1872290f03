/**
 * `explainRequest(view, request)`: sends one request through the simulated network exactly as
 * curl would, and returns the decision of every proxy hop (rendered trace) plus what the client
 * observes. The TUI calls it for "why did this fail?"; `meshwalk explain` prints it.
 */
import type { ClusterView, ProcessOrigin } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { describeOutcome, renderDecision } from '../mesh/index.js';
import { resolveHost } from './dns.js';
import { send } from './transport.js';
import { clusterIp, NODE_IP, servicePorts } from './cluster-index.js';
import {
  curlMethod,
  flagsRequest,
  type CurlRequest,
  type RequestFlags,
  type RequestFrom,
} from '../../http/curl-request.js';
import { outgoing } from './curl.js';
import { NotSimulated } from './not-simulated.js';
import { statusLine } from './curl-output.js';
import { meshOf } from './mesh-of.js';
import type { PathStage, PathStep } from './path-trace.js';

/** `meshwalk explain`'s flags: the request they describe is `flagsRequest(from, flags)`. */
export interface ExplainRequest extends RequestFlags {
  /** `NS/NAME` of a Deployment or Pod, or outside the cluster (the learner's machine). */
  from: RequestFrom;
  /** PEM of a client certificate to present (curl --cert), for a MUTUAL Gateway server. Default: none. */
  clientCert?: string;
}

export type ExplainResult = { ok: true; text: string } | { ok: false; error: string };

/** The pod behind `NS/NAME`: the pod itself, or the first pod of the Deployment NAME. */
export function findPod(view: ClusterView, namespace: string, name: string): K8sObject | undefined {
  const pods = view.list('Pod', namespace);
  const exact = pods.find((p) => p.metadata.name === name);
  if (exact) return exact;
  const owned = pods.filter((p) => p.metadata.name.startsWith(`${name}-`) || p.metadata.labels?.['app'] === name);
  return owned[0];
}

export function explainRequest(view: ClusterView, r: ExplainRequest): ExplainResult {
  return explainCurl(view, flagsRequest(r.from, r), r.clientCert);
}

/** The decision on one request as curl makes it (the simulated curl sends the same, from the same options). */
export function explainCurl(view: ClusterView, r: CurlRequest, clientCert?: string): ExplainResult {
  let origin: ProcessOrigin = { kind: 'host' };
  if (r.from.kind === 'workload') {
    const pod = findPod(view, r.from.namespace, r.from.name);
    if (!pod)
      return {
        ok: false,
        error: `no pod for ${r.from.namespace}/${r.from.name} (a Deployment or Pod name in that namespace)`,
      };
    origin = { kind: 'pod', pod, container: '' };
  }
  const to = r.curl.urls[0] ?? '';
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(to) ? to : `http://${to}`);
  } catch {
    return { ok: false, error: `not a URL: ${to}` };
  }
  // The request curl would send, built by curl's own code (--resolve, --connect-to, headers): explain
  // must route exactly as the simulated curl does. Trust is not checked (as curl -k): explain is about
  // the mesh.
  const options = { ...r.curl, insecure: true };
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  const method = curlMethod(options);
  const sent0 = outgoing(options, scheme, host, port, `${url.pathname || '/'}${url.search}`, method, origin);
  const req = clientCert === undefined ? sent0 : { ...sent0, hasClientCert: true, clientCert };
  const notes: string[] = [];
  if (origin.kind === 'host' && !req.resolveTo && !resolveHost(req.connectHost, origin, view)) {
    // From outside, a name that does not resolve is taken to point where the ingress lessons'
    // `curl --resolve NAME:PORT:$INGRESS_HOST` points it: the node for a node port, else the gateway.
    const gw = view.get('Service', view.rootNamespace, 'istio-ingressgateway');
    const nodePort = gw && servicePorts(gw).some((p) => p.nodePort === req.connectPort);
    if (nodePort) {
      req.resolveTo = NODE_IP;
      notes.push(
        `(${req.connectHost} does not resolve from outside; assuming it points at the node, as with curl --resolve ${req.connectHost}:${req.connectPort}:${NODE_IP})`,
      );
    } else if (gw) {
      req.resolveTo = clusterIp(gw);
      notes.push(
        `(${req.connectHost} does not resolve from outside; assuming it points at the ingress gateway, as with curl --resolve)`,
      );
    }
  } else if (req.resolveTo) {
    notes.push(`(curl --resolve: ${req.connectHost}:${req.connectPort} connects to ${req.resolveTo})`);
  }
  const mesh = meshOf(view);
  let sent;
  try {
    sent = send(origin, req, view, mesh);
  } catch (e) {
    if (e instanceof NotSimulated) return { ok: true, text: `not simulated: ${e.message}` };
    throw e;
  }
  const who = r.from.kind === 'outside' ? 'outside the cluster' : `${r.from.namespace}/${r.from.name}`;
  const out: string[] = [`Request: ${method} ${url.toString()} from ${who}`, ...notes, '', ...renderPath(sent.steps)];
  if (!sent.steps.some((s) => s.decision || PROXIES.has(s.at)))
    out.push('No proxy is involved on this path: no Istio policy applies.', '');
  const ex = sent.exchange;
  out.push(
    ex.kind === 'response'
      ? `curl sees: ${statusLine(ex.httpVersion === '2' ? '2' : '1.1', ex.response.status)}${ex.response.body && ex.response.status >= 400 ? `, body "${ex.response.body.trim()}"` : ''}`
      : `curl sees: exit ${ex.failure.curlCode} (${ex.failure.message.trim()}), %{http_code} 000`,
  );
  return { ok: true, text: out.join('\n') };
}

const STAGE_LABEL: Record<PathStage, string> = {
  resolve: 'Resolve',
  'client-sidecar': 'Client sidecar',
  route: 'Routing',
  connect: 'Connect',
  'ingress-gateway': 'Ingress gateway',
  'egress-gateway': 'Egress gateway',
  'server-sidecar': 'Server sidecar',
  app: 'App',
  outside: 'Outside the cluster',
};
const PROXIES: ReadonlySet<PathStage> = new Set([
  'client-sidecar',
  'route',
  'ingress-gateway',
  'egress-gateway',
  'server-sidecar',
]);

/**
 * The path step by step: each proxy's decision as its trace, the other steps one line each
 * (an application's own calls indented under it). An ending that only repeats the decision
 * just above it is left out: the decision's Result line says it.
 */
function renderPath(steps: readonly PathStep[]): string[] {
  const hops = steps.filter((s) => s.decision).length;
  const out: string[] = [];
  let hop = 0;
  steps.forEach((s, i) => {
    const pad = '  '.repeat(s.depth);
    if (s.decision) {
      hop++;
      if (hops > 1) out.push(`${pad}Hop ${hop} (at the ${STAGE_LABEL[s.at].toLowerCase()}):`);
      out.push(
        ...passedOn(s, renderDecision(s.decision))
          .split('\n')
          .map((l) => (l ? pad + l : l)),
        '',
      );
      return;
    }
    const prev = steps[i - 1];
    if (s.ends && prev?.decision && prev.depth === s.depth && s.why === describeOutcome(prev.decision.outcome)) return;
    const line = s.at === 'route' ? `Routing, ${s.why}` : `${STAGE_LABEL[s.at]}: ${s.why}`;
    out.push(pad + line);
    if (!steps[i + 1] || steps[i + 1]!.decision) out.push('');
  });
  if (out.at(-1) !== '') out.push('');
  return out;
}

/** A proxy that lets a request through on its way elsewhere (a gateway, a sidecar sending it out) delivers to no app. */
function passedOn(s: PathStep, text: string): string {
  if (s.decision?.outcome.kind !== 'delivered' || s.at === 'server-sidecar') return text;
  const leaves = s.decision.trace.some((t) => t.stage === 'sidecars' && t.why.endsWith('(outside the mesh)'));
  if (s.at === 'client-sidecar' && !leaves) return text;
  const who =
    s.at === 'client-sidecar'
      ? 'the client sidecar sends it on'
      : `the ${STAGE_LABEL[s.at].toLowerCase()} passes it on`;
  return text.replace(/\nResult: delivered to the application$/, `\nResult: allowed; ${who}`);
}
