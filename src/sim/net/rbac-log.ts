/**
 * Envoy's RBAC debug lines for one request at the proxy that enforces AuthorizationPolicy.
 * Istio compiles each action into its own RBAC filter, in the order CUSTOM, AUDIT, DENY, ALLOW
 * (pilot/pkg/security/authz/builder/builder.go BuildHTTP), dry-run policies into the filter's
 * shadow_rules; each filter logs `checking request: ...`, then its shadow and enforced results
 * (Envoy source/extensions/filters/http/rbac/rbac_filter.cc decodeHeaders). A filter that
 * denies ends the chain. Policy ids are builder.go's policyName: `ns[NS]-policy[NAME]-rule[N]`.
 */
import type { Decision, MeshRequest, TraceEntry } from '../mesh/index.js';
import type { EnvoyDebugLine } from '../proxy/proxy-event.js';

// Envoy's `%g:%#` for the filters' log statements (the line numbers are those of the Envoy
// builds Istio 1.2x ships, as its proxy logs show them).
const HTTP_SOURCE = 'external/envoy/source/extensions/filters/http/rbac/rbac_filter.cc:114';
const TCP_SOURCE = 'external/envoy/source/extensions/filters/network/rbac/rbac_filter.cc:156';

type Action = 'CUSTOM' | 'AUDIT' | 'DENY' | 'ALLOW';
const FILTERS: readonly [Action, TraceEntry['stage']][] = [
  ['CUSTOM', 'authz-custom'],
  ['AUDIT', 'authz-audit'],
  ['DENY', 'authz-deny'],
  ['ALLOW', 'authz-allow'],
];

/** The id Envoy names for a matched rule (builder.go policyName; CUSTOM ids carry the ext-authz prefix). */
export function rbacPolicyId(e: TraceEntry, action: Action): string {
  const prefix = action === 'CUSTOM' ? 'istio-ext-authz-' : '';
  const rule = Math.max(0, (e.rule ?? 1) - 1);
  return `${prefix}ns[${e.policy?.namespace ?? ''}]-policy[${e.policy?.name ?? ''}]-rule[${rule}]`;
}

/** A stable ephemeral port for a client address (the simulator does not track source ports). */
function sourcePort(ip: string, seed: string): number {
  let h = 0;
  for (const c of `${ip}|${seed}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 32768 + (h % 28000);
}

function checking(req: MeshRequest, d: Decision): string {
  const client = req.source.kind === 'workload' ? req.source.workload : undefined;
  const dest = req.destination;
  const ip = client?.ip ?? (req.source.kind === 'outside' ? req.source.ip : '');
  const src = `${ip}:${sourcePort(ip, req.http?.path ?? '')}`;
  const mtls = d.trace.find((t) => t.stage === 'mtls')?.why.startsWith('mTLS: peer principal ') === true;
  const principal = mtls ? d.trace.find((t) => t.stage === 'mtls')!.why.slice('mTLS: peer principal '.length) : '';
  const server = dest.kind === 'workload' ? dest.workload : undefined;
  const local = `${server?.ip ?? ''}:${dest.kind === 'workload' ? dest.targetPort : dest.port}`;
  const svc = dest.kind === 'workload' ? dest.service : undefined;
  const sni = mtls && svc ? `outbound_.${svc.port}_._.${svc.name}.${svc.namespace}.svc.cluster.local` : '';
  const ssl = mtls
    ? `uriSanPeerCertificate: spiffe://${principal}, dnsSanPeerCertificate: , subjectPeerCertificate: `
    : 'none';
  const base =
    `checking request: requestedServerName: ${sni}, sourceIP: ${src}, directRemoteIP: ${src}, remoteIP: ${src},` +
    `localAddress: ${local}, ssl: ${ssl}`;
  if (!req.http) return base;
  const h = req.http;
  const pseudo: [string, string][] = [
    [':authority', h.host],
    [':path', h.path],
    [':method', h.method],
    [':scheme', 'http'],
  ];
  const rest = Object.entries(h.headers).filter(([k]) => k !== 'host');
  const headers = [...pseudo, ...rest].map(([k, v]) => `'${k}', '${v}'`).join('\n');
  return `${base}, headers: ${headers}\n, dynamicMetadata: `;
}

/** The RBAC filters' lines for the decision; none when the request never reached them. */
export function rbacDebugLines(req: MeshRequest, d: Decision): EnvoyDebugLine[] {
  const source = req.http ? HTTP_SOURCE : TCP_SOURCE;
  const out: EnvoyDebugLine[] = [];
  const line = (message: string) => out.push({ logger: 'rbac', level: 'debug', source, message });
  for (const [action, stage] of FILTERS) {
    const entries = d.trace.filter((t) => t.stage === stage && t.policy);
    if (entries.length === 0) continue;
    line(checking(req, d));
    const shadow = entries.filter((e) => e.dryRun || action === 'CUSTOM');
    const enforced = action === 'CUSTOM' ? [] : entries.filter((e) => !e.dryRun);
    const first = (list: TraceEntry[]) =>
      list
        .filter((e) => e.matched)
        .map((e) => rbacPolicyId(e, action))
        .sort()[0];
    if (shadow.length > 0) {
      const hit = first(shadow);
      // Shadow rules take the filter's action: a DENY (and CUSTOM) match is "shadow denied".
      const denied = action === 'ALLOW' ? !hit : action !== 'AUDIT' && hit !== undefined;
      line(`shadow ${denied ? 'denied' : 'allowed'}, matched policy ${hit ?? 'none'}`);
    }
    // The ext_authz filter follows CUSTOM's RBAC filter; its denial ends the chain.
    if (action === 'CUSTOM' && customDenied(d)) break;
    if (action === 'CUSTOM') continue;
    if (enforced.length === 0) {
      line('no engine, allowed by default');
      continue;
    }
    const hit = first(enforced);
    const denied = action === 'DENY' ? hit !== undefined : action === 'ALLOW' && hit === undefined;
    line(`enforced ${denied ? 'denied' : 'allowed'}, matched policy ${hit ?? 'none'}`);
    if (denied) break;
  }
  return out;
}

/** decide() names a CUSTOM denial in its outcome entry. */
export function customDenied(d: Decision): boolean {
  return d.trace.at(-1)?.why.startsWith('denied by CUSTOM') === true;
}
