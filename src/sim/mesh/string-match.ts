/**
 * Istio's string and IP matching for AuthorizationPolicy fields (pilot/pkg/security/authz/matcher):
 * exact `abc`; prefix `abc*`; suffix `*abc`; `*` alone means "present and non-empty" (Envoy
 * `safe_regex: .+`). An absent attribute matches nothing, not even `*`.
 */

export function istioMatch(pattern: string, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return value !== '';
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  return p === v;
}

/** `a.b.c.d` or `a.b.c.d/n` against an IPv4 address. IPv6 blocks never match (pods here are IPv4). */
export function cidrMatch(block: string, ip: string | undefined): boolean {
  if (ip === undefined) return false;
  const [base, bitsText] = block.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipv4(base ?? '');
  const b = ipv4(ip);
  if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32)) return false;
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : ~((1 << (32 - bits)) - 1) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
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
