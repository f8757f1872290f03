/**
 * The client sidecar's outbound stage: what its Envoy lets out (Sidecar egress hosts,
 * ServiceEntry, outboundTrafficPolicy; decided by the mesh engine), and the VirtualService bound
 * to `mesh` that routes plain HTTP for the host. When the sidecar answers or drops the request
 * itself, that answer is the step that ends the path.
 */
import type { K8sObject } from '../../kube/object.js';
import { describeOutcome, type Decision, type Outcome } from '../mesh/index.js';
import type { Exchange, HttpRequestOut } from './http.js';
import { NotSimulated } from './not-simulated.js';
import { assertNever } from '../../errors.js';
import { EMPTY_REPLY, failed, RESET, tlsReset } from './envoy-replies.js';
import { ended, noteDecision } from './path-trace.js';
import { routeRequest, routeVirtualService, type ExternalDestination, type Forward } from './sidecar-route.js';
import type { Leg, Outgoing } from './outgoing.js';

/** What curl sees when the client's own sidecar answers or drops the request. */
function clientSidecarExchange(o: Outcome, out: Outgoing): Exchange {
  switch (o.kind) {
    case 'local-reply':
      return {
        kind: 'response',
        httpVersion: '1.1',
        response: {
          status: o.status,
          headers: [
            ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
            ['server', 'envoy'],
            ['content-length', String(o.body.length)],
          ],
          body: o.body,
        },
      };
    case 'tls-failure':
      return failed(tlsReset(out.host, out.port));
    case 'closed':
      return failed(EMPTY_REPLY);
    case 'reset':
      return failed(RESET);
    case 'not-simulated':
      throw new NotSimulated(o.reason);
    case 'delivered':
      throw new Error('clientSidecarExchange: delivered is not a client-side answer');
    default:
      return assertNever(o, 'outcome');
  }
}

/**
 * Records the client sidecar's outbound decision; when it stops the request there, returns what
 * the client sees (the step that ends the path), else undefined.
 */
export function outboundStop(leg: Leg, d: Decision): Exchange | undefined {
  noteDecision(leg.path, 'client-sidecar', d);
  if (d.outcome.kind === 'delivered') return undefined;
  return ended(leg.path, 'client-sidecar', describeOutcome(d.outcome), clientSidecarExchange(d.outcome, leg.out));
}

/** HTTP the app sends through its own sidecar, routed by the VirtualService bound to `mesh` for the host. */
export function sidecarRoute(
  leg: Leg,
  vs: K8sObject,
  port: number,
  forward: Forward,
  external?: (r: HttpRequestOut, to: ExternalDestination) => Exchange,
): Exchange {
  if (leg.source.kind !== 'workload') throw new Error('sidecarRoute: the client has no sidecar');
  const w = leg.source.workload;
  return routeVirtualService({
    path: leg.path,
    who: 'client sidecar',
    vs,
    clientNs: w.namespace,
    request: leg.out.request,
    server: 'envoy',
    external,
    route: {
      ...routeRequest(leg.out.request, port, leg.out.scheme, { labels: w.labels, namespace: w.namespace }),
      gateways: ['mesh'],
    },
    forward,
  });
}
