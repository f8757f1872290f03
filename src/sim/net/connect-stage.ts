/**
 * Connect: from a Service address to one endpoint (the port must exist, the Service must have a
 * ready pod, the pod's port must be reachable), then the hop to that pod, which is the ingress
 * gateway's listeners or a pod's sidecar and app (deliver.ts). Plain HTTP from an app with a
 * sidecar is first routed by the VirtualService bound to `mesh` for the Service's host.
 */
import type { K8sObject } from '../../kube/object.js';
import type { Exchange, HttpRequestOut } from './http.js';
import {
  endpoints,
  isEgressGatewayPod,
  isGatewayPod,
  isGatewayService,
  isTcpPort,
  targetPortOn,
  type ServicePort,
} from './cluster-index.js';
import { deliverToPod } from './deliver.js';
import { connectRefused, connectTimeout, EMPTY_REPLY, failed, sidecar503 } from './envoy-replies.js';
import { ended } from './path-trace.js';
import { throughClientSidecar } from './client-source.js';
import { sidecarRoute } from './client-outbound.js';
import { toGatewayPod } from './gateway-hop.js';
import { toEgressGatewayPod } from './egress-gateway.js';
import { meshVirtualService } from './sidecar-route.js';
import type { Leg } from './outgoing.js';

/** Nothing listens at the address curl connected to: the kernel refuses. */
export function refused(leg: Leg, why: string): Exchange {
  return ended(leg.path, 'connect', why, failed(connectRefused(leg.out.connectHost, leg.out.connectPort)));
}

/** Nobody answers at the address: the SYN retries run out. */
export function timedOut(leg: Leg, why: string): Exchange {
  return ended(leg.path, 'connect', why, failed(connectTimeout(leg.out.connectHost, leg.out.connectPort)));
}

export function toPod(
  leg: Leg,
  pod: K8sObject,
  targetPort: number,
  service?: { svc: K8sObject; port: ServicePort; subset?: string | undefined },
  request: HttpRequestOut = leg.out.request,
): Exchange {
  const { path, out } = leg;
  if (isGatewayPod(pod, path.view)) return toGatewayPod(leg, pod, targetPort, service, request);
  if (isEgressGatewayPod(pod, path.view)) return toEgressGatewayPod(leg, pod, targetPort, service, request);
  const hop = deliverToPod({
    path,
    source: leg.source,
    pod,
    targetPort,
    appTls: out.scheme === 'https',
    request,
    scheme: out.scheme,
    connectHost: out.connectHost,
    connectPort: out.connectPort,
    fetch: leg.fetch,
    service: service
      ? {
          name: service.svc.metadata.name,
          namespace: service.svc.metadata.namespace ?? 'default',
          port: service.port.port,
        }
      : undefined,
    tlsClient: leg.tlsClient,
  });
  return hop.kind === 'failure'
    ? hop
    : { kind: 'response', response: hop.response, httpVersion: '1.1', ...(hop.tls ? { tls: hop.tls } : {}) };
}

export function toService(leg: Leg, svc: K8sObject, sp: ServicePort | undefined): Exchange {
  const { path, source } = leg;
  const name = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
  const sidecar = source.kind === 'workload' && source.workload.sidecar;
  if (!sp)
    return sidecar
      ? ended(
          path,
          'client-sidecar',
          `Service ${name} has no port ${leg.out.connectPort}: the client sidecar has no listener for it and closes the connection`,
          failed(EMPTY_REPLY),
        )
      : timedOut(leg, `Service ${name} has no port ${leg.out.connectPort}: nothing answers at its address`);
  // HTTP the app sends through its own sidecar follows the VirtualService bound to `mesh` for the host.
  const routed = throughClientSidecar(source) && leg.out.scheme === 'http';
  const vs =
    routed && !isGatewayService(svc, path.view) && !isTcpPort(sp)
      ? meshVirtualService(path.view, `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}.svc.cluster.local`, {
          http: true,
        })
      : undefined;
  if (vs)
    return sidecarRoute(leg, vs, sp.port, (pod, tp, s, p, request, subset) =>
      toPod(leg, pod, tp, { svc: s, port: p, subset }, request),
    );
  const pod = endpoints(svc, path.view)[0];
  if (!pod)
    return sidecar
      ? ended(
          path,
          'client-sidecar',
          `Service ${name} has no ready endpoint: the client sidecar answers 503 no healthy upstream`,
          sidecar503('no healthy upstream'),
        )
      : refused(leg, `Service ${name} has no ready endpoint: kube-proxy rejects the connection`);
  const tp = targetPortOn(sp, pod);
  if (tp === undefined)
    return refused(
      leg,
      `Service ${name} port ${sp.port} names a target port pod ${pod.metadata.name} does not declare`,
    );
  return toPod(leg, pod, tp, { svc, port: sp });
}
