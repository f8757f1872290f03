/**
 * `explainRequest(view, request)`: sends one request through the simulated network exactly as
 * curl would, and returns the decision of every proxy hop (rendered trace) plus what the client
 * observes. The TUI calls it for "why did this fail?"; `meshwalk explain` prints it.
 */
import type { ClusterView, K8sObject, ProcessOrigin } from '../types.js';
import { renderDecision } from '../mesh/index.js';
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
  const out: string[] = [`Request: ${method} ${url.toString()} from ${who}`, ...notes, ''];
  for (const line of sent.routing) out.push(`Routing, ${line}`);
  if (sent.routing.length) out.push('');
  for (const line of sent.gateway) out.push(`Ingress gateway: ${line}`);
  if (sent.gateway.length) out.push('');
  sent.decisions.forEach((d, i) => {
    if (sent.decisions.length > 1)
      out.push(`Hop ${i + 1}${i === 0 && sent.decisions.length > 1 ? ' (at the ingress gateway)' : ''}:`);
    out.push(renderDecision(d), '');
  });
  if (sent.decisions.length === 0 && sent.routing.length === 0 && sent.gateway.length === 0)
    out.push('No proxy is involved on this path: no Istio policy applies.', '');
  const ex = sent.exchange;
  out.push(
    ex.kind === 'response'
      ? `curl sees: ${statusLine(ex.httpVersion === '2' ? '2' : '1.1', ex.response.status)}${ex.response.body && ex.response.status >= 400 ? `, body "${ex.response.body.trim()}"` : ''}`
      : `curl sees: exit ${ex.failure.curlCode} (${ex.failure.message.trim()}), %{http_code} 000`,
  );
  return { ok: true, text: out.join('\n') };
}
