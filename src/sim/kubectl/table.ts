/**
 * `kubectl get` tables: the columns the API server's table printers (and Istio's CRD
 * additionalPrinterColumns) define, laid out as kubectl's tabwriter does (3 spaces between
 * columns, no trailing padding), ages as kubectl's HumanDuration.
 */
import type { K8sObject } from '../../kube/object.js';
import { type ResourceType, qualifiedSingular } from '../kube/resources.js';
import { type ContainerLists, isSidecarContainer, runningContainers } from '../kube/native-sidecars.js';

type Obj = Record<string, unknown>;

/** k8s.io/apimachinery duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 192) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function age(o: K8sObject, now: number): string {
  const t = Date.parse(o.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

function at(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const k of path.split('.').filter(Boolean)) v = v && typeof v === 'object' ? (v as Obj)[k] : undefined;
  return v;
}

function cell(v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function labelsText(l: Record<string, string> | undefined): string {
  const e = Object.entries(l ?? {});
  return e.length === 0
    ? '<none>'
    : e
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
}

type Ports = { port: number; protocol?: string; nodePort?: number }[];

function columns(type: ResourceType, wide: boolean): string[] {
  switch (type.kind) {
    case 'Pod':
      return [
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        ...(wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : []),
      ];
    case 'Service':
      return ['TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', ...(wide ? ['SELECTOR'] : [])];
    case 'Deployment':
      return ['READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])];
    case 'Namespace':
      return ['STATUS', 'AGE'];
    case 'ServiceAccount':
      return ['SECRETS', 'AGE'];
    case 'Secret':
      return ['TYPE', 'DATA', 'AGE'];
    case 'ConfigMap':
      return ['DATA', 'AGE'];
    case 'Role':
    case 'ClusterRole':
      return ['CREATED AT'];
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return ['ROLE', 'AGE', ...(wide ? ['USERS', 'GROUPS', 'SERVICEACCOUNTS'] : [])];
    case 'Node':
      return [
        'STATUS',
        'ROLES',
        'AGE',
        'VERSION',
        ...(wide ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] : []),
      ];
    default:
      return [...(type.columns ?? []).map((c) => c.name), 'AGE'];
  }
}

type Waiting = { name?: string; state?: { waiting?: { reason?: string } } };

/**
 * printPod's STATUS: the phase, replaced by `Init:i/n` while regular init containers wait (or
 * `Init:REASON`), else by a waiting container's reason (ContainerCreating).
 */
function podReason(spec: ContainerLists, status: Obj): string {
  const init = (spec.initContainers ?? []).filter((c) => !isSidecarContainer(c));
  const inits = ((status.initContainerStatuses as Waiting[] | undefined) ?? []).filter((c) =>
    init.some((i) => i.name === c.name),
  );
  const done = inits.findIndex((c) => c.state?.waiting);
  if (done !== -1) {
    const r = inits[done]!.state!.waiting!.reason;
    return r && r !== 'PodInitializing' ? `Init:${r}` : `Init:${done}/${init.length}`;
  }
  const w = ((status.containerStatuses as Waiting[] | undefined) ?? []).find((c) => c.state?.waiting?.reason);
  return w?.state?.waiting?.reason ?? String(status.phase ?? 'Pending');
}

