/**
 * A ClusterView of a real cluster, read once with `kubectl get … -A -o json`, so the mesh
 * engine that decides simulated outcomes can explain real ones (`meshwalk explain --cluster
 * current`): the same objects, in the same JSON, as the simulator stores them.
 */
import { parse } from 'yaml';
import { istioVersionOf } from './doctor/istiod.js';
import type { Cluster } from './port.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { ClusterView } from '../kube/cluster-view.js';
import type { K8sObject } from '../kube/object.js';
import { lastLine } from './kubectl-failure.js';

/** Workload and registry kinds: always served. ConfigMaps hold the mesh config and in-cluster JWKS. */
const CORE_KINDS = ['namespaces', 'pods', 'services', 'serviceaccounts', 'configmaps'];
/** The Istio kinds the policy engine reads; absent when Istio's CRDs are not installed. */
const ISTIO_KINDS = [
  'peerauthentications.security.istio.io',
  'requestauthentications.security.istio.io',
  'authorizationpolicies.security.istio.io',
  'destinationrules.networking.istio.io',
  'sidecars.networking.istio.io',
  'serviceentries.networking.istio.io',
  'gateways.networking.istio.io',
  'virtualservices.networking.istio.io',
];
/** base64 "REDACTED": the key exists (the gateway can serve), its value is not kept. */
export const REDACTED = 'UkVEQUNURUQ=';
const missingType = /doesn't have a resource type|could not find the requested resource/;

export async function loadRealView(cluster: Cluster): Promise<ClusterView> {
  const objects: K8sObject[] = [...(await getAll(cluster, CORE_KINDS, ['-A'])), ...(await getIstio(cluster))];
  // Gateway certificates live in istio-system: keep the public certificates, never a private key.
  for (const s of await getAll(cluster, ['secrets'], ['-n', 'istio-system'])) {
    const { data, stringData: _s, ...rest } = s;
    objects.push({
      ...rest,
      data: Object.fromEntries(
        Object.entries(data ?? {}).map(([k, v]) => [k, /(^|\.)(crt|cert|pem)$/.test(k) ? v : REDACTED]),
      ),
    });
  }
  const meshCm = objects.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'istio-system' && o.metadata.name === 'istio',
  );
  const istiod = await getOptional(cluster, ['deployment', 'istiod', '-n', 'istio-system']);
  const version = istiod ? istioVersionOf(istiod as Parameters<typeof istioVersionOf>[0]) : undefined;
  const mesh = meshConfig(meshCm?.data?.['mesh']);

  const byKind = new Map<string, K8sObject[]>();
  for (const o of objects) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  return {
    istioVersion: /^\d+\.\d+/.exec(version ?? '')?.[0] ?? '1.24',
    rootNamespace: mesh.rootNamespace,
    trustDomain: mesh.trustDomain,
    outboundTrafficPolicy: mesh.outbound,
    list: (kind, namespace) =>
      (byKind.get(kind) ?? []).filter((o) => namespace === undefined || o.metadata.namespace === namespace),
    get: (kind, namespace, name) =>
      (byKind.get(kind) ?? []).find(
        (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
      ),
    now: () => Date.now(),
  };
}

async function getIstio(cluster: Cluster): Promise<K8sObject[]> {
  try {
    return await getAll(cluster, ISTIO_KINDS, ['-A']);
  } catch (err) {
    if (!(err instanceof UserFacingError) || !missingType.test(err.message)) throw err;
  }
  // Some Istio CRDs are missing (an old or partial install): read kind by kind, skipping those.
  const out: K8sObject[] = [];
  for (const kind of ISTIO_KINDS) {
    try {
      out.push(...(await getAll(cluster, [kind], ['-A'])));
    } catch (err) {
      if (!(err instanceof UserFacingError) || !missingType.test(err.message)) throw err;
    }
  }
  return out;
}

async function getAll(cluster: Cluster, kinds: readonly string[], scope: readonly string[]): Promise<K8sObject[]> {
  const r = await cluster.run(['kubectl', 'get', kinds.join(','), ...scope, '-o', 'json'], { timeoutMs: 60_000 });
  if (r.exitCode !== 0)
    throw new UserFacingError(
      `cannot read ${kinds.join(', ')} from the cluster: ${lastLine(r.stderr) ?? 'no output'}`,
      ExitCode.environment,
    );
  try {
    return ((JSON.parse(r.stdout) as { items?: K8sObject[] }).items ?? []).filter((o) => o?.kind && o.metadata?.name);
  } catch {
    throw new UserFacingError(
      `kubectl get ${kinds.join(',')} printed something that is not JSON`,
      ExitCode.environment,
    );
  }
}

async function getOptional(cluster: Cluster, args: readonly string[]): Promise<K8sObject | undefined> {
  const r = await cluster.run(['kubectl', 'get', ...args, '-o', 'json', '--ignore-not-found'], { timeoutMs: 30_000 });
  if (r.exitCode !== 0)
    throw new UserFacingError(
      `cannot read ${args.join(' ')} from the cluster: ${lastLine(r.stderr) ?? 'no output'}`,
      ExitCode.environment,
    );
  if (r.stdout.trim() === '') return undefined;
  try {
    return JSON.parse(r.stdout) as K8sObject;
  } catch {
    return undefined;
  }
}

/** The parts of Istio's mesh config (ConfigMap istio, key `mesh`) the policy engine needs. */
export function meshConfig(text: string | undefined): {
  rootNamespace: string;
  trustDomain: string;
  outbound: 'ALLOW_ANY' | 'REGISTRY_ONLY';
} {
  let m: { rootNamespace?: unknown; trustDomain?: unknown; outboundTrafficPolicy?: { mode?: unknown } } = {};
  try {
    const parsed: unknown = text ? parse(text) : {};
    if (parsed && typeof parsed === 'object') m = parsed as typeof m;
  } catch {
    // A mesh config kubectl returned but yaml cannot read: Istio's defaults, as istiod would fall back.
  }
  return {
    rootNamespace: typeof m.rootNamespace === 'string' ? m.rootNamespace : 'istio-system',
    trustDomain: typeof m.trustDomain === 'string' ? m.trustDomain : 'cluster.local',
    outbound: m.outboundTrafficPolicy?.mode === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY',
  };
}
