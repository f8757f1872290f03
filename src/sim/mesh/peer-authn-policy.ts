/**
 * PeerAuthentication: which mTLS mode a workload's inbound port enforces.
 * Istio's ComposePeerAuthentication (pilot/pkg/security/authn/policy_applier.go): mesh (root
 * namespace, no selector) < namespace (no selector) < workload (selector) < portLevelMtls of the
 * workload policy; UNSET inherits; the oldest policy wins within one scope; a policy with a
 * selector in the root namespace is ignored.
 */
import type { K8sObject } from '../../kube/object.js';
import type { ObjectRef, Workload } from './model.js';
import { matchLabels, selects, type Policy } from './policy.js';
import { selectorMisses } from './selector-misses.js';
import { newMap, slot } from './nested-cache.js';

export type MtlsMode = 'UNSET' | 'PERMISSIVE' | 'STRICT' | 'DISABLE';
/** What a port finally enforces (UNSET resolved). */
export type EffectiveMode = Exclude<MtlsMode, 'UNSET'>;

export interface PeerAuthnSpec {
  mode: MtlsMode;
  /** portLevelMtls, keyed by the workload (container) port. */
  portLevel: ReadonlyMap<number, MtlsMode>;
}

export function parsePeerAuthentication(o: K8sObject): { selector?: Record<string, string>; spec: PeerAuthnSpec } {
  const spec = o.spec ?? {};
  const portLevel = new Map<number, MtlsMode>();
  const plm = spec['portLevelMtls'] as Record<string, { mode?: string }> | undefined;
  if (plm && typeof plm === 'object')
    for (const [port, v] of Object.entries(plm)) portLevel.set(Number(port), toMode(v?.mode));
  return {
    selector: matchLabels(spec),
    spec: { mode: toMode((spec['mtls'] as { mode?: string } | undefined)?.mode), portLevel },
  };
}

function toMode(m: unknown): MtlsMode {
  return m === 'PERMISSIVE' || m === 'STRICT' || m === 'DISABLE' ? m : 'UNSET';
}

/** The mode one inbound port enforces, and which policies decided it. */
export interface PeerAuthnResult {
  mode: EffectiveMode;
  /** The policies that applied, from the widest scope to the narrowest. */
  applied: { scope: 'mesh' | 'namespace' | 'workload' | 'port'; ref: ObjectRef; mode: MtlsMode }[];
  /** Root-namespace policies with a selector, which Istio ignores (worth telling the learner). */
  ignored: ObjectRef[];
  /** The trace line for this port, computed once. */
  why: string;
}

/** The part of the mesh config peer authentication reads (MeshConfig has it). */
export interface PeerAuthnConfig {
  rootNamespace: string;
  peerAuthn: ReadonlyMap<string, Policy<PeerAuthnSpec>[]>;
}

/** Per config, namespace, pod name and port. */
const cache = new WeakMap<PeerAuthnConfig, Map<string, Map<string, Map<number, PeerAuthnResult>>>>();

/** Cached per config, workload and port (the result depends on nothing else). */
export function effectivePeerAuthn(config: PeerAuthnConfig, workload: Workload, targetPort: number): PeerAuthnResult {
  const byPort = slot(slot(slot(cache, config, newMap), workload.namespace, newMap), workload.name, newMap);
  let r = byPort.get(targetPort);
  if (!r) byPort.set(targetPort, (r = compute(config, workload, targetPort)));
  return r;
}

function compute(config: PeerAuthnConfig, workload: Workload, targetPort: number): PeerAuthnResult {
  const root = config.peerAuthn.get(config.rootNamespace) ?? [];
  const ignored = root.filter((p) => p.selector).map((p) => p.ref);
  const mesh = root.find((p) => !p.selector);
  let ns: Policy<PeerAuthnSpec> | undefined;
  let wl: Policy<PeerAuthnSpec> | undefined;
  let missed = '';
  if (workload.namespace !== config.rootNamespace) {
    const local = config.peerAuthn.get(workload.namespace) ?? [];
    ns = local.find((p) => !p.selector);
    wl = local.find((p) => p.selector !== undefined && selects(p.selector, workload.labels));
    missed = selectorMisses(local, workload);
  }
  let mode: EffectiveMode = 'PERMISSIVE';
  const applied: PeerAuthnResult['applied'] = [];
  const layer = (
    scope: PeerAuthnResult['applied'][number]['scope'],
    p: Policy<PeerAuthnSpec> | undefined,
    m: MtlsMode | undefined,
  ) => {
    if (!p || m === undefined) return;
    applied.push({ scope, ref: p.ref, mode: m });
    if (m !== 'UNSET') mode = m;
  };
  layer('mesh', mesh, mesh?.spec.mode);
  layer('namespace', ns, ns?.spec.mode);
  layer('workload', wl, wl?.spec.mode);
  layer('port', wl, wl?.spec.portLevel.get(targetPort));
  const scopes = applied.map((a) => `${a.scope} ${a.ref.namespace}/${a.ref.name} ${a.mode}`).join(', ');
  const note = ignored.length
    ? `; ignored (selector in the root namespace): ${ignored.map((r) => r.name).join(', ')}`
    : '';
  // A workload policy whose selector missed is named even when another policy decided (F2).
  const notApplied = missed ? `; not applied: ${missed}` : '';
  const none = missed
    ? 'no PeerAuthentication selects this pod and no namespace or mesh policy exists: default PERMISSIVE'
    : 'no PeerAuthentication: default PERMISSIVE';
  const why = `port ${targetPort}: ${mode}${scopes ? ` (${scopes})` : ` (${none})`}${notApplied}${note}`;
  return { mode, applied, ignored, why };
}
