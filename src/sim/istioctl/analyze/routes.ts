/**
 * The destinations of a VirtualService with the field path each sits at (analyzers/virtualservice/util.go
 * getRouteDestinations, getHTTPMirrorDestinations; paths from analyzers/util/find_errorline_utils.go).
 */
export interface Destination {
  host?: string;
  subset?: string;
  port?: { number?: number };
}
interface Route {
  destination?: Destination;
}
interface HttpRoute {
  name?: string;
  route?: Route[];
  mirror?: Destination;
  mirrors?: { destination?: Destination }[];
}
export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  exportTo?: string[];
  http?: HttpRoute[];
  tls?: { route?: Route[] }[];
  tcp?: { route?: Route[] }[];
}

export interface PlacedDestination {
  destination: Destination;
  /** The field path of its `host`, for the message's line. */
  path: string;
}

/** tcp, then tls, then http route destinations, as Istio walks them. */
export function routeDestinations(vs: Partial<VirtualServiceSpec>): PlacedDestination[] {
  const out: PlacedDestination[] = [];
  for (const kind of ['tcp', 'tls', 'http'] as const) {
    (vs[kind] ?? []).forEach((rule, i) => {
      (rule.route ?? []).forEach((r, j) => {
        out.push({ destination: r.destination ?? {}, path: `{.spec.${kind}[${i}].route[${j}].destination.host}` });
      });
    });
  }
  return out;
}

export function mirrorDestinations(vs: Partial<VirtualServiceSpec>): PlacedDestination[] {
  const out: PlacedDestination[] = [];
  (vs.http ?? []).forEach((rule, i) => {
    if (rule.mirror) out.push({ destination: rule.mirror, path: `{.spec.http[${i}].mirror.host}` });
    (rule.mirrors ?? []).forEach((m, j) => {
      out.push({ destination: m.destination ?? {}, path: `{.spec.http[${i}].mirrors[${j}].host}` });
    });
  });
  return out;
}
