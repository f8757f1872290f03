/**
 * Where Envoy's jwt_authn looks for tokens (source/extensions/filters/http/jwt_authn/extractor.cc):
 * each provider (one per jwtRule, pilot/pkg/security/authn/policy_applier.go) contributes its
 * `fromHeaders`, `fromParams` and `fromCookies`; only a provider that sets none of them gets the
 * defaults, `Authorization: Bearer <token>` and `?access_token=`. A location remembers which issuers
 * configured it: a token found there from another issuer is "Jwt issuer is not configured".
 * Headers are read first (ordered by name + prefix), then query parameters, then cookies (by name).
 */
import type { HttpRequest } from './model.js';
import type { JwtRule } from './request-authn-policy.js';

/** One token found in the request. */
export interface FoundToken {
  token: string;
  /** Human name of the location, e.g. `header authorization (prefix "Bearer ")`, `cookie session`. */
  where: string;
  /** Issuers whose rules configured this location. */
  issuers: ReadonlySet<string>;
  /** Header the token came from (removed unless forwardOriginalToken); cookies stay (Envoy's TODO). */
  header?: string;
}

interface Location {
  kind: 'header' | 'param' | 'cookie';
  name: string;
  prefix: string;
  issuers: Set<string>;
  /** `name=`: a query or cookie string without it cannot hold the token (no parsing on the hot path). */
  needle: string;
}

const cache = new WeakMap<readonly JwtRule[], Location[]>();

/** The locations of all rules, merged as ExtractorImpl::addProvider does. Cached per rule list. */
export function locationsOf(rules: readonly JwtRule[]): readonly Location[] {
  const hit = cache.get(rules);
  if (hit) return hit;
  const byKey = new Map<string, Location>();
  const add = (kind: Location['kind'], name: string, prefix: string, issuer: string) => {
    const key = `${kind}\u0000${name}${prefix}`;
    const loc = byKey.get(key) ?? { kind, name, prefix, issuers: new Set<string>(), needle: `${name}=` };
    loc.issuers.add(issuer);
    byKey.set(key, loc);
  };
  for (const r of rules) {
    for (const h of r.fromHeaders) add('header', h.name, h.prefix, r.issuer);
    for (const p of r.fromParams) add('param', p, '', r.issuer);
    for (const c of r.fromCookies) add('cookie', c, '', r.issuer);
  }
  const order = { header: 0, param: 1, cookie: 2 } as const;
  // std::map / btree_map order: by header name + prefix, by parameter name, by cookie name.
  const out = [...byKey.values()].sort(
    (a, b) => order[a.kind] - order[b.kind] || cmp(a.name + a.prefix, b.name + b.prefix),
  );
  cache.set(rules, out);
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every token the request carries at a configured location, in Envoy's extraction order. */
export function extractTokens(rules: readonly JwtRule[], http: HttpRequest): FoundToken[] {
  const found: FoundToken[] = [];
  let params: URLSearchParams | undefined;
  let cookies: Map<string, string> | undefined;
  for (const loc of locationsOf(rules)) {
    if (loc.kind === 'header') {
      const v = http.headers[loc.name];
      if (v === undefined) continue;
      const token = afterPrefix(v, loc.prefix);
      if (token === undefined) continue;
      const where = `header ${loc.name}${loc.prefix ? ` (prefix ${JSON.stringify(loc.prefix)})` : ''}`;
      found.push({ token, where, issuers: loc.issuers, header: loc.name });
    } else if (loc.kind === 'param') {
      const q = http.path.indexOf('?');
      if (q === -1 || !http.path.includes(loc.needle, q)) continue;
      params ??= new URLSearchParams(http.path.slice(q + 1));
      const v = params.get(loc.name);
      if (v !== null) found.push({ token: v, where: `query parameter ${loc.name}`, issuers: loc.issuers });
    } else {
      const header = http.headers['cookie'];
      if (header === undefined || !header.includes(loc.needle)) continue;
      cookies ??= parseCookies(header);
      const v = cookies.get(loc.name);
      if (v !== undefined) found.push({ token: v, where: `cookie ${loc.name}`, issuers: loc.issuers });
    }
  }
  return found;
}

/**
 * extractor.cc: the prefix may appear anywhere in the value; the token starts at the first base64url
 * character (or dot) after it. Without a prefix the whole value is the token.
 */
function afterPrefix(value: string, prefix: string): string | undefined {
  if (prefix === '') return value;
  const at = value.indexOf(prefix);
  if (at === -1) return undefined;
  for (let i = at + prefix.length; i < value.length; i++) if (TOKEN_CHAR.test(value[i]!)) return value.slice(i);
  return value;
}

const TOKEN_CHAR = /[A-Za-z0-9_.-]/;

/**
 * Http::Utility::parseCookies: `;`-separated `name=value` pairs, leading spaces trimmed, surrounding
 * double quotes removed from the value; the first cookie of a name wins.
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (header === undefined) return out;
  for (const part of header.split(';')) {
    const pair = part.replace(/^ +/, '');
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = pair.slice(0, eq);
    let value = pair.slice(eq + 1);
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}
