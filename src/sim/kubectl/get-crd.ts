/**
 * `kubectl get crd [NAME...]`: the CustomResourceDefinitions `istioctl install` leaves, derived
 * from the Istio kinds the cluster's release serves (kube/resources.ts) plus ProxyConfig (1.13+,
 * installed but not modelled). Gateway API CRDs are not installed by the default profile, so
 * `get crd gateways.gateway.networking.k8s.io` is NotFound, as the istio.io boilerplate expects.
 */
import type { K8sObject } from '../../kube/object.js';
import { istioCrdsInstalled } from '../kube/istio-crds.js';
import { isIstioConfig, qualifiedPlural, servedResources, typeOfKind } from '../kube/resources.js';
import { istioMinor } from '../versions.js';
import { bool, flag } from './flags.js';
import { type Kctl, fail, refuse } from './common.js';
import { parseOutput, printMachine } from './output.js';
import { layout } from './table.js';

const CRD_NAME = /^(crd|crds|customresourcedefinitions?)(\.apiextensions\.k8s\.io)?$/i;

/** True when `kubectl get` was asked for CRDs only (its first positional names the kind). */
export function isCrdGet(positionals: readonly string[]): boolean {
  const first = positionals[0] ?? '';
  return (
    CRD_NAME.test(first.split('/')[0] ?? '') &&
    (first.includes('/') ? positionals.every((p) => CRD_NAME.test(p.split('/')[0] ?? '')) : true)
  );
}

function crds(k: Kctl): K8sObject[] {
  if (!istioCrdsInstalled(k.store.data)) return [];
  const created = new Date(k.store.data.created).toISOString().replace(/\.\d+Z$/, 'Z');
  const kinds = servedResources(k.store.data.istio)
    .filter((r) => isIstioConfig(r))
    .map((r) => ({ ...r }));
  if ((istioMinor(k.store.data.istio) ?? 31) >= 13) {
    kinds.push({
      kind: 'ProxyConfig',
      group: 'networking.istio.io',
      plural: 'proxyconfigs',
      singular: 'proxyconfig',
      shortNames: [],
      namespaced: true,
      versions: ['v1beta1'],
    });
  }
  return kinds
    .map(
      (r): K8sObject => ({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: {
          name: qualifiedPlural(r),
          creationTimestamp: created,
          labels: { app: 'istio-pilot', chart: 'istio', heritage: 'Tiller', release: 'istio' },
        },
        spec: {
          group: r.group,
          names: {
            kind: r.kind,
            listKind: `${r.kind}List`,
            plural: r.plural,
            singular: r.singular,
            ...(r.shortNames.length ? { shortNames: [...r.shortNames] } : {}),
            categories: ['istio-io', `${r.group.split('.')[0] ?? ''}-istio-io`],
          },
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          versions: r.versions.map((v) => ({ name: v, served: true, storage: v === (r.storage ?? r.versions[0]) })),
        },
      }),
    )
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

export async function getCrds(k: Kctl) {
  const format = parseOutput(flag(k.args, 'output'));
  if ('unsupported' in format)
    return refuse(`kubectl get -o ${format.unsupported}`, 'use -o yaml, json, name, wide or jsonpath=...');
  if (flag(k.args, 'selector') !== undefined) return refuse('kubectl get crd -l');
  const [first = '', ...rest] = k.args.positionals;
  const names = first.includes('/') ? k.args.positionals.map((p) => p.slice(p.indexOf('/') + 1)) : rest;
  const all = crds(k);
  let exit = 0;
  let objs = all;
  if (names.length > 0) {
    objs = [];
    for (const n of names) {
      const o = all.find((c) => c.metadata.name === n);
      if (o) objs.push(o);
      else if (!bool(k.args, 'ignore-not-found')) {
        k.out.err(`Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "${n}" not found`);
        exit = 1;
      }
    }
  }
  if (format.kind !== 'table') {
    if (objs.length === 0 && names.length > 0) return k.out.done(exit);
    const r = await printMachine(format, objs, names.length === 1, (o) => typeOfKind(o.kind, k.store.data.istio));
    if ('error' in r) return fail(k.out, r.error);
    k.out.stdout += r.out;
    return k.out.done(exit);
  }
  if (objs.length === 0) {
    if (names.length === 0) k.out.err('No resources found');
    return k.out.done(exit);
  }
  const head = bool(k.args, 'no-headers') ? [] : [['NAME', 'CREATED AT']];
  k.out.out(layout([...head, ...objs.map((o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''])]));
  return k.out.done(exit);
}
