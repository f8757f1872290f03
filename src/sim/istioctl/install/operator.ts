/**
 * From istioctl's inputs (IstioOperator files, then `--set` flags, in order) to what the install
 * renders, as operator/pkg/render/manifest.go MergeInputs does at 1.24.0: the user's overlay is
 * built first, its `spec.profile` picks the profile, and the overlay is merged on top of it.
 *
 * Only settings the simulator acts on or shows are accepted: component enablement, meshConfig
 * (stored in the `istio` ConfigMap, where the mesh engine reads it), values.pilot.env and
 * values.pilot.traceSampling (istiod's environment). Other values change what is not modelled
 * (resources, images, CNI, revisions...), so they are refused rather than silently ignored.
 */
import { type JsonMap, isMap, mergeFrom, parseSetValue, setPath, splitPath, splitSetFlag } from './set-path.js';
import { type Profile, builtinProfile } from './profiles.js';

/** What the install renders, before the mesh config is written out as YAML. */
export interface ResolvedInstall {
  profile: string;
  base: boolean;
  pilot: boolean;
  ingress: boolean;
  egress: boolean;
  demo: boolean;
  /** values.meshConfig (profile, then user): merged over the chart's own mesh defaults when rendered. */
  meshConfig: JsonMap;
  pilotEnv: Record<string, string>;
}

export type Resolution = { install: ResolvedInstall } | { error: string } | { refuse: string; hint?: string };

/** IstioOperatorSpec's JSON fields (operator/pkg/apis/types.go, 1.24.0). */
const SPEC_FIELDS = new Set([
  'profile',
  'installPackagePath',
  'hub',
  'tag',
  'namespace',
  'revision',
  'compatibilityVersion',
  'meshConfig',
  'components',
  'values',
  'unvalidatedValues',
]);

/** The user's overlay: files merged in order, then each `--set` under `spec.`. */
export function userOverlay(files: readonly JsonMap[], sets: readonly string[]): { iop: JsonMap } | { error: string } {
  const iop: JsonMap = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: {}, spec: {} };
  for (const f of files) {
    const m = structuredClone(f);
    // "Special hack to allow an empty spec to work."
    if (m['spec'] === null || m['spec'] === undefined) delete m['spec'];
    mergeFrom(iop, m);
  }
  for (const s of sets) {
    const { path, value } = splitSetFlag(s);
    const full = `spec.${path}`;
    const err = setPath(iop, splitPath(full), parseSetValue(full, value));
    if (err) return { error: err };
  }
  return { iop };
}

/** The overlay on top of its profile, or why it cannot be installed. */
export function resolveInstall(iop: JsonMap, minor: number): Resolution {
  const spec = isMap(iop['spec']) ? iop['spec'] : {};
  for (const k of Object.keys(spec)) {
    // validation.go ParseAndValidateIstioOperator decodes with DisallowUnknownFields.
    if (!SPEC_FIELDS.has(k)) return { error: `could not unmarshal: json: unknown field "${k}"` };
  }
  if (spec['revision'] !== undefined && spec['revision'] !== '') {
    return {
      refuse: 'istioctl install --revision',
      hint: 'the simulated cluster runs one control plane, the default revision',
    };
  }
  for (const k of ['installPackagePath', 'hub', 'tag', 'compatibilityVersion', 'unvalidatedValues']) {
    if (spec[k] !== undefined)
      return {
        refuse: `istioctl install with spec.${k}`,
        hint: `the simulated cluster runs Istio's own 1.${minor} images`,
      };
  }
  const ns = isMap(iop['metadata']) ? iop['metadata']['namespace'] : undefined;
  if ((spec['namespace'] ?? ns ?? 'istio-system') !== 'istio-system')
    return { refuse: 'installing Istio outside istio-system' };
  const name = typeof spec['profile'] === 'string' && spec['profile'] !== '' ? spec['profile'] : 'default';
  const found = builtinProfile(name, minor);
  if ('refuse' in found) return { refuse: `istioctl install with the ${name} profile`, hint: found.refuse };
  if ('unknown' in found) {
    if (minor >= 24)
      return { error: `merge inputs: profile "${name}" not found: open profiles/${name}.yaml: file does not exist` };
    return {
      refuse: `istioctl install with profile "${name}"`,
      hint: 'the simulator has the default, demo, minimal and empty profiles',
    };
  }
  const install = fromProfile(found.profile);
  const components = applyComponents(install, spec['components']);
  if (components) return components;
  if (spec['meshConfig'] !== undefined) {
    if (!isMap(spec['meshConfig'])) return { refuse: 'a meshConfig that is not a map' };
    mergeFrom(install.meshConfig, spec['meshConfig']);
  }
  const values = applyValues(install, spec['values'], name);
  if (values) return values;
  const mesh = checkMeshConfig(install.meshConfig);
  if (mesh) return mesh;
  return { install };
}

