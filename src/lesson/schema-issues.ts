/**
 * Turns zod issues into positioned problems that say what to change: an unknown key points at
 * the key and suggests the allowed one it resembles; a missing field points at the map that
 * lacks it; a union (e.g. an action is `run` *or* `apply`) reports the branch the author meant.
 */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import type { Problem, ProblemCode } from './problem.js';
import type { Path, YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/**
 * `schema` is the zod schema `data` was parsed with, read by its structure (see `Schema` below). Typed
 * as `object`: relating the whole Lesson schema to `z.ZodType` cost the type checker half a second.
 */
export function schemaProblems(issues: readonly Issue[], data: unknown, src: YamlSource, schema: object): Problem[] {
  const out: Problem[] = [];
  const ctx: Ctx = { data, src, schema, out };
  // An object refinement ("give at least one of ...") on a map with a misspelt key is noise:
  // the unknown-key problem already says what to fix.
  const withUnknownKeys = new Set(
    issues.filter((i) => i.code === 'unrecognized_keys').map((i) => JSON.stringify(i.path)),
  );
  for (const issue of issues) {
    if (issue.code === 'custom' && withUnknownKeys.has(JSON.stringify(issue.path))) continue;
    report(ctx, issue, []);
  }
  return out;
}

type Ctx = { data: unknown; src: YamlSource; schema: object; out: Problem[] };

function report(ctx: Ctx, issue: Issue, prefix: Path): void {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const { src } = ctx;
  const at = (p: Path, code: ProblemCode, message: string) =>
    ctx.out.push(src.problemAt(src.offsetOf(src.nodeAt(p).node), code, message));
  const value = valueAt(ctx.data, path);
  const label = labelOf(path);

  if (
    path.length === 0 &&
    (value === null || typeof value !== 'object' || Array.isArray(value)) &&
    issue.code === 'invalid_type'
  ) {
    at(path, 'not-a-lesson', 'a lesson is a YAML map with id, title, summary, istio and steps');
    return;
  }
  if (isMissing(ctx.data, path)) {
    at(path.slice(0, -1), 'missing-field', `missing required field \`${String(path[path.length - 1])}\``);
    return;
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        const allowed = allowedKeys(ctx.schema, path, ctx.data);
        const guess = didYouMean(key, allowed);
        const hint = guess
          ? `; did you mean \`${guess}\`?`
          : allowed.length
            ? ` (allowed here: ${allowed.join(', ')})`
            : '';
        const keyNode = src.keyNodeAt(path, key);
        ctx.out.push(
          src.problemAt(src.offsetOf(keyNode ?? src.nodeAt(path).node), 'unknown-key', `unknown key \`${key}\`${hint}`),
        );
      }
      return;
    case 'invalid_type':
      at(path, 'wrong-type', `${label} must be ${article(issue.expected)}, not ${describe(value)}`);
      return;
    case 'invalid_union':
      reportUnion(ctx, issue, path);
      return;
    case 'invalid_key': {
      const key = String(path[path.length - 1]);
      const keyNode = src.keyNodeAt(path.slice(0, -1), key);
      const why = issue.issues.map((i) => i.message).join('; ');
      ctx.out.push(
        src.problemAt(src.offsetOf(keyNode ?? src.nodeAt(path).node), 'invalid-value', `the name \`${key}\` ${why}`),
      );
      return;
    }
    case 'too_small':
      at(path, 'invalid-value', `${label} ${tooSmall(issue)}`);
      return;
    case 'too_big':
      at(
        path,
        'invalid-value',
        `${label} must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters long' : ''}`,
      );
      return;
    case 'invalid_value':
      at(path, 'invalid-value', `${label} must be one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}`);
      return;
    case 'invalid_format':
    case 'not_multiple_of':
    case 'custom':
    case 'invalid_element':
      at(
        path,
        problemCodeOf(issue) ?? 'invalid-value',
        /^(?:must|is|uses) /.test(issue.message) ? `${label} ${issue.message}` : `${label}: ${issue.message}`,
      );
      return;
    default:
      at(path, 'invalid-value', `${label}: ${(issue as Issue).message}`);
  }
}

/** The code a refinement names for itself (`params: { problemCode }`), e.g. `unsupported-regex`. */
function problemCodeOf(issue: Issue): ProblemCode | undefined {
  const params = issue.code === 'custom' ? (issue.params as { problemCode?: ProblemCode } | undefined) : undefined;
  return params?.problemCode;
}

