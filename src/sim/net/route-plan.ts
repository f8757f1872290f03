/**
 * What one VirtualService HTTP route tells Envoy to do (networking/v1 HTTPRoute), as Istio
 * compiles it (pilot/pkg/networking/core/route/route.go): answer locally (directResponse,
 * redirect, fault abort) or forward to one destination with a timeout, a fault delay, a path
 * rewrite and header changes. Pure: reads the route object only.
 */
import type { Headers } from './http.js';

export type RoutePlan =
  | { kind: 'reply'; status: number; body: string; headers: Headers; why: string }
  | {
      kind: 'forward';
      /** `destination.host` as written (short names are relative to the VirtualService's namespace). */
      host: string;
      port?: number;
      subset?: string;
      /** Route timeout in seconds; undefined = none (Istio's default disables Envoy's 15s). */
      timeoutS?: number;
      /** Fault-injected delay before the request is forwarded (not counted by the route timeout). */
      delayS: number;
      rewriteUri?: string;
      rewriteAuthority?: string;
      request: HeaderOps;
      response: HeaderOps;
    };

export interface HeaderOps {
  set: Record<string, string>;
  add: Record<string, string>;
  remove: string[];
}

/**
 * A fault percentage as the simulator applies it. Real Envoy draws a random number per request;
 * the simulator must be deterministic, so 100% (or no percentage: Istio's default is 100%)
 * always applies, 0% never, and a partial percentage applies when it is at least 50%.
 */
function faultApplies(f: { percentage?: { value?: unknown }; percent?: unknown } | undefined): boolean {
  if (!f) return false;
  const raw = f.percentage?.value ?? f.percent;
  if (raw === undefined) return true;
  const v = Number(raw);
  return v >= 50;
}

