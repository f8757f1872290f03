/**
 * `istioctl proxy-config secret|rootca-compare` (alias `pc`): the parts of proxy-config that show
 * what security policy rests on, the workload certificate (`default`) and the mesh root
 * (`ROOTCA`), as istioctl prints them (istioctl/pkg/writer/compare/sds, Istio 1.24); `log` is in
 * proxy-log.ts. The rest of proxy-config dumps Envoy's configuration, which the simulator does not
 * model: refused.
 *
 * Certificates follow Istio's defaults: the workload certificate lives 24 h, backdated 2 min,
 * and is renewed after half its life; the self-signed root lives 10 years from the install.
 */
import { createHash } from 'node:crypto';
import type { SimContext } from '../context.js';
import { Output, notSimulated } from '../context.js';
import type { ProcessResult } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { istioMinor } from '../versions.js';
import { tabwrite } from '../kubectl/tabwriter.js';
import { proxyLog } from './proxy-log.js';
import { findPod } from './proxy-target.js';

const HOUR = 3_600_000;
const CERT_TTL = 24 * HOUR;
const BACKDATE = 2 * 60_000;
const ROOT_TTL = 3650 * 24 * HOUR;

export async function proxyConfig(words: readonly string[], ctx: SimContext): Promise<ProcessResult> {
  const out = new Output();
  const first = words.findIndex((w) => !w.startsWith('-'));
  if (words[first] === 'log' || words[first] === 'o')
    return proxyLog([...words.slice(0, first), ...words.slice(first + 1)], ctx);
  let ns: string | undefined;
  let output = 'short';
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '-n' || w === '--namespace') ns = words[++i];
    else if (w.startsWith('--namespace=')) ns = w.slice(12);
    else if (w === '-o' || w === '--output') output = words[++i] ?? '';
    else if (w.startsWith('--output=') || w.startsWith('-o=')) output = w.slice(w.indexOf('=') + 1);
    else if (w.startsWith('-')) return notSimulated(`istioctl proxy-config flag ${w.split('=')[0] ?? w}`);
    else args.push(w);
  }
  const [sub, ...targets] = args;
  const minor = istioMinor(ctx.store.data.istio) ?? 0;
  const defaultNs = ns ?? 'default';
  switch (sub) {
    case 'secret':
    case 'secrets':
    case 's': {
      if (minor < 8)
        return notSimulated(
          `istioctl proxy-config secret on Istio ${ctx.store.data.istio}`,
          'its istioctl has no such command (added in 1.8)',
        );
      if (output === 'json' || output === 'yaml')
        return notSimulated(
          `istioctl proxy-config secret -o ${output}`,
          'the simulator has no Envoy config dump; the table (-o short) is simulated',
        );
      if (output !== 'short') return out.err(`Error: output format "${output}" not supported`).done(1);
      if (targets.length !== 1) return out.err('Error: secret requires pod name or --file parameter').done(1);
      const found = findPod(ctx, targets[0] ?? '', defaultNs);
      if ('result' in found) return found.result;
      return out.out(secretTable(ctx, found.pod)).done(0);
    }
    case 'rootca-compare':
    case 'rc': {
      if (minor < 12)
        return notSimulated(
          `istioctl proxy-config rootca-compare on Istio ${ctx.store.data.istio}`,
          'its istioctl has no such command (added in 1.12)',
        );
      if (targets.length !== 2) return out.err('Error: rootca-compare requires 2 pods as an argument').done(1);
      const fa = findPod(ctx, targets[0] ?? '', defaultNs);
      if ('result' in fa) return fa.result;
      const fb = findPod(ctx, targets[1] ?? '', defaultNs);
      if ('result' in fb) return fb.result;
      const [a, b] = [fa.pod, fb.pod];
      // One cluster, one istiod: every sidecar holds the same root.
      return out
        .out(
          `Both [${a.metadata.name}.${a.metadata.namespace}] and [${b.metadata.name}.${b.metadata.namespace}] have the identical ROOTCA, theoretically the connectivity between them is available`,
        )
        .done(0);
    }
    default:
      return notSimulated(
        `istioctl proxy-config ${sub ?? ''}`.trim(),
        "it prints Envoy's configuration, which the simulator does not model; proxy-config secret and rootca-compare are simulated",
      );
  }
}

/** The default/ROOTCA table for one sidecar, at the simulated clock. */
export function secretTable(ctx: SimContext, pod: K8sObject): string {
  const now = ctx.store.now;
  const created = Date.parse(pod.metadata.creationTimestamp ?? '') || now;
  // Renewed every 12 h (half the 24 h lifetime) since the pod started.
  const issued = created + Math.floor(Math.max(0, now - created) / (CERT_TTL / 2)) * (CERT_TTL / 2);
  const rootStart = Math.floor(ctx.store.data.created / 1000) * 1000;
  const rows = [
    [
      'default',
      'Cert Chain',
      'ACTIVE',
      'true',
      serial(`${pod.metadata.uid ?? pod.metadata.name}/${issued}`),
      rfc3339(issued + CERT_TTL),
      rfc3339(issued - BACKDATE),
    ],
    ['ROOTCA', 'CA', 'ACTIVE', 'true', serial(`root/${rootStart}`), rfc3339(rootStart + ROOT_TTL), rfc3339(rootStart)],
  ];
  const header = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE'];
  return tabwrite([header, ...rows].map((r) => `${r.join('\t')}\n`).join(''), 5);
}

/** A 128-bit serial as `%x` prints it (no leading zeros), stable for the same certificate. */
function serial(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32).replace(/^0+/, '');
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
