/**
 * Go's net/netip ParseAddr and ParsePrefix as far as their error text reaches a user: istiod's
 * security.ValidateIPs (pkg/config/security/security.go) puts ParsePrefix's error into the webhook's
 * message ("bad CIDR range (10.0.0.0/33): netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of
 * range"), and only whether ParseAddr fails for a single address. IPv4 follows parseIPv4Fields in
 * Go 1.22's src/net/netip/netip.go step by step; an IPv6 address is checked for validity, and its
 * error is reported as Go's generic "unable to parse IP" rather than the exact field-level message.
 */
const quote = (s: string) => JSON.stringify(s);

function addrError(input: string, msg: string, at?: string): string {
  return `ParseAddr(${quote(input)}): ${msg}${at ? ` (at ${quote(at)})` : ''}`;
}

function ipv4Error(s: string): string | undefined {
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) return addrError(s, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(c);
      digits++;
      if (val > 255) return addrError(s, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
        return addrError(s, 'IPv4 field must have at least one digit', s.slice(i));
      }
      if (pos === 3) return addrError(s, 'IPv4 address too long');
      pos++;
      val = 0;
      digits = 0;
    } else {
      return addrError(s, 'unexpected character', s.slice(i));
    }
  }
  return pos < 3 ? addrError(s, 'IPv4 address too short') : undefined;
}

/** Whether Go's parseIPv6 accepts `s` (zone already removed): hex fields, one `::`, an IPv4 tail. */
function isIPv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const fields = (part: string) => (part === '' ? [] : part.split(':'));
  const groups = halves.flatMap(fields);
  let count = groups.length;
  const last = groups[groups.length - 1];
  if (last?.includes('.')) {
    if (ipv4Error(last)) return false;
    groups.pop();
    count += 1;
  }
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count < 8 : count === 8;
}

/** ParseAddr's error for `s`, or undefined when Go accepts it. */
export function parseAddrError(s: string): string | undefined {
  for (const c of s) {
    if (c === '.') return ipv4Error(s);
    if (c === ':') return isIPv6(s.split('%')[0]!) ? undefined : addrError(s, 'unable to parse IP');
    if (c === '%') return addrError(s, 'missing IPv6 address');
  }
  return addrError(s, 'unable to parse IP');
}

/** ParsePrefix's error for `s`, or undefined when Go accepts it. */
export function parsePrefixError(s: string): string | undefined {
  const fail = (msg: string) => `netip.ParsePrefix(${quote(s)}): ${msg}`;
  const slash = s.lastIndexOf('/');
  if (slash < 0) return fail("no '/'");
  const addr = s.slice(0, slash);
  const bad = parseAddrError(addr);
  if (bad) return fail(bad);
  const v6 = addr.includes(':');
  if (v6 && addr.includes('%')) return fail('IPv6 zones cannot be present in a prefix');
  const bits = s.slice(slash + 1);
  // Go 1.22: a sign or leading zero is refused before strconv.Atoi sees it; Atoi fails past int64.
  const atoiFails = !/^\d+$/.test(bits) || bits.length > 18;
  if (atoiFails || (bits.length > 1 && bits[0] === '0')) return fail(`bad bits after slash: ${quote(bits)}`);
  return Number(bits) > (v6 ? 128 : 32) ? fail('prefix length out of range') : undefined;
}
