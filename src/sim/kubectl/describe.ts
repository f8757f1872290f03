/**
 * `kubectl describe TYPE [NAME_PREFIX] [-l SEL] [-A]` and `describe TYPE/NAME`, with kubectl 1.32's
 * layout (k8s.io/kubectl/pkg/describe/describe.go): pods, deployments, services, namespaces,
 * service accounts, secrets (sizes, never values), config maps, and the Istio kinds through the
 * generic describer. A name not found exactly is taken as a prefix, as kubectl does.
 */
import type { K8sObject } from '../../kube/object.js';
import type { ResourceType } from '../kube/resources.js';
import { matches, parseSelector } from '../kube/selectors.js';
import { bool, flag } from './flags.js';
import { type Kctl, fail, isResult, parseTargets, refuse } from './common.js';
import { Writer, annotationsMultiline, events, labelsMultiline, unstructured } from './describe-text.js';
import { describeDeployment, describePod } from './describe-pod.js';
import { mountFailure } from '../kube/pod-volumes.js';
import { humanDuration } from './table.js';

const NO_TYPE =
  'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.';

export async function describe(k: Kctl) {
  if (k.args.positionals.length === 0) return fail(k.out, NO_TYPE);
  const targets = parseTargets(k, k.args.positionals);
  if (isResult(targets)) return targets;
  const sel = flag(k.args, 'selector');
  const reqs = sel === undefined ? [] : parseSelector(sel);
  if (!Array.isArray(reqs)) return fail(k.out, `error: ${reqs.error}`);
  const allNs = bool(k.args, 'all-namespaces');
  const found: { type: ResourceType; obj: K8sObject }[] = [];
  const errors: string[] = [];
  let prefixed = false;
  for (const t of targets) {
    const ns = t.type.namespaced ? (allNs && t.name === '' ? undefined : k.ns) : undefined;
    if (t.name === '') {
      for (const obj of k.store.listSorted(t.type.kind, ns).filter((o) => matches(reqs, o.metadata.labels)))
        found.push({ type: t.type, obj });
      continue;
    }
    const obj = k.store.get(t.type.kind, ns, t.name);
    if (obj) {
      found.push({ type: t.type, obj });
      continue;
    }
    const notFound = `Error from server (NotFound): ${t.type.group ? `${t.type.plural}.${t.type.group}` : t.type.plural} "${t.name}" not found`;
    // `kubectl describe TYPE PREFIX` (exactly two words): every object whose name starts with PREFIX.
    const byPrefix =
      k.args.positionals.length === 2 && !k.args.positionals[0]?.includes('/')
        ? k.store.listSorted(t.type.kind, ns).filter((o) => o.metadata.name.startsWith(t.name))
        : [];
    if (byPrefix.length === 0) errors.push(notFound);
    else {
      prefixed = true;
      for (const obj of byPrefix) found.push({ type: t.type, obj });
    }
  }
  const texts: string[] = [];
  for (const { type, obj } of found) {
    const text = describeOne(k, type, obj);
    if (text === undefined)
      return refuse(`kubectl describe ${type.plural}`, 'use kubectl get -o yaml to see the object');
    texts.push(text);
  }
  // kubectl separates descriptions by a blank line; the prefix form ends each with a newline instead.
  k.out.stdout += prefixed ? texts.map((t) => `${t}\n`).join('') : texts.join('\n\n');
  for (const e of errors) k.out.err(e);
  if (found.length === 0 && errors.length === 0)
    k.out.err(allNs ? 'No resources found' : `No resources found in ${k.ns} namespace.`);
  return k.out.done(errors.length > 0 ? 1 : 0);
}

