/**
 * The environment a container's processes start with: the image's ENV (PATH, HOME), HOSTNAME (the
 * pod name), the container's `env` and `envFrom` (kubelet kuberuntime makeEnvironmentVariables,
 * including fieldRef, ConfigMap and Secret values and `$(VAR)` references), and the service links
 * kubelet adds for every Service of the namespace that existed when the pod started
 * (pkg/kubelet/envvars: `NAME_SERVICE_HOST`, `NAME_SERVICE_PORT`, `NAME_PORT_443_TCP`, …).
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { clusterIp, servicePorts } from '../net/cluster-index.js';
import { PATH, type Userland } from './images.js';
import { type ContainerLists, runningContainers } from '../kube/native-sidecars.js';

type Ref = { name?: string; key?: string; fieldPath?: string };
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, Ref | undefined>;
}
interface EnvFrom {
  prefix?: string;
  configMapRef?: { name?: string };
  secretRef?: { name?: string };
}
interface ContainerSpec {
  name?: string;
  env?: EnvVar[];
  envFrom?: EnvFrom[];
}

export interface PodEnv {
  env: Record<string, string>;
  /** Variables whose value the simulator cannot know, with why. */
  unknown: Record<string, string>;
}

const FIELDS: Record<string, (pod: K8sObject) => unknown> = {
  'metadata.name': (p) => p.metadata.name,
  'metadata.namespace': (p) => p.metadata.namespace,
  'metadata.uid': (p) => p.metadata.uid,
  'spec.nodeName': (p) => p.spec?.['nodeName'],
  'spec.serviceAccountName': (p) => p.spec?.['serviceAccountName'],
  'status.podIP': (p) => p.status?.['podIP'],
  'status.hostIP': (p) => p.status?.['hostIP'],
};

type Data = Record<string, string>;

function dataOf(view: ClusterView, kind: 'ConfigMap' | 'Secret', ns: string, name: string): Data | undefined {
  const obj = view.get(kind, ns, name);
  if (!obj) return undefined;
  if (kind === 'ConfigMap') return obj.data ?? {};
  const decoded = Object.entries(obj.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]);
  return Object.fromEntries(decoded) as Data;
}

/** kubelet's service links: names upper-cased, `-` to `_` (envvars.go makeEnvVariableName). */
function serviceLinks(pod: K8sObject, view: ClusterView): Record<string, string> {
  const out: Record<string, string> = {};
  const started = pod.metadata.creationTimestamp ?? '';
  const ns = pod.metadata.namespace ?? 'default';
  const master = view.get('Service', 'default', 'kubernetes');
  const own = view.list('Service', ns).filter((s) => s.metadata.name !== 'kubernetes' || ns !== 'default');
  for (const svc of [...own, ...(master ? [master] : [])]) {
    const ip = clusterIp(svc);
    if (!ip || ip === 'None' || (svc !== master && (svc.metadata.creationTimestamp ?? '') > started)) continue;
    const name = svc.metadata.name.toUpperCase().replace(/-/g, '_');
    const ports = servicePorts(svc);
    const first = ports[0];
    if (!first) continue;
    out[`${name}_SERVICE_HOST`] = ip;
    out[`${name}_SERVICE_PORT`] = String(first.port);
    for (const p of ports) {
      if (p.name) out[`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
    }
    const proto = (p: object) => String((p as { protocol?: string }).protocol ?? 'TCP').toLowerCase();
    out[`${name}_PORT`] = `${proto(first)}://${ip}:${first.port}`;
    for (const p of ports) {
      const key = `${name}_PORT_${p.port}_${proto(p).toUpperCase()}`;
      out[key] = `${proto(p)}://${ip}:${p.port}`;
      out[`${key}_PROTO`] = proto(p);
      out[`${key}_PORT`] = String(p.port);
      out[`${key}_ADDR`] = ip;
    }
  }
  return out;
}

/** `$(VAR)` in an env value refers to an earlier variable; `$$(VAR)` is a literal `$(VAR)`. */
function expandRefs(value: string, env: Record<string, string>): string {
  const ref = /\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;
  return value.replace(ref, (m, name: string | undefined) => (m === '$$' ? '$' : (env[name!] ?? m)));
}

export function podEnv(pod: K8sObject, container: string, view: ClusterView, userland: Userland): PodEnv {
  const ns = pod.metadata.namespace ?? 'default';
  const podSpec = pod.spec as (ContainerLists<ContainerSpec> & { enableServiceLinks?: boolean }) | undefined;
  const spec = runningContainers(podSpec).find((c) => c.name === container);
  const env: Record<string, string> = { PATH, HOSTNAME: pod.metadata.name, ...userland.env };
  const unknown: Record<string, string> = {};
  const links = podSpec?.enableServiceLinks === false ? {} : serviceLinks(pod, view);
  for (const from of spec?.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const data = dataOf(view, from.configMapRef ? 'ConfigMap' : 'Secret', ns, ref?.name ?? '') ?? {};
    for (const [k, v] of Object.entries(data)) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of spec?.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      env[e.name] = expandRefs(e.value ?? '', { ...links, ...env });
      continue;
    }
    const { fieldRef, configMapKeyRef, secretKeyRef } = e.valueFrom;
    const field = fieldRef?.fieldPath ? FIELDS[fieldRef.fieldPath]?.(pod) : undefined;
    const keyRef = configMapKeyRef ?? secretKeyRef;
    const data = keyRef ? dataOf(view, configMapKeyRef ? 'ConfigMap' : 'Secret', ns, keyRef.name ?? '') : undefined;
    const v = typeof field === 'string' ? field : data?.[keyRef?.key ?? ''];
    if (v !== undefined) env[e.name] = v;
    else unknown[e.name] = `its valueFrom ${Object.keys(e.valueFrom).join(', ')} is not resolved by the simulator`;
  }
  return { env: { ...env, ...links, HOME: env['HOME'] ?? userland.home }, unknown };
}