/**
 * MeshConfig fields (istio/api mesh/v1alpha1/config.proto) accepted: the ones the simulator acts
 * on (outboundTrafficPolicy, rootNamespace, trustDomain) and the ones that change nothing it shows
 * (logs, tracing and metrics settings; extensionProviders, stored for CUSTOM authorization).
 * The others change traffic or policy in ways not modelled (enableAutoMtls, meshMTLS,
 * pathNormalization, trustDomainAliases...), so they are refused.
 */
const MESH_ACCEPTED = new Set([
  'accessLogFile',
  'accessLogFormat',
  'accessLogEncoding',
  'enableTracing',
  'enableEnvoyAccessLogService',
  'disableEnvoyListenerLog',
  'defaultConfig',
  'outboundTrafficPolicy',
  'extensionProviders',
  'defaultProviders',
  'trustDomain',
  'rootNamespace',
  'enablePrometheusMerge',
  'disablePolicyChecks',
]);

/** ProxyConfig (defaultConfig) fields that change nothing the simulated sidecars show. */
const PROXY_CONFIG_ACCEPTED = new Set([
  'discoveryAddress',
  'tracing',
  'holdApplicationUntilProxyStarts',
  'concurrency',
  'proxyStatsMatcher',
  'terminationDrainDuration',
  'statusPort',
]);

function checkMeshConfig(mesh: JsonMap): Resolution | undefined {
  const field = Object.keys(mesh).find((k) => !MESH_ACCEPTED.has(k));
  if (field)
    return {
      refuse: `meshConfig.${field}`,
      hint:
        'the simulator models outboundTrafficPolicy, rootNamespace and trustDomain, ' +
        'and stores the logging, tracing and extension provider settings',
    };
  const mode = isMap(mesh['outboundTrafficPolicy']) ? mesh['outboundTrafficPolicy']['mode'] : undefined;
  if (mode !== undefined && mode !== 'ALLOW_ANY' && mode !== 'REGISTRY_ONLY')
    return { refuse: `meshConfig.outboundTrafficPolicy.mode=${String(mode)}` };
  const proxy = isMap(mesh['defaultConfig'])
    ? Object.keys(mesh['defaultConfig']).find((k) => !PROXY_CONFIG_ACCEPTED.has(k))
    : undefined;
  if (proxy)
    return {
      refuse: `meshConfig.defaultConfig.${proxy}`,
      hint: "it changes the sidecars' behaviour, which the simulator does not model for it",
    };
  return undefined;
}

function fromProfile(p: Profile): ResolvedInstall {
  const pilotEnv: Record<string, string> = p.demo ? { PILOT_TRACE_SAMPLING: '100' } : {};
  return {
    profile: p.name,
    base: p.base,
    pilot: p.pilot,
    ingress: p.ingress,
    egress: p.egress,
    demo: p.demo,
    meshConfig: structuredClone(p.meshConfig),
    pilotEnv,
  };
}

const GATEWAYS = { ingressGateways: 'istio-ingressgateway', egressGateways: 'istio-egressgateway' } as const;