function describeOne(k: Kctl, type: ResourceType, o: K8sObject): string | undefined {
  switch (type.kind) {
    case 'Pod': {
      const failed =
        o.status?.['phase'] === 'Pending'
          ? mountFailure(o, (kind, ns, name) => k.store.get(kind, ns, name))
          : undefined;
      const since = Date.parse(o.metadata.creationTimestamp ?? '');
      return describePod(
        o,
        failed ? { message: failed, age: humanDuration(Number.isNaN(since) ? 0 : k.store.now - since) } : undefined,
      );
    }
    case 'Deployment':
      return describeDeployment(o, replicaSetsOf(k, o));
    case 'Service':
      return describeService(k, o);
    case 'Namespace':
      return describeNamespace(o);
    case 'ServiceAccount':
      return describeServiceAccount(o);
    case 'Secret':
      return describeSecret(o);
    case 'ConfigMap':
      return describeConfigMap(o);
    default:
      return type.group && !['apps', ''].includes(type.group) && type.group.endsWith('istio.io')
        ? describeGeneric(o)
        : undefined;
  }
}

/** The generic describer kubectl uses for custom resources. */
function describeGeneric(o: K8sObject): string {
  const w = new Writer();
  w.w(0, `Name:\t${o.metadata.name}\n`);
  w.w(0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', o.metadata.labels);
  annotationsMultiline(w, 'Annotations', o.metadata.annotations);
  unstructured(w, 0, o as unknown as Record<string, unknown>, '', [
    '.metadata.managedFields',
    '.metadata.name',
    '.metadata.namespace',
    '.metadata.labels',
    '.metadata.annotations',
  ]);
  events(w);
  return w.done();
}

function replicaSetsOf(k: Kctl, d: K8sObject): { name: string; replicas: number }[] {
  const pods = k.store
    .list('Pod', d.metadata.namespace)
    .filter((p) =>
      p.metadata.ownerReferences?.some(
        (r) =>
          r.kind === 'ReplicaSet' && r.name === `${d.metadata.name}-${p.metadata.labels?.['pod-template-hash'] ?? ''}`,
      ),
    );
  const names = [
    ...new Set(pods.map((p) => p.metadata.ownerReferences?.find((r) => r.kind === 'ReplicaSet')?.name ?? '')),
  ];
  return names.map((name) => ({
    name,
    replicas: pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.name === name)).length,
  }));
}

