/** Server-side defaulting, as the API server fills fields on create (what `-o yaml` shows back). */
import type { K8sObject } from '../../kube/object.js';
import type { Store } from './store.js';
import { nextClusterIp, nextNodePort } from './names.js';

type Obj = Record<string, unknown>;
type Port = { name?: string; port?: number; targetPort?: number | string; protocol?: string; nodePort?: number };
type Container = { image?: string; imagePullPolicy?: string; ports?: { protocol?: string }[]; [k: string]: unknown };

export function defaultPodSpec(spec: Obj): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of [
    ...((spec.containers as Container[] | undefined) ?? []),
    ...((spec.initContainers as Container[] | undefined) ?? []),
  ]) {
    const image = c.image ?? '';
    const tag = image.includes('@') ? 'digest' : (/:[^/]+$/.exec(image)?.[0] ?? '');
    c.imagePullPolicy ??= tag === '' || tag === ':latest' ? 'Always' : 'IfNotPresent';
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
}

/** Fills defaults in place; `prev` is the stored object on update (addresses are kept). */
export function applyDefaults(store: Store, obj: K8sObject, prev: K8sObject | undefined): void {
  switch (obj.kind) {
    case 'Namespace': {
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
      return;
    }
    case 'Service': {
      const spec = (obj.spec ??= {}) as Obj & { ports?: Port[]; type?: string; clusterIP?: string };
      const old = (prev?.spec ?? {}) as { clusterIP?: string; ports?: Port[] };
      spec.type ??= 'ClusterIP';
      if (spec.type !== 'ExternalName') {
        spec.clusterIP ??= old.clusterIP ?? nextClusterIp(store);
        spec.clusterIPs = [spec.clusterIP];
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ??= 'SingleStack';
        spec.internalTrafficPolicy ??= 'Cluster';
      }
      spec.sessionAffinity ??= 'None';
      const taken = new Set<number>();
      for (const p of spec.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
        if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
          p.nodePort ??=
            old.ports?.find((o) => o.port === p.port && o.nodePort)?.nodePort ?? nextNodePort(store, taken);
          taken.add(p.nodePort);
        }
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
      if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
      obj.status = { loadBalancer: {} };
      return;
    }
    case 'Deployment': {
      const spec = (obj.spec ??= {}) as Obj & { template?: { spec?: Obj } };
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      if (spec.template?.spec) defaultPodSpec(spec.template.spec);
      const changed = !prev || JSON.stringify(prev.spec) !== JSON.stringify(obj.spec);
      obj.metadata.generation = (prev?.metadata.generation ?? 0) + (changed ? 1 : 0);
      const prevTemplate = JSON.stringify((prev?.spec as { template?: unknown } | undefined)?.template);
      const rev = Number(prev?.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
      const newRev = prev && prevTemplate === JSON.stringify(spec.template) ? rev : rev + 1;
      obj.metadata.annotations = {
        ...(obj.metadata.annotations ?? {}),
        'deployment.kubernetes.io/revision': String(newRev),
      };
      return;
    }
    case 'Pod': {
      if (obj.spec) defaultPodSpec(obj.spec);
      return;
    }
    case 'Secret': {
      obj.type ??= 'Opaque';
      if (obj.stringData) {
        const data = { ...(obj.data ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData))
          data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        obj.data = data;
        delete obj.stringData;
      }
      return;
    }
    default:
      if (obj.metadata.generation === undefined && obj.spec !== undefined && obj.kind !== 'ServiceAccount') {
        const changed = !prev || JSON.stringify(prev.spec) !== JSON.stringify(obj.spec);
        obj.metadata.generation = (prev?.metadata.generation ?? 0) + (changed ? 1 : 0);
      }
  }
}
