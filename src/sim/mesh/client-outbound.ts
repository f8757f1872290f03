/**
 * The client sidecar's outbound stage: what the proxy knows (Sidecar egress hosts, ServiceEntry)
 * and lets out (outboundTrafficPolicy), before the connection reaches anything.
 */
import type { Decision, MeshRequest, Outcome, TraceEntry } from './model.js';
import type { MeshConfig } from './config.js';
import { egressViewFor, hasListener, hostVisible, serviceEntryFor } from './egress-policy.js';
import { delivered, reply } from './outcomes.js';
import { describe } from './workload-text.js';

export interface OutboundResult {
  /** Set when the client sidecar answers or drops the request itself. */
  outcome?: Outcome;
  why?: string;
  /** Not in the registry but let through (ALLOW_ANY): sent as is, without mTLS. */
  passthrough: boolean;
}
// Shared results for the common cases: this runs for every decision (no allocation per call).
export const SENT_ON: OutboundResult = Object.freeze({ passthrough: false });
const PASSTHROUGH: OutboundResult = Object.freeze({ passthrough: true });

/** The client sidecar's outbound stage alone: Sidecar egress hosts, ServiceEntry, outboundTrafficPolicy. */
export function clientOutbound(req: MeshRequest, config: MeshConfig, trace: TraceEntry[] | undefined): OutboundResult {
  const stop = (outcome: Outcome, why: string): OutboundResult => ({ outcome, why, passthrough: false });
  const client = req.source.kind === 'workload' ? req.source.workload : undefined;
  const dest = req.destination;
  if (client && client.sidecar && client.role === 'app') {
    const eg = egressViewFor(config, client);
    const modeFrom =
      eg.modeFrom === 'meshConfig' ? 'meshConfig' : `Sidecar ${eg.modeFrom.namespace}/${eg.modeFrom.name}`;
    const known =
      dest.kind === 'external'
        ? serviceEntryFor(config, eg, client.namespace, dest.host, dest.port)
        : dest.service &&
          hostVisible(
            eg,
            client.namespace,
            dest.service.namespace,
            `${dest.service.name}.${dest.service.namespace}.svc.cluster.local`,
          );
    const port = dest.kind === 'external' ? dest.port : (dest.service?.port ?? dest.targetPort);
    if (known && typeof known === 'object') {
      trace?.push({
        stage: 'egress',
        policy: known.ref,
        why: `ServiceEntry ${known.ref.namespace}/${known.ref.name} declares ${dest.kind === 'external' ? dest.host : ''}: in the registry`,
      });
    } else if (known) {
      trace?.push({ stage: 'egress', why: `the destination service is in the client's registry view` });
    } else if (eg.mode === 'REGISTRY_ONLY') {
      // REGISTRY_ONLY: unknown HTTP hits the block_all virtual host; TLS/TCP the BlackHoleCluster.
      trace?.push({
        stage: 'egress',
        matched: false,
        why: `outboundTrafficPolicy REGISTRY_ONLY (from ${modeFrom}) and the destination is not in the client's registry view`,
      });
      if (req.appTls)
        return stop(
          { kind: 'tls-failure', by: 'client-sidecar' },
          'the client sidecar sends the TLS connection to the BlackHoleCluster: handshake fails',
        );
      if (hasListener(config, eg, client.namespace, port))
        return stop(reply(502, '', 'client-sidecar'), 'the client sidecar answers 502 from its block_all virtual host');
      return stop(
        { kind: 'closed', by: 'client-sidecar' },
        'no listener for the port: the BlackHoleCluster closes the connection',
      );
    } else {
      trace?.push({
        stage: 'egress',
        why: `not in the registry view; outboundTrafficPolicy ALLOW_ANY (from ${modeFrom}) passes it through as is`,
      });
      return PASSTHROUGH;
    }
  }
  return SENT_ON;
}

/**
 * Only the client side of a hop: what the client's sidecar does before the connection reaches
 * anything (used for calls to the ingress gateway, whose listeners are modeled by the network).
 * The outcome is `delivered` when the sidecar lets the request out.
 */
export function decideOutbound(req: MeshRequest, config: MeshConfig): Decision {
  const trace: TraceEntry[] = [];
  const client = req.source.kind === 'workload' ? req.source.workload : undefined;
  trace.push({ stage: 'sidecars', why: `client ${describe(client, req)}` });
  const r = clientOutbound(req, config, trace);
  const outcome = r.outcome ?? delivered(false, client?.sidecar === true, false);
  trace.push({ stage: 'outcome', why: r.why ?? 'the client sidecar sends the request on' });
  return { outcome, trace };
}
