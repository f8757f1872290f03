/**
 * A resolved install as objects: the mesh config is the chart's defaults with values.meshConfig
 * merged over them (istio-discovery templates/configmap.yaml mergeOverwrite), written with sorted
 * keys as the chart's toYaml does. Shared by install and manifest generate.
 */
import type { K8sObject } from '../../../kube/object.js';
import { toYaml } from '../../kubectl/output.js';
import { type InstallPlan, istioComponents } from '../../kube/istio-components.js';
import type { ResolvedInstall } from './operator.js';
import { mergeFrom } from './set-path.js';

/** The chart's mesh defaults (what DEFAULT_MESH_TEXT holds). */
function chartMesh(): Record<string, unknown> {
  return {
    defaultConfig: { discoveryAddress: 'istiod.istio-system.svc:15012' },
    defaultProviders: { metrics: ['prometheus'] },
    enablePrometheusMerge: true,
    rootNamespace: 'istio-system',
    trustDomain: 'cluster.local',
  };
}

export async function meshText(r: ResolvedInstall): Promise<string> {
  return toYaml(mergeFrom(chartMesh(), structuredClone(r.meshConfig)));
}

export async function planOf(r: ResolvedInstall): Promise<InstallPlan> {
  return {
    pilot: r.pilot,
    ingress: r.ingress,
    egress: r.egress,
    extendedIngressPorts: r.demo,
    demoResources: r.demo,
    meshText: await meshText(r),
    pilotEnv: r.pilotEnv,
  };
}

export async function renderInstall(version: string, r: ResolvedInstall): Promise<K8sObject[]> {
  return istioComponents(version, await planOf(r));
}