/** Picks the union branch the author most likely meant and reports its issues. */
function reportUnion(ctx: Ctx, issue: Extract<Issue, { code: 'invalid_union' }>, path: Path): void {
  const branches = issue.errors;
  if (branches.length === 0) return;
  const wrongShape = (b: Issue[]) => b.some((i) => i.path.length === 0 && i.code === 'invalid_type');
  if (branches.every(wrongShape)) {
    const expected = [
      ...new Set(
        branches.flatMap((b) =>
          b
            .filter((i) => i.path.length === 0 && i.code === 'invalid_type')
            .map((i) => article((i as { expected: string }).expected)),
        ),
      ),
    ];
    ctx.out.push(
      ctx.src.problemAt(
        ctx.src.offsetOf(ctx.src.nodeAt(path).node),
        'wrong-type',
        `${labelOf(path)} must be ${expected.join(' or ')}, not ${describe(valueAt(ctx.data, path))}`,
      ),
    );
    return;
  }
  const scored = branches.map((b) => ({ b, score: b.reduce((s, i) => s + weight(ctx, i, path), 0) }));
  const best = Math.min(...scored.map((s) => s.score));
  const tied = scored.filter((s) => s.score === best).map((s) => s.b);
  const onlyExtra = (b: Issue[]) => b.every((i) => i.path.length === 0 && i.code === 'unrecognized_keys');
  if (tied.length > 1 && tied.every(onlyExtra)) {
    const keys = [
      ...new Set(tied.flatMap((b) => b.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [])))),
    ].sort();
    ctx.out.push(
      ctx.src.problemAt(
        ctx.src.offsetOf(ctx.src.nodeAt(path).node),
        'conflicting-fields',
        `give one of ${keys.map((k) => `\`${k}\``).join(' or ')}, not both`,
      ),
    );
    return;
  }
  const onlyMissing = (b: Issue[]) =>
    b.every((i) => i.path.length === 1 && isMissing(ctx.data, [...path, ...(i.path as (string | number)[])]));
  if (tied.length > 1 && tied.every(onlyMissing)) {
    const keys = tied.map((b) => `\`${String(b[0]?.path[0])}\``);
    ctx.out.push(
      ctx.src.problemAt(
        ctx.src.offsetOf(ctx.src.nodeAt(path).node),
        'missing-field',
        `needs one of ${keys.join(' or ')}`,
      ),
    );
    return;
  }
  for (const i of tied[0] ?? []) report(ctx, i, path);
}

/** How far a branch is from what was written: a wrong shape is far, a typo is near. */
function weight(ctx: Ctx, i: Issue, base: Path): number {
  if (i.path.length === 0 && i.code === 'invalid_type') return 1000;
  if (i.code === 'unrecognized_keys') return 10 * i.keys.length;
  if (isMissing(ctx.data, [...base, ...(i.path as (string | number)[])])) return 10;
  return 1;
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const min = Number(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return min <= 1 ? 'must not be empty' : `must be at least ${min} characters long`;
    case 'array':
      return `needs at least ${min} item${min === 1 ? '' : 's'}`;
    default:
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
  }
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

function isMissing(data: unknown, path: Path): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(data, path.slice(0, -1));
  return (
    parent !== null &&
    typeof parent === 'object' &&
    !Array.isArray(parent) &&
    !Object.hasOwn(parent, path[path.length - 1] as string)
  );
}

/** `` `title` ``, `` `istio[0]` ``, or "the lesson" for the root. */
function labelOf(path: Path): string {
  let label = '';
  for (const key of path) label = typeof key === 'number' ? `${label || 'item'}[${key}]` : key;
  return label ? `\`${label}\`` : 'the lesson';
}

function article(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a map';
    case 'array':
      return 'a list';
    case 'int':
      return 'a whole number';
    default:
      return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `\`${value}\``;
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

// --- which keys the schema allows at a path (for "did you mean") ---

type Def = {
  type: string;
  innerType?: Schema;
  in?: Schema;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
  shape?: Record<string, Schema>;
};
type Schema = { _zod: { def: Def } };

function unwrap(s: Schema, value: unknown): Schema {
  for (let guard = 0; guard < 20; guard++) {
    const def = s._zod.def;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner) {
      s = inner;
      continue;
    }
    if (def.type === 'union' && def.options) {
      s = pickOption(def.options, value) ?? s;
      if (s._zod.def.type === 'union') return s;
      continue;
    }
    return s;
  }
  return s;
}

/** The union member that fits `value` best: an object sharing the most keys, or a list for a list. */
function pickOption(options: Schema[], value: unknown): Schema | undefined {
  const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  let best: Schema | undefined;
  let bestScore = -1;
  for (const option of options) {
    const o = unwrap(option, value);
    const def = o._zod.def;
    let score = -1;
    if (def.type === 'object' && def.shape && keys.length)
      score = keys.filter((k) => k in (def.shape as object)).length;
    else if (def.type === 'array' && Array.isArray(value)) score = 0;
    if (score > bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

function allowedKeys(root: object, path: Path, data: unknown): string[] {
  let s = unwrap(root as Schema, data);
  let value = data;
  for (const key of path) {
    value = valueAt(value, [key]);
    const def = s._zod.def;
    const next =
      def.type === 'object'
        ? def.shape?.[key as string]
        : def.type === 'array'
          ? def.element
          : def.type === 'record'
            ? def.valueType
            : undefined;
    if (!next) return [];
    s = unwrap(next, value);
  }
  const shape = s._zod.def.shape;
  return s._zod.def.type === 'object' && shape ? Object.keys(shape) : [];
}
