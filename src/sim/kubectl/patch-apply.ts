/**
 * The three patch types the API server accepts from `kubectl patch`: JSON merge patch (RFC 7386),
 * JSON patch (RFC 6902: add, remove, replace, test, move, copy) and strategic merge patch for the
 * built-in kinds, where lists with a patch merge key (Service ports by port, containers, env,
 * volumes by name, ...) are merged element by element and other lists are replaced. Patch
 * directives ($patch, $retainKeys, $setElementOrder, ...) are not modelled: `exotic`.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type PatchResult = { ok: unknown } | { invalid: string } | { badRequest: string } | { exotic: string };

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** patchMergeKey of the list fields the simulator's built-in kinds have (k8s.io/api struct tags). */
const MERGE_KEYS: Record<string, string> = {
  ports: 'port',
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
};

export function strategicPatch(target: unknown, patch: unknown, path: string[] = []): PatchResult {
  if (!isObj(patch)) return { ok: patch };
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) return { exotic: `the strategic merge patch directive ${k}` };
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v)) {
      // Container ports merge on containerPort; a Service's on port.
      const key = k === 'ports' && path[path.length - 1] !== 'spec' ? 'containerPort' : MERGE_KEYS[k];
      if (!key || !Array.isArray(out[k])) {
        if (v.some((e) => isObj(e) && Object.keys(e).some((x) => x.startsWith('$'))))
          return { exotic: 'strategic merge patch directives in a list' };
        out[k] = v;
        continue;
      }
      const merged = [...(out[k] as unknown[])];
      const added: unknown[] = [];
      for (const e of v) {
        if (!isObj(e) || !(key in e)) return { exotic: `a ${k} element without its merge key ${key}` };
        const i = merged.findIndex((m) => isObj(m) && m[key] === e[key]);
        if (i === -1) {
          const r = strategicPatch(undefined, e, [...path, k]);
          if (!('ok' in r)) return r;
          added.push(r.ok);
        } else {
          const r = strategicPatch(merged[i], e, [...path, k]);
          if (!('ok' in r)) return r;
          merged[i] = r.ok;
        }
      }
      // Elements the patch adds come first, as strategicpatch orders them without $setElementOrder.
      out[k] = [...added, ...merged];
      continue;
    }
    const r = strategicPatch(out[k], v, [...path, k]);
    if (!('ok' in r)) return r;
    out[k] = r.ok;
  }
  return { ok: out };
}

