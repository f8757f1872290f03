/** Label selectors: kubectl's `-l` strings and the API's `matchLabels`/`matchExpressions`. */

export type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

/** Parses `app=x,version!=v2,env in (a,b),!legacy`; returns an error line on bad syntax. */
export function parseSelector(s: string): Requirement[] | { error: string } {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  const reqs: Requirement[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      reqs.push({ op: m[2] as 'in' | 'notin', key: m[1] ?? '', values: (m[3] ?? '').split(',').map((v) => v.trim()) });
    } else if ((m = /^([\w./-]+)\s*(!=|==|=)\s*([\w.-]*)$/.exec(p))) {
      reqs.push({ op: m[2] === '!=' ? 'neq' : 'eq', key: m[1] ?? '', value: m[3] ?? '' });
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      reqs.push({ op: 'notexists', key: m[1] ?? '' });
    } else if ((m = /^([\w./-]+)$/.exec(p))) {
      reqs.push({ op: 'exists', key: m[1] ?? '' });
    } else {
      return { error: `unable to parse requirement: found '${p}', expected: in, notin, =, ==, !=, gt, lt` };
    }
  }
  return reqs;
}

export function matches(reqs: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    switch (r.op) {
      case 'eq':
        return has && l[r.key] === r.value;
      case 'neq':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key] ?? '');
      case 'notin':
        return !has || !r.values.includes(l[r.key] ?? '');
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}

/** A LabelSelector object (`matchLabels` + `matchExpressions`) against labels. */
export function selectorMatches(
  sel:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: { key: string; operator: string; values?: string[] }[];
      }
    | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    const v = l[e.key] ?? '';
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(v))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(v)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
