/**
 * `explainRequest(view, request)`: sends one request through the simulated network exactly as
 * curl would, and returns the decision of every proxy hop (rendered trace) plus what the client
 * observes. The TUI calls it for "why did this fail?"; `meshwalk explain` prints it.
 */
import type { ClusterView, K8sObject, ProcessOrigin } from '../types.js';
import { compileMesh, renderDecision } from '../mesh/index.js';
import type { Headers } from './http.js';
import { resolveHost } from './dns.js';
import { send } from './transport.js';
import { jwksResolver } from './jwks-resolver.js';
import { clusterIp } from './cluster-index.js';
import { NotSimulated } from './not-simulated.js';
import { statusLine } from './curl-output.js';

export interface ExplainRequest {
  /** `NS/NAME` of a Deployment or Pod, or outside the cluster (the learner's machine). */
  from: { kind: 'workload'; namespace: string; name: string } | { kind: 'outside' };
  url: string;
  method?: string;
  headers?: readonly string[];
  /** A JWT sent as `Authorization: Bearer TOKEN`. */
  token?: string;
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
  let origin: ProcessOrigin = { kind: 'host' };
  if (r.from.kind === 'workload') {
    const pod = findPod(view, r.from.namespace, r.from.name);
    if (!pod) return { ok: false, error: `no pod for ${r.from.namespace}/${r.from.name} (a Deployment or Pod name in that namespace)` };
    origin = { kind: 'pod', pod, container: '' };
  }
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(r.url) ? r.url : `http://${r.url}`);
  } catch {
    return { ok: false, error: `--to: not a URL: ${r.url}` };
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname;
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  const notes: string[] = [];
  let resolveTo: string | undefined;
  if (origin.kind === 'host' && !resolveHost(host, origin, view)) {
    // From outside, a name that does not resolve is taken to point at the ingress gateway, as
    // `curl --resolve NAME:PORT:$INGRESS_HOST` does in the ingress lessons.
    const gw = view.get('Service', view.rootNamespace, 'istio-ingressgateway');
    if (gw) {
      resolveTo = clusterIp(gw);
      notes.push(`(${host} does not resolve from outside; assuming it points at the ingress gateway, as with curl --resolve)`);
    }
  }
  const defaultPort = scheme === 'https' ? 443 : 80;
  const headers: Headers = [['Host', port === defaultPort ? host : `${host}:${port}`], ['User-Agent', 'curl/8.16.0'], ['Accept', '*/*']];
  for (const h of r.headers ?? []) {
    const c = h.indexOf(':');
    if (c > 0) headers.push([h.slice(0, c).trim(), h.slice(c + 1).trim()]);
  }
  if (r.token) headers.push(['Authorization', `Bearer ${r.token}`]);
  const method = (r.method ?? 'GET').toUpperCase();
  const mesh = compileMesh(view, { jwksForUri: jwksResolver(view) });
  let sent;
  try {
    sent = send(origin, { scheme, host, port, connectHost: host, connectPort: port, resolveTo, request: { method, path: `${url.pathname}${url.search}`, headers, body: '' }, insecure: true, hasClientCert: false }, view, mesh);
  } catch (e) {
    if (e instanceof NotSimulated) return { ok: true, text: `not simulated: ${e.message}` };
    throw e;
  }
  const who = r.from.kind === 'outside' ? 'outside the cluster' : `${r.from.namespace}/${r.from.name}`;
  const out: string[] = [`Request: ${method} ${url.toString()} from ${who}`, ...notes, ''];
  for (const line of sent.routing) out.push(`Routing, ${line}`);
  if (sent.routing.length) out.push('');
  sent.decisions.forEach((d, i) => {
    if (sent.decisions.length > 1) out.push(`Hop ${i + 1}${i === 0 && sent.decisions.length > 1 ? ' (at the ingress gateway)' : ''}:`);
    out.push(renderDecision(d), '');
  });
  if (sent.decisions.length === 0 && sent.routing.length === 0) out.push('No proxy is involved on this path: no Istio policy applies.', '');
  const ex = sent.exchange;
  out.push(
    ex.kind === 'response'
      ? `curl sees: ${statusLine(ex.httpVersion === '2' ? '2' : '1.1', ex.response.status)}${ex.response.body && ex.response.status >= 400 ? `, body "${ex.response.body.trim()}"` : ''}`
      : `curl sees: exit ${ex.failure.curlCode} (${ex.failure.message.trim()}), %{http_code} 000`,
  );
  return { ok: true, text: out.join('\n') };
}