function applyComponents(install: ResolvedInstall, components: unknown): Resolution | undefined {
  if (components === undefined) return undefined;
  if (!isMap(components)) return { refuse: 'spec.components that is not a map' };
  for (const [k, v] of Object.entries(components)) {
    if (k === 'base' || k === 'pilot') {
      const enabled = enabledOf(v, `components.${k}`);
      if (typeof enabled !== 'boolean' && enabled !== undefined) return enabled;
      if (enabled !== undefined) install[k] = enabled;
    } else if (k === 'ingressGateways' || k === 'egressGateways') {
      if (!Array.isArray(v)) return { refuse: `spec.components.${k} that is not a list` };
      const wanted = GATEWAYS[k];
      let on = false;
      for (const gw of v) {
        const gname = isMap(gw) ? (gw['name'] ?? wanted) : undefined;
        if (gname !== wanted)
          return { refuse: `a gateway named ${String(gname)}`, hint: `the simulator models ${wanted} only` };
        const enabled = enabledOf(gw, `components.${k}`);
        if (typeof enabled !== 'boolean' && enabled !== undefined) return enabled;
        on ||= enabled === true;
      }
      install[k === 'ingressGateways' ? 'ingress' : 'egress'] = on;
    } else if (k === 'cni' || k === 'ztunnel' || k === 'istiodRemote') {
      const enabled = enabledOf(v, `components.${k}`);
      if (enabled === true || (enabled !== undefined && enabled !== false))
        return { refuse: `the ${k} component`, hint: 'the simulator runs istiod, sidecars and the gateways' };
    } else return { error: `could not unmarshal: json: unknown field "${k}"` };
  }
  return undefined;
}

/** A component's `enabled`, or a refusal when it sets what is not modelled (k8s overlays, labels...). */
function enabledOf(v: unknown, where: string): boolean | undefined | Resolution {
  if (!isMap(v)) return { refuse: `spec.${where} that is not a map` };
  const extra = Object.keys(v).filter(
    (k) => k !== 'enabled' && k !== 'name' && !(k === 'namespace' && v[k] === 'istio-system'),
  );
  if (extra.length > 0)
    return {
      refuse: `spec.${where}.${extra[0] ?? ''}`,
      hint: 'component enablement is simulated; its Kubernetes settings are not',
    };
  return typeof v['enabled'] === 'boolean' ? v['enabled'] : undefined;
}

/** values the profiles themselves set (manifests/profiles/default.yaml) and the ones acted on. */
function applyValues(install: ResolvedInstall, values: unknown, profile: string): Resolution | undefined {
  if (values === undefined) return undefined;
  if (!isMap(values)) return { refuse: 'spec.values that is not a map' };
  for (const [path, v] of leaves(values, '')) {
    if (path.startsWith('pilot.env.')) install.pilotEnv[path.slice(10)] = String(v);
    else if (path === 'pilot.traceSampling') install.pilotEnv['PILOT_TRACE_SAMPLING'] = String(v);
    else if (path.startsWith('meshConfig.')) setPath(install.meshConfig, splitPath(path.slice(11)), v);
    else if (path === 'meshConfig' && isMap(v)) continue;
    else if (isProfileDefault(path, v, profile)) continue;
    else
      return {
        refuse: `istioctl install --set values.${path}`,
        hint: 'values.pilot.env, values.pilot.traceSampling, meshConfig and components are simulated',
      };
  }
  return undefined;
}

function isProfileDefault(path: string, v: unknown, profile: string): boolean {
  if (path === 'profile') return v === profile;
  if (path === 'defaultRevision') return v === '';
  if (path === 'global.istioNamespace') return v === 'istio-system';
  if (path === 'global.configValidation') return v === true;
  if (path === 'pilot.enabled') return true;
  return (
    (path === 'gateways.istio-ingressgateway' || path === 'gateways.istio-egressgateway') &&
    isMap(v) &&
    Object.keys(v).length === 0
  );
}

/** Leaf paths of a values map (empty maps are leaves); lists are leaves under meshConfig only. */
function leaves(m: JsonMap, prefix: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(m)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (p === 'pilot.env' && isMap(v)) for (const [e, ev] of Object.entries(v)) out.push([`pilot.env.${e}`, ev]);
    else if (p === 'meshConfig' && isMap(v))
      out.push(...Object.entries(v).map(([mk, mv]) => [`meshConfig.${mk}`, mv] as [string, unknown]));
    else if (isMap(v) && Object.keys(v).length > 0) out.push(...leaves(v, p));
    else out.push([p, v]);
  }
  return out;
}
