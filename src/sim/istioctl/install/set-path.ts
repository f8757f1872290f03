/**
 * istioctl's `--set path=value` and its overlay merge (operator/pkg/values/map.go, 1.24.0):
 * paths split on unescaped dots, `a[0]` indexes (appending past the end), `a[name:x]` selects
 * by field; values become int, float or bool when they parse as one, else strings (`\,` -> `,`),
 * except under the always-string paths. Maps merge key by key; anything else is replaced.
 */

export type JsonMap = Record<string, unknown>;

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

const ALWAYS_STRING = [
  'spec.values.compatibilityVersion',
  'spec.tag',
  'spec.values.global.tag',
  'spec.meshConfig.defaultConfig.proxyMetadata.',
  'spec.values.meshConfig.defaultConfig.proxyMetadata.',
  'spec.compatibilityVersion',
];

/** map.go parseValue: strconv.Atoi, ParseFloat, ParseBool, else the string. */
export function parseSetValue(path: string, value: string): unknown {
  if (ALWAYS_STRING.some((p) => path.startsWith(p))) return value;
  if (/^[+-]?\d+$/.test(value)) return Number(value);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) || /^[+-]?(inf|infinity|nan)$/i.test(value))
    return Number(value);
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return value.replace(/\\,/g, ',');
}

/** map.go getPV: exactly one `=`, else the whole flag is the path and the value is empty. */
export function splitSetFlag(flag: string): { path: string; value: string } {
  const parts = flag.split('=');
  if (parts.length !== 2) return { path: flag, value: '' };
  return { path: (parts[0] ?? '').trim(), value: (parts[1] ?? '').trim() };
}

/** map.go splitPath: unescaped dots, `node[expr]` as two segments. */
export function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\.+|\.+$/g, '');
  const out: string[] = [];
  let cur = '';
  let prev = '';
  for (const c of trimmed) {
    if (c === '.' && prev !== '\\') {
      out.push(cur);
      cur = '';
    } else cur += c;
    prev = c;
  }
  out.push(cur);
  return out
    .filter((s) => s !== '')
    .flatMap((s) => {
      const seg = s.replace(/\\\./g, '.');
      const b = seg.indexOf('[');
      return b > 0 ? [seg.slice(0, b), seg.slice(b)] : [seg];
    });
}

/** Sets `value` at `path` under `base`; returns istioctl's error text, if any. */
export function setPath(base: JsonMap, path: readonly string[], value: unknown): string | undefined {
  const [seg = '', next] = path;
  if (next?.startsWith('[')) {
    const last = path.length === 2;
    const list = Array.isArray(base[seg]) ? (base[seg] as unknown[]) : [];
    base[seg] = list;
    const inner = next.slice(1, -1);
    let index: number;
    const colon = inner.indexOf(':');
    if (next.endsWith(']') && colon >= 0) {
      const [k, v] = [inner.slice(0, colon), inner.slice(colon + 1)];
      index = list.findIndex((e) => isMap(e) && e[k] === v);
      if (index === -1) return `element ${next} not found`;
    } else if (next.endsWith(']') && /^-?\d+$/.test(inner)) index = Number(inner);
    else return `unknown segment ${next}`;
    if (index < 0 || index >= list.length) {
      if (last) list.push(value);
      else {
        const m: JsonMap = {};
        const err = setPath(m, path.slice(2), value);
        if (err) return err;
        list.push(m);
      }
      return undefined;
    }
    const el = isMap(list[index]) ? (list[index] as JsonMap) : {};
    list[index] = el;
    return last ? ((list[index] = value), undefined) : setPath(el, path.slice(2), value);
  }
  if (path.length === 1) {
    base[seg] = value;
    return undefined;
  }
  if (!isMap(base[seg])) base[seg] = {};
  return setPath(base[seg] as JsonMap, path.slice(1), value);
}

/** map.go MergeFrom: `other` wins; maps merge recursively, lists and scalars are replaced. */
export function mergeFrom(base: JsonMap, other: JsonMap): JsonMap {
  for (const [k, v] of Object.entries(other)) {
    const b = base[k];
    base[k] = isMap(v) && isMap(b) ? mergeFrom(b, v) : structuredClone(v);
  }
  return base;
}
