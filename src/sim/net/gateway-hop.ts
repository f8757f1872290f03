/**
 * A connection to the ingress gateway's pod: from an application with a sidecar it first passes
 * that sidecar's outbound stage (its egress rules apply), then the gateway's own listeners
 * (ingress.ts). Through a client sidecar, a refused or reset upstream connection comes back as
 * the sidecar's own 503 (plain HTTP) or a closed handshake (TLS from the app).
 */
import type { K8sObject } from '../../kube/object.js';
import { decideOutbound, UPSTREAM_RESET_BODY } from '../mesh/index.js';
import type { Exchange, HttpRequestOut } from './http.js';
import { header } from './http.js';
import { servicePorts, targetPortOn, workloadOf, type ServicePort } from './cluster-index.js';
import { gatewayExchange } from './ingress.js';
import { CONNECT_REFUSED_BODY, failed, sidecar503, tlsReset } from './envoy-replies.js';
import { ended } from './path-trace.js';
import { throughClientSidecar } from './client-source.js';
import { outboundStop } from './client-outbound.js';
import type { Leg } from './outgoing.js';

export function toGatewayPod(
  leg: Leg,
  pod: K8sObject,
  targetPort: number,
  service: { svc: K8sObject; port: ServicePort } | undefined,
  request: HttpRequestOut,
): Exchange {
  const { path, out, source } = leg;
  const view = path.view;
  const svcPort =
    service?.port.port ??
    servicePorts(view.get('Service', pod.metadata.namespace, 'istio-ingressgateway') ?? ({} as K8sObject)).find(
      (p) => targetPortOn(p, pod) === targetPort,
    )?.port ??
    targetPort;
  // A pod with a sidecar reaches the gateway through its own sidecar first (its egress rules apply).
  const viaSidecar = throughClientSidecar(source);
  if (viaSidecar) {
    const gwSvc = service?.svc ?? view.get('Service', pod.metadata.namespace, 'istio-ingressgateway');
    const d = decideOutbound(
      {
        source,
        appTls: out.scheme === 'https',
        destination: {
          kind: 'workload',
          workload: workloadOf(pod, view),
          targetPort,
          service: {
            name: gwSvc?.metadata.name ?? 'istio-ingressgateway',
            namespace: pod.metadata.namespace ?? view.rootNamespace,
            port: svcPort,
          },
        },
        ...(out.scheme === 'http'
          ? {
              http: {
                method: request.method,
                host: header(request.headers, 'host') ?? '',
                path: request.path,
                headers: {},
              },
            }
          : {}),
      },
      path.mesh,
    );
    const stopped = outboundStop(leg, d);
    if (stopped) return stopped;
  }
  const ex = gatewayExchange({
    path,
    source,
    pod,
    servicePort: svcPort,
    containerPort: targetPort,
    scheme: out.scheme,
    sni: leg.sni,
    insecure: out.insecure,
    cacert: out.cacert,
    hasClientCert: out.hasClientCert,
    clientCert: out.clientCert,
    request,
    outboundDecided: viaSidecar,
    connectHost: out.connectHost,
    connectPort: out.connectPort,
    fetch: leg.fetch,
  });
  if (!viaSidecar || ex.kind !== 'failure') return ex;
  // The client sidecar turns a refused or reset upstream connection into its own 503.
  if (out.scheme === 'https' && ex.failure.curlCode === 7)
    return ended(
      path,
      'client-sidecar',
      'the gateway refused the upstream connection: the client sidecar closes the TLS connection',
      failed(tlsReset(out.host, out.port)),
    );
  if (out.scheme === 'http')
    return ended(
      path,
      'client-sidecar',
      `the gateway ${ex.failure.curlCode === 7 ? 'refused' : 'reset'} the upstream connection: the client sidecar answers 503`,
      sidecar503(ex.failure.curlCode === 7 ? CONNECT_REFUSED_BODY : UPSTREAM_RESET_BODY),
    );
  return ex;
}