export function parseDuration(x: unknown): number | undefined {
  if (typeof x !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(x.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 's' ? n : m[2] === 'm' ? n * 60 : n * 3600;
}

function ops(x: unknown): HeaderOps {
  const o = (x ?? {}) as { set?: Record<string, unknown>; add?: Record<string, unknown>; remove?: unknown[] };
  const map = (m: Record<string, unknown> | undefined) =>
    Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return { set: map(o.set), add: map(o.add), remove: (o.remove ?? []).map((r) => String(r).toLowerCase()) };
}

/** `authority` is the request's Host (for redirects that keep it). */
export function planRoute(
  route: Record<string, unknown>,
  path: string,
  authority: string,
  scheme: 'http' | 'https',
): RoutePlan {
  const direct = route['directResponse'] as
    | { status?: unknown; body?: { string?: unknown; bytes?: unknown } }
    | undefined;
  if (direct) {
    const body =
      direct.body?.string !== undefined
        ? String(direct.body.string)
        : direct.body?.bytes !== undefined
          ? Buffer.from(String(direct.body.bytes), 'base64').toString('utf8')
          : '';
    return {
      kind: 'reply',
      status: Number(direct.status ?? 200),
      body,
      headers: body ? [['content-type', 'text/plain']] : [],
      why: 'directResponse',
    };
  }
  const redirect = route['redirect'] as
    | { uri?: unknown; authority?: unknown; redirectCode?: unknown; scheme?: unknown }
    | undefined;
  if (redirect) {
    const host = redirect.authority !== undefined ? String(redirect.authority) : authority;
    const location = `${redirect.scheme !== undefined ? String(redirect.scheme) : scheme}://${host}${redirect.uri !== undefined ? String(redirect.uri) : path}`;
    return {
      kind: 'reply',
      status: Number(redirect.redirectCode ?? 301),
      body: '',
      headers: [['location', location]],
      why: 'redirect',
    };
  }
  const fault = route['fault'] as
    | {
        abort?: { httpStatus?: unknown; percentage?: { value?: unknown } };
        delay?: { fixedDelay?: unknown; percentage?: { value?: unknown }; percent?: unknown };
      }
    | undefined;
  if (fault?.abort?.httpStatus !== undefined && faultApplies(fault.abort)) {
    // Envoy's fault filter (source/extensions/filters/http/fault) answers with this body.
    return {
      kind: 'reply',
      status: Number(fault.abort.httpStatus),
      body: 'fault filter abort',
      headers: [['content-type', 'text/plain']],
      why: 'fault abort',
    };
  }
  const dests =
    (route['route'] as
      | { destination?: { host?: unknown; subset?: unknown; port?: { number?: unknown } }; weight?: unknown }[]
      | undefined) ?? [];
  // Weighted routes: the simulator sends every request to the heaviest destination (first on a tie).
  let best = dests[0];
  for (const d of dests) if (Number(d.weight ?? 0) > Number(best?.weight ?? 0)) best = d;
  const dest = best?.destination ?? {};
  // retries.perTryTimeout caps each attempt; when every attempt takes longer the answer is the
  // same 504 `upstream request timeout` (the simulator does not add up the retried attempts).
  const routeTimeout = parseDuration(route['timeout']);
  const perTry = parseDuration((route['retries'] as { perTryTimeout?: unknown } | undefined)?.perTryTimeout);
  const timeout =
    routeTimeout === undefined || routeTimeout === 0
      ? perTry
      : perTry === undefined
        ? routeTimeout
        : Math.min(routeTimeout, perTry);
  const rewrite = route['rewrite'] as { uri?: unknown; authority?: unknown } | undefined;
  const headers = (route['headers'] ?? {}) as { request?: unknown; response?: unknown };
  return {
    kind: 'forward',
    host: String(dest.host ?? ''),
    port: dest.port?.number !== undefined ? Number(dest.port.number) : undefined,
    subset: dest.subset !== undefined ? String(dest.subset) : undefined,
    timeoutS: timeout === 0 ? undefined : timeout,
    delayS: fault?.delay && faultApplies(fault.delay) ? (parseDuration(fault.delay.fixedDelay) ?? 0) : 0,
    rewriteUri: rewrite?.uri !== undefined ? String(rewrite.uri) : undefined,
    rewriteAuthority: rewrite?.authority !== undefined ? String(rewrite.authority) : undefined,
    request: ops(headers.request),
    response: ops(headers.response),
  };
}

/**
 * Envoy's route decorator, which the proxy sends upstream as `x-envoy-decorator-operation`
 * (tracing is on by default): Istio's getRouteOperation (pilot/pkg/networking/core/route) is
 * `host:port` of the single destination plus the match path (`prefix*`, the exact path, the
 * regex, or `/*`); with several weighted destinations, the VirtualService name instead of the host.
 */
export function routeOperation(route: Record<string, unknown>, host: string, port: number, vsName: string): string {
  const uri = ((route['match'] as { uri?: { prefix?: unknown; exact?: unknown; regex?: unknown } }[] | undefined)?.[0]
    ?.uri ?? {}) as { prefix?: unknown; exact?: unknown; regex?: unknown };
  const path =
    uri.prefix !== undefined
      ? `${String(uri.prefix)}*`
      : uri.exact !== undefined
        ? String(uri.exact)
        : uri.regex !== undefined
          ? String(uri.regex)
          : '/*';
  const dests = (route['route'] as unknown[] | undefined) ?? [];
  return `${dests.length > 1 ? vsName : host}:${port}${path}`;
}

/** `rewrite.uri` replaces the part of the path the route's prefix (or exact) match matched. */
export function rewritePath(route: Record<string, unknown>, path: string, uri: string): string {
  const matches = (route['match'] as { uri?: { prefix?: unknown; exact?: unknown } }[] | undefined) ?? [];
  for (const m of matches) {
    const prefix = m?.uri?.prefix ?? m?.uri?.exact;
    if (prefix !== undefined && path.startsWith(String(prefix))) return uri + path.slice(String(prefix).length);
  }
  const q = path.indexOf('?');
  return uri + (q === -1 ? '' : path.slice(q));
}

/** Applies set/add/remove to a header list (names compared case-insensitively). */
export function applyHeaderOps(h: Headers, o: HeaderOps): Headers {
  const out = h.filter(([k]) => !o.remove.includes(k.toLowerCase()) && !(k.toLowerCase() in o.set));
  for (const [k, v] of Object.entries(o.set)) out.push([k, v]);
  for (const [k, v] of Object.entries(o.add)) out.push([k, v]);
  return out;
}
