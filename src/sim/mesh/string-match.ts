/**
 * Istio's string and IP matching for AuthorizationPolicy fields (pilot/pkg/security/authz/matcher):
 * exact `abc`; prefix `abc*`; suffix `*abc`; `*` alone means "present and non-empty" (Envoy
 * `safe_regex: .+`). An absent attribute matches nothing, not even `*`.
 */

/** A value test for one string match. Compiled once per policy value: it runs for every field of every decision. */
export type ValueTest = (value: string | undefined) => boolean;

export function istioMatcher(pattern: string, ignoreCase = false): ValueTest {
  if (pattern === '*') return (v) => v !== undefined && v !== '';
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const fold = ignoreCase ? (v: string) => v.toLowerCase() : (v: string) => v;
  if (p.endsWith('*')) {
    const prefix = p.slice(0, -1);
    return (v) => v !== undefined && fold(v).startsWith(prefix);
  }
  if (p.startsWith('*')) {
    const suffix = p.slice(1);
    return (v) => v !== undefined && fold(v).endsWith(suffix);
  }
  return (v) => v !== undefined && fold(v) === p;
}

export function istioMatch(pattern: string, value: string | undefined, ignoreCase = false): boolean {
  return istioMatcher(pattern, ignoreCase)(value);
}

/** `a.b.c.d` or `a.b.c.d/n` against an IPv4 address. IPv6 blocks never match (pods here are IPv4). */
export function cidrMatcher(block: string): ValueTest {
  const [base, bitsText] = block.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipv4(base ?? '');
  if (a === undefined || !(bits >= 0 && bits <= 32)) return () => false;
  const mask = bits === 0 ? 0 : bits === 32 ? 0xffffffff : ~((1 << (32 - bits)) - 1) >>> 0;
  return (ip) => {
    const b = ip === undefined ? undefined : ipv4(ip);
    return b !== undefined && (a & mask) >>> 0 === (b & mask) >>> 0;
  };
}

export function cidrMatch(block: string, ip: string | undefined): boolean {
  return cidrMatcher(block)(ip);
}

function ipv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    const x = Number(p);
    if (!/^\d{1,3}$/.test(p) || x > 255) return undefined;
    n = n * 256 + x;
  }
  return n >>> 0;
}
