/**
 * AuthorizationPolicy parsed into matchers. Combining, as Istio's reference says: rules are ORed;
 * within a rule `from`, `to` and `when` are ANDed; entries of `from` (or `to`) are ORed; the
 * fields of one source/operation are ANDed. `spec: {}` is an ALLOW policy with no rules (allow
 * nothing); `rules: [{}]` is one rule that matches every request.
 */
import type { K8sObject } from '../../kube/object.js';
import type { Mismatch } from './model.js';
import type { AuthzContext } from './authz-context.js';
import { conditionMatchers, operationMatchers, sourceMatchers, type FieldMatcher } from './authz-fields.js';
import { matchLabels } from './policy.js';

export type AuthzAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

export interface CompiledRule {
  /** ORed list of sources, each an AND of fields; empty = any source. */
  from: readonly (readonly FieldMatcher[])[];
  to: readonly (readonly FieldMatcher[])[];
  when: readonly FieldMatcher[];
  /** Some `to` field can say why it matched (path templates): explain asks it on a hit. */
  noted: boolean;
}

export interface AuthzSpec {
  action: AuthzAction;
  rules: readonly CompiledRule[];
  /** CUSTOM's `provider.name`. */
  provider?: string;
  /**
   * `istio.io/dry-run` annotation (Istio 1.10+): the policy is compiled into Envoy's
   * shadow_rules, so it is evaluated and logged ("shadow denied") but never enforced
   * (pilot/pkg/model/authorization.go reads it with strconv.ParseBool).
   */
  dryRun: boolean;
}

/** `templates`: the release reads `{*}`/`{**}` in paths as uri templates (Istio 1.22+, path-template.ts). */
export function parseAuthorizationPolicy(
  o: K8sObject,
  templates = true,
): { selector?: Record<string, string>; spec: AuthzSpec } {
  const spec = o.spec ?? {};
  const a = spec['action'];
  const action: AuthzAction = a === 'DENY' || a === 'AUDIT' || a === 'CUSTOM' ? a : 'ALLOW';
  const rules = (Array.isArray(spec['rules']) ? spec['rules'] : []) as Record<string, unknown>[];
  const provider = (spec['provider'] as { name?: unknown } | undefined)?.name;
  return {
    selector: matchLabels(spec),
    spec: {
      action,
      rules: rules.map((r) => compileRule(r, templates, o.metadata.namespace ?? 'default')),
      provider: provider === undefined ? undefined : String(provider),
      dryRun: parseBool(o.metadata.annotations?.['istio.io/dry-run']),
    },
  };
}

/** Go's strconv.ParseBool true values; anything else (including a parse error) is false. */
function parseBool(v: string | undefined): boolean {
  return v === '1' || v === 't' || v === 'T' || v === 'true' || v === 'TRUE' || v === 'True';
}

/** `namespace`: the policy's, which a service account named without one belongs to. */
function compileRule(rule: Record<string, unknown> | null, templates: boolean, namespace: string): CompiledRule {
  const r = rule ?? {};
  const list = (x: unknown) => (Array.isArray(x) ? (x as Record<string, unknown>[]) : []);
  const from = list(r['from']).map((f) => sourceMatchers((f?.['source'] ?? {}) as Record<string, unknown>, namespace));
  const to = list(r['to']).map((t) =>
    operationMatchers((t?.['operation'] ?? {}) as Record<string, unknown>, templates),
  );
  const when = list(r['when']).flatMap((c) => conditionMatchers(c ?? {}, namespace));
  // The matchers are shared (authz-fields.ts), so a rule made of the same ones is the same rule.
  const key = JSON.stringify([from.map(ids), to.map(ids), ids(when)]);
  let compiled = sharedRules.get(key);
  if (!compiled) {
    compiled = { from, to, when, noted: to.some((alt) => alt.some((f) => f.note !== undefined)) };
    if (sharedRules.size >= 20_000) sharedRules.clear();
    sharedRules.set(key, compiled);
  }
  return compiled;
}

/** Rules shared by the policies that have them, like their matchers. */
const sharedRules = new Map<string, CompiledRule>();
const matcherIds = new WeakMap<FieldMatcher, number>();
let nextId = 0;

function ids(fields: readonly FieldMatcher[]): number[] {
  return fields.map((f) => {
    let id = matcherIds.get(f);
    if (id === undefined) matcherIds.set(f, (id = nextId++));
    return id;
  });
}

/**
 * undefined when the rule matches the request, else the first field that did not.
 * On non-HTTP traffic an HTTP-only field makes an ALLOW/AUDIT rule fail, and is dropped from a
 * DENY rule (Istio: "HTTP-only fields in a DENY policy are ignored for TCP, denying more").
 */
export function ruleMismatch(rule: CompiledRule, ctx: AuthzContext, action: AuthzAction): Mismatch | undefined {
  return anyOf(rule.from, ctx, action) ?? anyOf(rule.to, ctx, action) ?? allOf(rule.when, ctx, action);
}

// Module-level helpers (no closures per call): this runs for every rule of every decision.
function allOf(fields: readonly FieldMatcher[], ctx: AuthzContext, action: AuthzAction): Mismatch | undefined {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.httpOnly && !ctx.http) {
      if (action === 'DENY') continue;
      return { field: `${f.field} (HTTP-only; the request is not HTTP to the proxy)`, want: [], got: undefined };
    }
    const m = f.test(ctx);
    if (m) return m;
  }
  return undefined;
}

function anyOf(
  alternatives: readonly (readonly FieldMatcher[])[],
  ctx: AuthzContext,
  action: AuthzAction,
): Mismatch | undefined {
  if (alternatives.length === 0) return undefined;
  let first: Mismatch | undefined;
  for (let i = 0; i < alternatives.length; i++) {
    const m = allOf(alternatives[i]!, ctx, action);
    if (!m) return undefined;
    first ??= m;
  }
  return first;
}

/**
 * ruleMismatch(...) === undefined, without building the Mismatch: decide asks only whether a rule
 * matches, and the trace recomputes the mismatches when someone reads it.
 */
export function ruleMatches(rule: CompiledRule, ctx: AuthzContext, action: AuthzAction): boolean {
  return anyHolds(rule.from, ctx, action) && anyHolds(rule.to, ctx, action) && allHold(rule.when, ctx, action);
}

function allHold(fields: readonly FieldMatcher[], ctx: AuthzContext, action: AuthzAction): boolean {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.httpOnly && !ctx.http) {
      if (action === 'DENY') continue;
      return false;
    }
    if (!f.holds(ctx)) return false;
  }
  return true;
}

function anyHolds(alternatives: readonly (readonly FieldMatcher[])[], ctx: AuthzContext, action: AuthzAction): boolean {
  if (alternatives.length === 0) return true;
  for (let i = 0; i < alternatives.length; i++) if (allHold(alternatives[i]!, ctx, action)) return true;
  return false;
}

/** For explain: what a matching rule's fields say about why they matched (path templates), joined; or ''. */
export function matchNote(rule: CompiledRule, ctx: AuthzContext): string {
  // Without HTTP a DENY rule's path fields were dropped, not matched: nothing to name.
  if (!rule.noted || !ctx.http) return '';
  const notes: string[] = [];
  const alt = rule.to.find((fields) => fields.every((f) => f.holds(ctx)));
  for (const f of alt ?? []) {
    const n = f.note?.(ctx);
    if (n) notes.push(n);
  }
  return notes.length ? ` (${notes.join('; ')})` : '';
}
