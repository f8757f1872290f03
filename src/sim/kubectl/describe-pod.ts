/** `kubectl describe pod` and `deployment` (describePod, describeDeployment, DescribePodTemplate in describe.go). */
import type { K8sObject } from '../../kube/object.js';
import { Writer, annotationsMultiline, events, labelsMultiline, rfc1123z } from './describe-text.js';

type Obj = Record<string, unknown>;
interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { containerPort: number; hostPort?: number; protocol?: string }[];
  env?: { name: string; value?: string; valueFrom?: Obj }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
}
interface Status {
  name: string;
  containerID?: string;
  imageID?: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    running?: { startedAt?: string };
    waiting?: { reason?: string };
    terminated?: { reason?: string; exitCode?: number; startedAt?: string; finishedAt?: string };
  };
}
interface PodSpec {
  serviceAccountName?: string;
  nodeName?: string;
  initContainers?: Container[];
  containers?: Container[];
  volumes?: ({ name: string } & Obj)[];
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[];
  priority?: number;
}

/** `failedMount`: the kubelet's FailedMount event of a pod waiting for a volume (message, age). */
export function describePod(pod: K8sObject, failedMount?: { message: string; age: string }): string {
  const spec = (pod.spec ?? {}) as PodSpec;
  const status = (pod.status ?? {}) as Obj & {
    phase?: string;
    podIP?: string;
    hostIP?: string;
    startTime?: string;
    podIPs?: { ip: string }[];
    conditions?: { type: string; status: string }[];
    containerStatuses?: Status[];
    initContainerStatuses?: Status[];
  };
  const w = new Writer();
  w.w(0, `Name:\t${pod.metadata.name}\n`);
  w.w(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (spec.priority !== undefined) w.w(0, `Priority:\t${spec.priority}\n`);
  if (spec.serviceAccountName) w.w(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.w(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  const start = status.startTime ?? pod.metadata.creationTimestamp;
  if (start) w.w(0, `Start Time:\t${rfc1123z(start)}\n`);
  labelsMultiline(w, 'Labels', pod.metadata.labels);
  annotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  w.w(0, `Status:\t${status.phase ?? ''}\n`);
  w.w(0, `IP:\t${status.podIP ?? ''}\n`);
  const ips = status.podIPs ?? (status.podIP ? [{ ip: status.podIP }] : []);
  if (ips.length === 0) w.w(0, 'IPs:\t<none>\n');
  else {
    w.w(0, 'IPs:\n');
    for (const ip of ips) w.w(0, `  IP:\t${ip.ip}\n`);
  }
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  if (owner) w.w(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if ((spec.initContainers ?? []).length > 0)
    containers(w, 'Init Containers', spec.initContainers ?? [], status.initContainerStatuses, '', podField(pod));
  containers(w, 'Containers', spec.containers ?? [], status.containerStatuses, '', podField(pod));
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.w(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.w(1, `${c.type} \t${c.status} \n`);
  }
  volumes(w, spec.volumes ?? [], '');
  w.w(0, `QoS Class:\t${qosClass(spec)}\n`);
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  tolerations(w, 'Tolerations', spec.tolerations ?? DEFAULT_TOLERATIONS);
  if (failedMount) {
    // The only event the simulator records: why the kubelet keeps the containers from starting.
    w.w(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
    w.w(1, '----\t------\t----\t----\t-------\n');
    w.w(1, `Warning\tFailedMount\t${failedMount.age}\tkubelet\t${failedMount.message}\n`);
  } else events(w);
  return w.done();
}

/** What the DefaultTolerationSeconds admission plugin adds to every pod. */
const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function tolerations(w: Writer, title: string, list: NonNullable<PodSpec['tolerations']>): void {
  w.w(0, `${title}:\t`);
  if (list.length === 0) {
    w.w(0, '<none>\n');
    return;
  }
  [...list]
    .sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1))
    .forEach((t, i) => {
      if (i !== 0) w.w(0, '\t');
      let s = t.key ?? '';
      if (t.value) s += `=${t.value}`;
      if (t.effect) s += `:${t.effect}`;
      if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
      if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
      w.w(0, `${s}\n`);
    });
}

function qosClass(spec: PodSpec): string {
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const any = all.some(
    (c) => Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0,
  );
  if (!any) return 'BestEffort';
  const guaranteed = all.every((c) =>
    ['cpu', 'memory'].every(
      (r) =>
        c.resources?.limits?.[r] !== undefined &&
        (c.resources?.requests?.[r] ?? c.resources?.limits?.[r]) === c.resources?.limits?.[r],
    ),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** EnvValueRetriever: a fieldRef's value on a pod (a template has none). */
type Resolve = (fieldPath: string) => string;

function podField(pod: K8sObject): Resolve {
  return (path) => {
    let v: unknown = pod;
    for (const k of path.replace(/\['([^']+)'\]/g, '.$1').split('.'))
      v = v && typeof v === 'object' ? (v as Obj)[k] : undefined;
    return typeof v === 'string' ? v : '';
  };
}

function containers(
  w: Writer,
  label: string,
  list: Container[],
  statuses: Status[] | undefined,
  space: string,
  resolve?: Resolve,
): void {
  w.w(0, `${space}${label}:${list.length === 0 ? ' <none>' : ''}\n`);
  const nameIndent = space ? ' ' : '';
  for (const c of list) {
    const st = statuses?.find((s) => s.name === c.name);
    w.w(1, `${nameIndent}${c.name}:\n`);
    if (st) w.w(2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.w(2, `Image:\t${c.image ?? ''}\n`);
    if (st) w.w(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    w.w(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.w(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    if ((c.command ?? []).length > 0) {
      w.w(2, 'Command:\n');
      for (const a of c.command ?? []) for (const s of a.split('\n')) w.w(3, `${s}\n`);
    }
    if ((c.args ?? []).length > 0) {
      w.w(2, 'Args:\n');
      for (const a of c.args ?? []) for (const s of a.split('\n')) w.w(3, `${s}\n`);
    }
    if (st) {
      state(w, st);
      w.w(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.w(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    for (const [title, m] of [
      ['Limits', c.resources?.limits],
      ['Requests', c.resources?.requests],
    ] as const) {
      const keys = Object.keys(m ?? {}).sort();
      if (keys.length > 0) w.w(2, `${title}:\n`);
      for (const k of keys) w.w(3, `${k}:\t${m?.[k] ?? ''}\n`);
    }
    const env = c.env ?? [];
    w.w(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
    for (const e of env) {
      if (!e.valueFrom) {
        (e.value ?? '').split('\n').forEach((s, i) => w.w(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
        continue;
      }
      const f = e.valueFrom as {
        fieldRef?: { apiVersion?: string; fieldPath?: string };
        secretKeyRef?: { key: string; name: string; optional?: boolean };
        configMapKeyRef?: { key: string; name: string; optional?: boolean };
        resourceFieldRef?: { resource: string };
      };
      if (f.fieldRef)
        w.w(
          3,
          `${e.name}:\t${resolve ? resolve(f.fieldRef.fieldPath ?? '') : ''} (${f.fieldRef.apiVersion ?? 'v1'}:${f.fieldRef.fieldPath ?? ''})\n`,
        );
      else if (f.resourceFieldRef) w.w(3, `${e.name}:\t (${f.resourceFieldRef.resource})\n`);
      else if (f.secretKeyRef)
        w.w(
          3,
          `${e.name}:\t<set to the key '${f.secretKeyRef.key}' in secret '${f.secretKeyRef.name}'>\tOptional: ${f.secretKeyRef.optional === true}\n`,
        );
      else if (f.configMapKeyRef)
        w.w(
          3,
          `${e.name}:\t<set to the key '${f.configMapKeyRef.key}' of config map '${f.configMapKeyRef.name}'>\tOptional: ${f.configMapKeyRef.optional === true}\n`,
        );
    }
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
      a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
    );
    w.w(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const m of mounts)
      w.w(
        3,
        `${m.mountPath} from ${m.name} (${[m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])].join(',')})\n`,
      );
  }
}

function state(w: Writer, st: Status): void {
  const s = st.state ?? {};
  if (s.running) {
    w.w(2, 'State:\tRunning\n');
    w.w(3, `Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s.terminated) {
    w.w(2, 'State:\tTerminated\n');
    if (s.terminated.reason) w.w(3, `Reason:\t${s.terminated.reason}\n`);
    w.w(3, `Exit Code:\t${s.terminated.exitCode ?? 0}\n`);
    w.w(3, `Started:\t${rfc1123z(s.terminated.startedAt)}\n`);
    w.w(3, `Finished:\t${rfc1123z(s.terminated.finishedAt)}\n`);
  } else {
    w.w(2, 'State:\tWaiting\n');
    if (s.waiting?.reason) w.w(3, `Reason:\t${s.waiting.reason}\n`);
  }
}

function volumes(w: Writer, list: NonNullable<PodSpec['volumes']>, space: string): void {
  if (list.length === 0) {
    w.w(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.w(0, `${space}Volumes:\n`);
  for (const v of list) {
    w.w(1, `${space ? ' ' : ''}${v.name}:\n`);
    const src = v as Obj & {
      emptyDir?: { medium?: string; sizeLimit?: string };
      secret?: { secretName?: string; optional?: boolean };
      configMap?: { name?: string; optional?: boolean };
      projected?: { sources?: Obj[] };
      downwardAPI?: { items?: { path: string; fieldRef?: { fieldPath?: string } }[] };
    };
    if (src.emptyDir)
      w.w(
        2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${src.emptyDir.medium ?? ''}\n    SizeLimit:\t${src.emptyDir.sizeLimit ?? '<unset>'}\n`,
      );
    else if (src.secret)
      w.w(
        2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${src.secret.secretName ?? ''}\n    Optional:\t${src.secret.optional === true}\n`,
      );
    else if (src.configMap)
      w.w(
        2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${src.configMap.name ?? ''}\n    Optional:\t${src.configMap.optional === true}\n`,
      );
    else if (src.downwardAPI) {
      w.w(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const it of src.downwardAPI.items ?? [])
        if (it.fieldRef) w.w(3, `${it.fieldRef.fieldPath ?? ''} -> ${it.path}\n`);
    } else if (src.projected) {
      w.w(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of src.projected.sources ?? []) {
        const p = s as {
          secret?: { name?: string; optional?: boolean };
          configMap?: { name?: string; optional?: boolean };
          downwardAPI?: unknown;
          serviceAccountToken?: { expirationSeconds?: number };
        };
        if (p.secret)
          w.w(
            2,
            `SecretName:\t${p.secret.name ?? ''}\n    SecretOptionalName:\t${p.secret.optional === undefined ? '<nil>' : String(p.secret.optional)}\n`,
          );
        else if (p.downwardAPI) w.w(2, 'DownwardAPI:\ttrue\n');
        else if (p.configMap)
          w.w(
            2,
            `ConfigMapName:\t${p.configMap.name ?? ''}\n    ConfigMapOptional:\t${p.configMap.optional === undefined ? '<nil>' : String(p.configMap.optional)}\n`,
          );
        else if (p.serviceAccountToken)
          w.w(2, `TokenExpirationSeconds:\t${p.serviceAccountToken.expirationSeconds ?? 3607}\n`);
      }
    } else w.w(1, '<unknown>\n');
  }
}

export function describeDeployment(d: K8sObject, replicaSets: { name: string; replicas: number }[]): string {
  const spec = (d.spec ?? {}) as {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: string | number; maxSurge?: string | number } };
    minReadySeconds?: number;
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpec };
  };
  const status = (d.status ?? {}) as {
    updatedReplicas?: number;
    replicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string }[];
  };
  const w = new Writer();
  w.w(0, `Name:\t${d.metadata.name}\n`);
  w.w(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.w(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', d.metadata.labels);
  annotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.w(
    0,
    `Selector:\t${Object.entries(spec.selector?.matchLabels ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}\n`,
  );
  w.w(
    0,
    `Replicas:\t${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
  );
  const strategy = spec.strategy?.type ?? 'RollingUpdate';
  w.w(0, `StrategyType:\t${strategy}\n`);
  w.w(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  if (strategy === 'RollingUpdate') {
    const ru = spec.strategy?.rollingUpdate ?? {};
    w.w(
      0,
      `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge\n`,
    );
  }
  const tpl = spec.template ?? {};
  w.w(0, 'Pod Template:\n');
  labelsMultiline(w, '  Labels', tpl.metadata?.labels);
  if (Object.keys(tpl.metadata?.annotations ?? {}).length > 0)
    annotationsMultiline(w, '  Annotations', tpl.metadata?.annotations);
  if (tpl.spec?.serviceAccountName) w.w(1, `Service Account:\t${tpl.spec.serviceAccountName}\n`);
  if ((tpl.spec?.initContainers ?? []).length > 0)
    containers(w, 'Init Containers', tpl.spec?.initContainers ?? [], undefined, '  ');
  containers(w, 'Containers', tpl.spec?.containers ?? [], undefined, '  ');
  volumes(w, tpl.spec?.volumes ?? [], '  ');
  labelsMultiline(w, '  Node-Selectors', tpl.spec?.nodeSelector);
  tolerations(w, '  Tolerations', tpl.spec?.tolerations ?? []);
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.w(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.w(1, '----\t------\t------\n');
    for (const c of conditions) w.w(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const rs = (list: { name: string; replicas: number }[]) =>
    list.map((r) => `${r.name} (${r.replicas}/${r.replicas} replicas created)`).join(', ') || '<none>';
  w.w(0, 'OldReplicaSets:\t<none>\n');
  w.w(0, `NewReplicaSet:\t${rs(replicaSets)}\n`);
  events(w);
  return w.done();
}