function describeService(k: Kctl, s: K8sObject): string {
  const spec = (s.spec ?? {}) as {
    selector?: Record<string, string>;
    type?: string;
    ipFamilyPolicy?: string;
    ipFamilies?: string[];
    clusterIP?: string;
    clusterIPs?: string[];
    ports?: { name?: string; port: number; protocol?: string; targetPort?: number | string; nodePort?: number }[];
    sessionAffinity?: string;
    externalTrafficPolicy?: string;
    internalTrafficPolicy?: string;
  };
  const w = new Writer();
  w.w(0, `Name:\t${s.metadata.name}\n`);
  w.w(0, `Namespace:\t${s.metadata.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', s.metadata.labels);
  annotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.w(
    0,
    `Selector:\t${Object.entries(spec.selector ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([a, b]) => `${a}=${b}`)
      .join(',')}\n`,
  );
  w.w(0, `Type:\t${spec.type ?? 'ClusterIP'}\n`);
  if (spec.ipFamilyPolicy) w.w(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.w(0, `IP Families:\t${(spec.ipFamilies ?? []).join(',') || '<none>'}\n`);
  w.w(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.w(0, `IPs:\t${(spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).join(',') || '<none>'}\n`);
  const ingress = (
    (s.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer
      ?.ingress ?? []
  ).map((i) => i.ip || i.hostname || '');
  if (ingress.length > 0) w.w(0, `LoadBalancer Ingress:\t${ingress.join(', ')}\n`);
  const pods = spec.selector
    ? k.store
        .list('Pod', s.metadata.namespace)
        .filter(
          (p) =>
            Object.entries(spec.selector ?? {}).every(([a, b]) => p.metadata.labels?.[a] === b) &&
            (p.status as { podIP?: string } | undefined)?.podIP,
        )
    : [];
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const proto = p.protocol ?? 'TCP';
    w.w(0, `Port:\t${name}\t${p.port}/${proto}\n`);
    const target = p.targetPort ?? p.port;
    w.w(0, `TargetPort:\t${target}/${proto}\n`);
    if (p.nodePort) w.w(0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
    w.w(0, `Endpoints:\t${endpoints(pods, target)}\n`);
  }
  w.w(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy) w.w(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.w(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  events(w);
  return w.done();
}

/** formatEndpointSlices: up to three IP:port, then "+ N more...". */
function endpoints(pods: K8sObject[], target: number | string): string {
  if (pods.length === 0) return '<none>';
  const port = (p: K8sObject) => {
    if (typeof target === 'number' || /^\d+$/.test(target)) return Number(target);
    const cs = (
      (p.spec as { containers?: { ports?: { name?: string; containerPort: number }[] }[] } | undefined)?.containers ??
      []
    ).flatMap((c) => c.ports ?? []);
    return cs.find((x) => x.name === target)?.containerPort ?? 0;
  };
  const list = pods.map((p) => `${(p.status as { podIP?: string }).podIP ?? ''}:${port(p)}`);
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

function describeNamespace(n: K8sObject): string {
  const w = new Writer();
  w.w(0, `Name:\t${n.metadata.name}\n`);
  labelsMultiline(w, 'Labels', n.metadata.labels);
  annotationsMultiline(w, 'Annotations', n.metadata.annotations);
  w.w(0, `Status:\t${(n.status as { phase?: string } | undefined)?.phase ?? 'Active'}\n`);
  // The cluster has no ResourceQuota or LimitRange objects; kubectl then prints these lines.
  w.w(0, '\nNo resource quota.\n');
  w.w(0, '\nNo LimitRange resource.\n');
  return w.done();
}

function describeServiceAccount(sa: K8sObject): string {
  const w = new Writer();
  w.w(0, `Name:\t${sa.metadata.name}\n`);
  w.w(0, `Namespace:\t${sa.metadata.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', sa.metadata.labels);
  annotationsMultiline(w, 'Annotations', sa.metadata.annotations);
  const pull = ((sa as { imagePullSecrets?: { name: string }[] }).imagePullSecrets ?? []).map((s) => s.name);
  const mount = ((sa as { secrets?: { name: string }[] }).secrets ?? []).map((s) => s.name);
  // Headers sorted as sets.StringKeySet(...).List() sorts them.
  for (const [header, names] of [
    ['Image pull secrets:', pull],
    ['Mountable secrets: ', mount],
    ['Tokens:            ', []],
  ] as const) {
    if (names.length === 0) w.w(0, `${header}\t<none>\n`);
    else names.forEach((name, i) => w.w(0, `${i === 0 ? header : '                   '}\t${name}\n`));
  }
  events(w);
  return w.done();
}

function describeSecret(s: K8sObject): string {
  const w = new Writer();
  w.w(0, `Name:\t${s.metadata.name}\n`);
  w.w(0, `Namespace:\t${s.metadata.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', s.metadata.labels);
  annotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.w(0, `\nType:\t${s.type ?? 'Opaque'}\n`);
  w.w(0, '\nData\n====\n');
  // kubectl ranges over a Go map (random order); sorted here so the output is stable. Never values.
  for (const key of Object.keys(s.data ?? {}).sort())
    w.w(0, `${key}:\t${Buffer.from(s.data?.[key] ?? '', 'base64').length} bytes\n`);
  return w.done();
}

function describeConfigMap(c: K8sObject): string {
  const w = new Writer();
  w.w(0, `Name:\t${c.metadata.name}\n`);
  w.w(0, `Namespace:\t${c.metadata.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', c.metadata.labels);
  annotationsMultiline(w, 'Annotations', c.metadata.annotations);
  w.w(0, '\nData\n====\n');
  for (const key of Object.keys(c.data ?? {}).sort()) w.w(0, `${key}:\n----\n${c.data?.[key] ?? ''}\n\n`);
  w.w(0, '\nBinaryData\n====\n');
  for (const key of Object.keys((c as { binaryData?: Record<string, string> }).binaryData ?? {}).sort()) {
    w.w(
      0,
      `${key}: ${Buffer.from((c as { binaryData?: Record<string, string> }).binaryData?.[key] ?? '', 'base64').length} bytes\n`,
    );
  }
  w.w(0, '\n');
  events(w);
  return w.done();
}
