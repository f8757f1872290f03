/**
 * istioctl's built-in profiles as the simulator renders them (manifests/profiles/*.yaml, and from
 * 1.21 manifests/helm-profiles/demo.yaml, at each tag). Every profile starts from `default`
 * (operator/pkg/render/manifest.go readProfile, 1.24.0).
 *
 *   default  base, istiod, istio-ingressgateway
 *   demo     + istio-egressgateway, access logs to /dev/stdout, the release's extension
 *            providers, PILOT_TRACE_SAMPLING=100, lower resource requests, ingress tcp/tls ports
 *   minimal  no ingress gateway
 *   empty    nothing
 * The others change what the simulator does not model (ambient's ztunnel and CNI, remote's
 * external control plane, preview's DNS capture in the sidecar, stable's admission policy,
 * openshift's platform settings), so they are refused.
 */

export interface Profile {
  name: string;
  base: boolean;
  pilot: boolean;
  ingress: boolean;
  egress: boolean;
  /** The profile's meshConfig (values.meshConfig before user settings). */
  meshConfig: Record<string, unknown>;
  /** demo's values: lower requests, PILOT_TRACE_SAMPLING=100, ingress tcp 31400 and tls 15443. */
  demo: boolean;
}

export type ProfileLookup = { profile: Profile } | { refuse: string } | { unknown: string };

const REFUSED: Record<string, string> = {
  ambient: 'ambient mode (ztunnel, CNI, waypoints) is not modelled; the simulator runs sidecars',
  'openshift-ambient': 'ambient mode (ztunnel, CNI, waypoints) is not modelled; the simulator runs sidecars',
  remote: 'a remote cluster needs an external control plane, which the simulator does not model',
  preview: "its sidecars capture DNS (ISTIO_META_DNS_CAPTURE), which the simulator's sidecars do not model",
  stable: 'its admission policy for stable fields is not modelled',
  openshift: 'it sets OpenShift platform options; the simulated cluster is minikube',
};

const otel = (ns: string, minor: number) => ({
  name: 'otel',
  envoyOtelAls: {
    service: `${minor === 14 ? 'otel-collector' : 'opentelemetry-collector'}.${ns}.svc.cluster.local`,
    port: 4317,
  },
});
const skywalking = {
  name: 'skywalking',
  skywalking: { service: 'tracing.istio-system.svc.cluster.local', port: 11800 },
};
const otelTracing = (ns: string) => ({
  name: 'otel-tracing',
  opentelemetry: { port: 4317, service: `opentelemetry-collector.${ns}.svc.cluster.local` },
});

/** demo's meshConfig per release (spec.meshConfig of profiles/demo.yaml; helm-profiles/demo.yaml from 1.21). */
function demoMeshConfig(minor: number): Record<string, unknown> {
  const mesh: Record<string, unknown> = { accessLogFile: '/dev/stdout' };
  if (minor === 6) mesh['disablePolicyChecks'] = false;
  if (minor >= 22)
    mesh['extensionProviders'] = [otel('observability', minor), skywalking, otelTracing('observability')];
  else if (minor >= 18)
    mesh['extensionProviders'] = [otel('istio-system', minor), skywalking, otelTracing('otel-collector')];
  else if (minor === 17) mesh['extensionProviders'] = [otel('istio-system', minor), skywalking];
  else if (minor >= 14) mesh['extensionProviders'] = [otel('istio-system', minor)];
  return mesh;
}

/** The built-in profile `name` of Istio 1.`minor`. */
export function builtinProfile(name: string, minor: number): ProfileLookup {
  const base: Profile = { name, base: true, pilot: true, ingress: true, egress: false, meshConfig: {}, demo: false };
  switch (name) {
    case 'default':
      return { profile: base };
    case 'demo':
      return { profile: { ...base, egress: true, meshConfig: demoMeshConfig(minor), demo: true } };
    case 'minimal':
      return { profile: { ...base, ingress: false } };
    case 'empty':
      return { profile: { ...base, base: false, pilot: false, ingress: false } };
    default: {
      const why = REFUSED[name];
      return why ? { refuse: why } : { unknown: name };
    }
  }
}