function unescape(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Parent container and final token of a JSON pointer, or undefined when the parent is missing. */
function locate(doc: unknown, pointer: string): { parent: unknown; key: string } | undefined {
  const tokens = pointer.split('/').slice(1).map(unescape);
  const key = tokens.pop();
  if (key === undefined) return undefined;
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return isObj(cur) || Array.isArray(cur) ? { parent: cur, key } : undefined;
}

function getAt(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  const l = locate(doc, pointer);
  if (!l) return undefined;
  return Array.isArray(l.parent) ? l.parent[Number(l.key)] : (l.parent as Obj)[l.key];
}

/** RFC 6902 with evanphx/json-patch's messages. */
export function jsonPatch(target: unknown, ops: unknown): PatchResult {
  if (!Array.isArray(ops))
    return {
      badRequest: `json: cannot unmarshal ${isObj(ops) ? 'object' : typeof ops} into Go value of type jsonpatch.Patch`,
    };
  let doc = structuredClone(target);
  for (const op of ops) {
    if (!isObj(op)) return { badRequest: 'json: cannot unmarshal into Go value of type jsonpatch.Operation' };
    const kind = String(op.op ?? '');
    const path = String(op.path ?? '');
    const missing = { invalid: `${kind} operation does not apply: doc is missing path: ${path}: missing value` };
    switch (kind) {
      case 'add':
      case 'replace': {
        const l = locate(doc, path);
        if (!l) return missing;
        if (Array.isArray(l.parent)) {
          const i = l.key === '-' ? l.parent.length : Number(l.key);
          if (!Number.isInteger(i) || i < 0 || i > l.parent.length - (kind === 'replace' ? 1 : 0)) return missing;
          l.parent.splice(i, kind === 'replace' ? 1 : 0, op.value);
        } else {
          if (kind === 'replace' && !(l.key in (l.parent as Obj))) return missing;
          (l.parent as Obj)[l.key] = op.value;
        }
        break;
      }
      case 'remove': {
        const l = locate(doc, path);
        const last = path.split('/').pop() ?? '';
        const gone = {
          invalid: `error in remove for path: '${path}': Unable to remove nonexistent key: ${unescape(last)}: missing value`,
        };
        if (!l) return gone;
        if (Array.isArray(l.parent)) {
          const i = Number(l.key);
          if (!Number.isInteger(i) || i < 0 || i >= l.parent.length) return gone;
          l.parent.splice(i, 1);
        } else if (l.key in (l.parent as Obj)) delete (l.parent as Obj)[l.key];
        else return gone;
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, path)) !== JSON.stringify(op.value))
          return { invalid: `testing value ${path} failed: test failed` };
        break;
      case 'move':
      case 'copy': {
        const from = String(op.from ?? '');
        const v = getAt(doc, from);
        if (v === undefined)
          return { invalid: `${kind} operation does not apply: doc is missing from path: ${from}: missing value` };
        if (kind === 'move') {
          const r = jsonPatch(doc, [{ op: 'remove', path: from }]);
          if (!('ok' in r)) return r;
          doc = r.ok;
        }
        const r = jsonPatch(doc, [{ op: 'add', path, value: structuredClone(v) }]);
        if (!('ok' in r)) return r;
        doc = r.ok;
        break;
      }
      default:
        return { invalid: `Unexpected kind: ${kind}` };
    }
  }
  return { ok: doc };
}

/** Go's encoding/json syntax error for text JSON.parse rejected (the API server's BadRequest message). */
export function goJsonSyntaxError(s: string): string {
  const EOF = 'unexpected end of JSON input';
  const q = (c: string) => (c === "'" ? "'\\''" : c === '\n' ? "'\\n'" : `'${c}'`);
  let i = 0;
  const ws = () => {
    while (i < s.length && ' \t\r\n'.includes(s[i] ?? '')) i++;
  };
  const bad = (c: string, ctx: string) => `invalid character ${q(c)} ${ctx}`;
  const str = (): string | undefined => {
    for (i++; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === '"') {
        i++;
        return undefined;
      } else if ((s[i] ?? '') < ' ') return bad(s[i] ?? '', 'in string literal');
    }
    return EOF;
  };
  const value = (): string | undefined => {
    ws();
    const c = s[i];
    if (c === undefined) return EOF;
    if (c === '"') return str();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        ws();
        if (c === '{') {
          if (s[i] === undefined) return EOF;
          if (s[i] !== '"') return bad(s[i] ?? '', 'looking for beginning of object key string');
          const e = str();
          if (e) return e;
          ws();
          if (s[i] === undefined) return EOF;
          if (s[i] !== ':') return bad(s[i] ?? '', 'after object key');
          i++;
        }
        const e = value();
        if (e) return e;
        ws();
        if (s[i] === undefined) return EOF;
        if (s[i] === close) return void i++;
        if (s[i] !== ',') return bad(s[i] ?? '', c === '{' ? 'after object key:value pair' : 'after array element');
        i++;
      }
    }
    const m = /^(-?\d[\d.eE+-]*|true|false|null)/.exec(s.slice(i));
    if (!m) return bad(c, 'looking for beginning of value');
    i += m[0].length;
    return undefined;
  };
  const e = value();
  if (e) return e;
  ws();
  return i < s.length ? bad(s[i] ?? '', 'after top-level value') : 'invalid JSON';
}
