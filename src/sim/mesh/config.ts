/**
 * The mesh configuration the engine decides against: the Istio objects of a ClusterView, parsed
 * once into typed, namespace-indexed lists (so one decision reads a handful of policies, not all).
 * Parsing is lenient: a field the engine does not read is ignored, a malformed one is dropped.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import type { Policy, RegistryService } from './policy.js';
import { parseAuthorizationPolicy, type AuthzSpec } from './authz-policy.js';
import { parsePeerAuthentication, type PeerAuthnSpec } from './peer-authn-policy.js';
import { parseRequestAuthentication, type RequestAuthnSpec } from './request-authn-policy.js';
import { parseDestinationRule, type DestinationRuleSpec } from './destination-rule.js';
import { type ExtAuthzProvider, type ExtAuthzServer, parseExtAuthzProviders } from './ext-authz.js';
import { parseSidecar, parseServiceEntry, type SidecarSpec, type ServiceEntrySpec } from './egress-policy.js';

export { matchLabels, selects, type Policy, type RegistryService } from './policy.js';

export interface MeshConfig {
  /** Istio version as [major, minor]. */
  version: readonly [number, number];
  rootNamespace: string;
  trustDomain: string;
  outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  peerAuthn: ReadonlyMap<string, Policy<PeerAuthnSpec>[]>;
  requestAuthn: ReadonlyMap<string, Policy<RequestAuthnSpec>[]>;
  authz: ReadonlyMap<string, Policy<AuthzSpec>[]>;
  destinationRules: ReadonlyMap<string, Policy<DestinationRuleSpec>[]>;
  sidecars: ReadonlyMap<string, Policy<SidecarSpec>[]>;
  serviceEntries: readonly Policy<ServiceEntrySpec>[];
  services: readonly RegistryService[];
  /** Resolves a `jwksUri` to JWKS text (a known sample, or a file a cluster workload serves). */
  jwksForUri: (uri: string) => string | undefined;
  /** Milliseconds since the epoch (JWT exp/nbf). */
  now: number;
  /** meshConfig.extensionProviders' ext-authz entries by name; undefined: the mesh config could not be read. */
  extAuthzProviders: ReadonlyMap<string, ExtAuthzProvider> | undefined;
  /** The external authorizers' answers (CUSTOM). */
  extAuthzServer: ExtAuthzServer;
}

export interface CompileOptions {
  jwksForUri?: (uri: string) => string | undefined;
  /** meshConfig.extensionProviders as written (default none); undefined: unreadable. */
  extensionProviders?: readonly Record<string, unknown>[] | undefined;
  /** Default: no authorizer is modelled (CUSTOM is refused). */
  extAuthzServer?: ExtAuthzServer;
}

/** Parses the view's Istio objects into a MeshConfig. Pure; call once per command. */
export function compileMesh(view: ClusterView, options: CompileOptions = {}): MeshConfig {
  const [major, minor] = parseVersion(view.istioVersion);
  return {
    version: [major, minor],
    rootNamespace: view.rootNamespace,
    trustDomain: view.trustDomain,
    outboundTrafficPolicy: view.outboundTrafficPolicy,
    peerAuthn: byNamespace(view, 'PeerAuthentication', parsePeerAuthentication),
    requestAuthn: byNamespace(view, 'RequestAuthentication', (o) =>
      parseRequestAuthentication(o, atLeast({ version: [major, minor] }, 1, 21)),
    ),
    // Path templates arrived in Istio 1.22 (pilot/pkg/security/authz/model/generator.go pathGenerator).
    authz: byNamespace(view, 'AuthorizationPolicy', (o) =>
      parseAuthorizationPolicy(o, atLeast({ version: [major, minor] }, 1, 22)),
    ),
    destinationRules: byNamespace(view, 'DestinationRule', parseDestinationRule),
    sidecars: byNamespace(view, 'Sidecar', parseSidecar),
    serviceEntries: [...byNamespace(view, 'ServiceEntry', parseServiceEntry).values()].flat(),
    services: view.list('Service').map(toRegistryService),
    jwksForUri: options.jwksForUri ?? (() => undefined),
    now: view.now(),
    extAuthzProviders:
      'extensionProviders' in options && options.extensionProviders === undefined
        ? undefined
        : parseExtAuthzProviders(options.extensionProviders ?? []),
    extAuthzServer: options.extAuthzServer ?? (() => undefined),
  };
}

export function parseVersion(v: string): [number, number] {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : [1, 24];
}

/** True when the installed Istio is at least major.minor. */
export function atLeast(config: Pick<MeshConfig, 'version'>, major: number, minor: number): boolean {
  const [a, b] = config.version;
  return a > major || (a === major && b >= minor);
}

function byNamespace<S>(
  view: ClusterView,
  kind: string,
  parse: (o: K8sObject) => { selector?: Record<string, string>; spec: S },
): Map<string, Policy<S>[]> {
  const out = new Map<string, Policy<S>[]>();
  for (const o of view.list(kind)) {
    const namespace = o.metadata.namespace ?? 'default';
    const { selector, spec } = parse(o);
    const list = out.get(namespace) ?? [];
    list.push({ ref: { kind, namespace, name: o.metadata.name }, selector, spec });
    out.set(namespace, list);
  }
  return out;
}

function toRegistryService(o: K8sObject): RegistryService {
  const ports = Array.isArray(o.spec?.['ports']) ? (o.spec['ports'] as Record<string, unknown>[]) : [];
  return {
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? 'default',
    ports: ports.map((p) => ({
      port: Number(p['port']),
      name: typeof p['name'] === 'string' ? p['name'] : undefined,
      targetPort: (p['targetPort'] as number | string | undefined) ?? Number(p['port']),
    })),
  };
}
