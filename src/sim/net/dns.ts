/**
 * Name resolution as a pod (cluster DNS with search domains `<ns>.svc.cluster.local
 * svc.cluster.local cluster.local`) or the learner's machine sees it. Outside names resolve only
 * for the public hosts Istio's tasks use; they are modeled as external servers.
 */
import type { ClusterView, ProcessOrigin } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { clusterIp, NODE_IP, podIp } from './cluster-index.js';

export type Resolved =
  | { kind: 'service'; svc: K8sObject; ip: string }
  | { kind: 'pod'; pod: K8sObject; ip: string }
  | { kind: 'node'; ip: string }
  | { kind: 'loopback'; ip: string }
  | { kind: 'external'; host: string; ip: string }
  /** An address nobody answers: packets are dropped, the connection times out. */
  | { kind: 'nowhere'; ip: string };

/** Public hosts the simulator models, with fixed addresses. */
export const EXTERNAL_HOSTS: Readonly<Record<string, string>> = {
  'httpbin.org': '54.204.39.132',
  'www.google.com': '142.250.74.36',
  'google.com': '142.250.74.46',
  'edition.cnn.com': '151.101.3.5',
  'cnn.com': '151.101.67.5',
  'example.com': '96.7.128.175',
  'www.example.com': '96.7.128.175',
  'istio.io': '185.199.108.153',
  'www.istio.io': '185.199.108.153',
  'raw.githubusercontent.com': '185.199.110.133',
};

export function resolveHost(name: string, origin: ProcessOrigin, view: ClusterView): Resolved | undefined {
  const host = name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return byIp(host, view);
  if (host === 'localhost') return { kind: 'loopback', ip: '127.0.0.1' };
  if (origin.kind === 'pod') {
    const svc = serviceByName(host, origin.pod.metadata.namespace ?? 'default', view);
    if (svc) return { kind: 'service', svc, ip: clusterIp(svc) };
  }
  const ext = EXTERNAL_HOSTS[host];
  if (ext) return { kind: 'external', host, ip: ext };
  return undefined;
}

function serviceByName(host: string, podNs: string, view: ClusterView): K8sObject | undefined {
  const parts = host.replace(/\.svc\.cluster\.local$|\.svc$/, '').split('.');
  const exact = host.endsWith('.svc.cluster.local') || host.endsWith('.svc');
  if (parts.length === 1 && !exact) return view.get('Service', podNs, parts[0]!);
  if (parts.length === 2) return view.get('Service', parts[1]!, parts[0]!);
  return undefined;
}

function byIp(ip: string, view: ClusterView): Resolved {
  if (ip.startsWith('127.')) return { kind: 'loopback', ip };
  if (ip === NODE_IP) return { kind: 'node', ip };
  const svc = view.list('Service').find((s) => clusterIp(s) === ip);
  if (svc) return { kind: 'service', svc, ip };
  const pod = view.list('Pod').find((p) => podIp(p) === ip);
  if (pod) return { kind: 'pod', pod, ip };
  const ext = Object.entries(EXTERNAL_HOSTS).find(([, a]) => a === ip);
  if (ext) return { kind: 'external', host: ext[0], ip };
  return { kind: 'nowhere', ip };
}

/**
 * Whether a name the cluster does not know is surely unknown everywhere, so curl's lookup fails
 * (exit 6) without asking the internet: cluster names (`*.svc`, `*.cluster.local`), names whose
 * last label is a namespace of the cluster (`nope.foo`, meant as a Service), single labels, the
 * reserved top-level names of RFC 6761 (`.invalid`, `.test`, `.example`, `.localhost`) and
 * `.local` (mDNS, never sent to DNS), and subdomains of the RFC 2606 example domains, whose
 * zones hold only the apex and `www`. Any other name only public DNS can answer.
 */
export function surelyUnresolvable(name: string, view: ClusterView): boolean {
  const host = name.toLowerCase().replace(/\.$/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return false;
  const labels = host.split('.');
  const last = labels.at(-1) ?? '';
  if (labels.length === 1) return true;
  if (host.endsWith('.cluster.local') || last === 'svc') return true;
  if (['invalid', 'test', 'example', 'localhost', 'local'].includes(last)) return true;
  if (/(^|\.)example\.(com|net|org)$/.test(host) && !EXTERNAL_HOSTS[host]) return true;
  return namespaces(view).has(last);
}

function namespaces(view: ClusterView): Set<string> {
  const out = new Set(view.list('Namespace').map((n) => n.metadata.name));
  for (const kind of ['Pod', 'Service'])
    for (const o of view.list(kind)) if (o.metadata.namespace) out.add(o.metadata.namespace);
  return out;
}
