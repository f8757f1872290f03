/**
 * The x-kubernetes-validations (CEL) rules of Istio's CRDs that lessons can trip over, evaluated
 * natively. A rule is looked up by its text (whitespace normalised, and double-quoted literals read
 * as single-quoted: the 1.25.0 CRDs write "*" where 1.20-1.24 wrote '*') as the 1.20-1.24 CRDs write
 * it; a rule not listed here is not checked (the simulator accepts what it cannot judge).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: unknown, k: string) => isObj(o) && o[k] !== undefined && o[k] !== null;

/** Go's time.ParseDuration, to nanoseconds; undefined when it does not parse. */
export function parseGoDuration(s: string): number | undefined {
  const unit: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (s === '0') return 0;
  if (!m) return undefined;
  let total = 0;
  for (const part of s.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g))
    total += Number(part[1]) * (unit[part[2] ?? 's'] ?? 0);
  return m[1] === '-' ? -total : total;
}

const portKey = (k: string) => (/^\d+$/.test(k) ? 0 < Number(k) && Number(k) <= 65535 : undefined);

/** PeerAuthentication's "portLevelMtls requires selector" as the 1.25.0 CRD writes it. */
const PORT_LEVEL_NEEDS_SELECTOR_1_25 =
  'has(self.portLevelMtls) ? ' +
  '(((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true';

const RULES: Record<string, (self: unknown) => boolean | undefined> = {
  // PeerAuthentication (1.22+ security CRDs).
  '(has(self.selector) && has(self.selector.matchLabels) && self.selector.matchLabels.size() > 0) || !has(self.portLevelMtls)':
    (s) =>
      (isObj(s) &&
        isObj(s.selector) &&
        isObj(s.selector.matchLabels) &&
        Object.keys(s.selector.matchLabels).length > 0) ||
      !has(s, 'portLevelMtls'),
  // The same rule as the 1.25.0 CRD writes it (manifests/charts/base/files/crd-all.gen.yaml).
  [PORT_LEVEL_NEEDS_SELECTOR_1_25]: (s) =>
    !has(s, 'portLevelMtls') ||
    (isObj(s) && isObj(s.selector) && isObj(s.selector.matchLabels) && Object.keys(s.selector.matchLabels).length > 0),
  'self.all(key, 0 < int(key) && int(key) <= 65535)': (s) => {
    if (!isObj(s)) return undefined;
    const r = Object.keys(s).map(portKey);
    return r.includes(undefined) ? undefined : r.every(Boolean);
  },
  // Workload selectors.
  "!self.contains('*')": (s) => (typeof s === 'string' ? !s.includes('*') : undefined),
  "self.all(key, !key.contains('*'))": (s) => (isObj(s) ? Object.keys(s).every((k) => !k.includes('*')) : undefined),
  'self.all(key, key.size() != 0)': (s) => (isObj(s) ? Object.keys(s).every((k) => k.length !== 0) : undefined),
  // Ports, durations, names.
  '0 < self && self <= 65535': (s) => (typeof s === 'number' ? 0 < s && s <= 65535 : undefined),
  "duration(self) >= duration('1ms')": (s) => {
    const ns = typeof s === 'string' ? parseGoDuration(s) : undefined;
    return ns === undefined ? undefined : ns >= 1e6;
  },
  "self != '*'": (s) => (typeof s === 'string' ? s !== '*' : undefined),
  'self.size() == 0': (s) => (typeof s === 'string' ? s.length === 0 : undefined),
  "self in ['', 'HTTP', 'HTTPS']": (s) => (typeof s === 'string' ? ['', 'HTTP', 'HTTPS'].includes(s) : undefined),
  'has(self.address) || has(self.network)': (s) => has(s, 'address') || has(s, 'network'),
  'self.all(l1, self.exists_one(l2, l1.number == l2.number))': (s) =>
    Array.isArray(s)
      ? s.every((a) => s.filter((b) => isObj(a) && isObj(b) && a.number === b.number).length === 1)
      : undefined,
};

/** `(has(self.a)?1:0)+(has(self.b)?1:0)<=1`: at most one of the fields (targetRef/targetRefs/selector, jwks/jwksUri, ...). */
function atMostOne(rule: string): ((self: unknown) => boolean | undefined) | undefined {
  if (!/^(\(has\(self\.\w+\)\?1:0\)\+?)+<=1$/.test(rule)) return undefined;
  const fields = [...rule.matchAll(/has\(self\.(\w+)\)/g)].map((m) => m[1] ?? '');
  return (s) => fields.filter((f) => has(s, f)).length <= 1;
}

/** Evaluates a rule: true passes, false fails, undefined when the simulator does not model it. */
export function evalRule(rule: string, self: unknown): boolean | undefined {
  const r = rule
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/"([^"'\\]*)"/g, "'$1'");
  const f = RULES[r] ?? atMostOne(r.replace(/\s+/g, ''));
  return f ? f(self) : undefined;
}