function row(type: ResourceType, o: K8sObject, now: number, wide: boolean): string[] {
  const spec = (o.spec ?? {}) as Obj;
  const status = (o.status ?? {}) as Obj;
  switch (type.kind) {
    case 'Pod': {
      // printPod (pkg/printers/internalversion/printers.go) counts sidecar init containers
      // (restartPolicy: Always, e.g. Istio's native istio-proxy) in READY beside the containers.
      const running = new Set(runningContainers(spec as ContainerLists).map((c) => c.name));
      type Cs = { name?: string; ready?: boolean; restartCount?: number };
      const inits = ((status.initContainerStatuses as Cs[] | undefined) ?? []).filter((c) => running.has(c.name));
      const cs = [...((status.containerStatuses as Cs[] | undefined) ?? []), ...inits];
      const ready = `${cs.filter((c) => c.ready).length}/${running.size}`;
      const restarts = String(cs.reduce((n, c) => n + (c.restartCount ?? 0), 0));
      return [
        ready,
        podReason(spec as ContainerLists, status),
        restarts,
        age(o, now),
        ...(wide ? [String(status.podIP ?? '<none>'), String(spec.nodeName ?? '<none>'), '<none>', '<none>'] : []),
      ];
    }
    case 'Service': {
      const t = String(spec.type ?? 'ClusterIP');
      const ingress = at(status, 'loadBalancer.ingress') as { ip?: string }[] | undefined;
      const ext =
        t === 'LoadBalancer'
          ? ingress?.length
            ? ingress.map((i) => i.ip).join(',')
            : '<pending>'
          : t === 'ExternalName'
            ? String(spec.externalName ?? '')
            : '<none>';
      const ports =
        ((spec.ports as Ports | undefined) ?? [])
          .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
          .join(',') || '<none>';
      const sel = spec.selector as Record<string, string> | undefined;
      return [
        t,
        String(spec.clusterIP ?? '<none>'),
        ext,
        ports,
        age(o, now),
        ...(wide ? [sel ? labelsText(sel) : '<none>'] : []),
      ];
    }
    case 'Deployment': {
      const replicas = Number(spec.replicas ?? 1);
      const tpl = at(spec, 'template.spec.containers') as { name: string; image?: string }[] | undefined;
      const sel = at(spec, 'selector.matchLabels') as Record<string, string> | undefined;
      return [
        `${Number(status.readyReplicas ?? 0)}/${replicas}`,
        String(status.updatedReplicas ?? 0),
        String(status.availableReplicas ?? 0),
        age(o, now),
        ...(wide
          ? [(tpl ?? []).map((c) => c.name).join(','), (tpl ?? []).map((c) => c.image ?? '').join(','), labelsText(sel)]
          : []),
      ];
    }
    case 'Namespace':
      return [String(status.phase ?? 'Active'), age(o, now)];
    case 'ServiceAccount':
      return [String(((o.secrets as unknown[] | undefined) ?? []).length), age(o, now)];
    case 'Secret':
      return [String(o.type ?? 'Opaque'), String(Object.keys(o.data ?? {}).length), age(o, now)];
    case 'ConfigMap':
      return [
        String(Object.keys(o.data ?? {}).length + Object.keys((o.binaryData as Obj | undefined) ?? {}).length),
        age(o, now),
      ];
    case 'Role':
    case 'ClusterRole':
      return [o.metadata.creationTimestamp ?? ''];
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return bindingRow(o, now, wide);
    case 'Node': {
      const roles =
        Object.keys(o.metadata.labels ?? {})
          .filter((k) => k.startsWith('node-role.kubernetes.io/'))
          .map((k) => k.slice(24))
          .join(',') || '<none>';
      const info = (status.nodeInfo ?? {}) as Record<string, string>;
      const ip =
        ((status.addresses as { type: string; address: string }[] | undefined) ?? []).find(
          (a) => a.type === 'InternalIP',
        )?.address ?? '<none>';
      return [
        'Ready',
        roles,
        age(o, now),
        info.kubeletVersion ?? '',
        ...(wide
          ? [ip, '<none>', info.osImage ?? '', info.kernelVersion ?? '', info.containerRuntimeVersion ?? '']
          : []),
      ];
    }
    default:
      return [...(type.columns ?? []).map((c) => cell(at(o, c.path))), age(o, now)];
  }
}

/** printers.go printRoleBinding / printClusterRoleBinding: ROLE is Kind/name; -o wide adds the subjects by kind. */
function bindingRow(o: K8sObject, now: number, wide: boolean): string[] {
  const ref = (o['roleRef'] ?? {}) as { kind?: string; name?: string };
  const subjects = (o['subjects'] as { kind?: string; name?: string; namespace?: string }[] | undefined) ?? [];
  const of = (kind: string) =>
    subjects
      .filter((s) => s.kind === kind)
      .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : (s.name ?? '')))
      .join(', ');
  return [
    `${ref.kind ?? ''}/${ref.name ?? ''}`,
    age(o, now),
    ...(wide ? [of('User'), of('Group'), of('ServiceAccount')] : []),
  ];
}

export interface TableOptions {
  wide: boolean;
  /** Adds the NAMESPACE column (-A). */
  withNamespace: boolean;
  /** Names as `kind.group/name` (several kinds in one get). */
  withKind: boolean;
  showLabels: boolean;
  noHeaders: boolean;
}

/** The rows of one kind's table (header first unless noHeaders). */
export function tableRows(type: ResourceType, objs: readonly K8sObject[], now: number, o: TableOptions): string[][] {
  const head = [
    ...(o.withNamespace ? ['NAMESPACE'] : []),
    'NAME',
    ...columns(type, o.wide),
    ...(o.showLabels ? ['LABELS'] : []),
  ];
  const rows = objs.map((obj) => [
    ...(o.withNamespace ? [obj.metadata.namespace ?? ''] : []),
    o.withKind ? `${qualifiedSingular(type)}/${obj.metadata.name}` : obj.metadata.name,
    ...row(type, obj, now, o.wide),
    ...(o.showLabels ? [labelsText(obj.metadata.labels)] : []),
  ]);
  return o.noHeaders ? rows : [head, ...rows];
}

/** Lays rows out as kubectl's tabwriter (minwidth 0, padding 3), trimming trailing blanks. */
export function layout(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}
