/**
 * AuthorizationPolicy evaluation in Istio's order (reference "Authorization Policy", 1.11+):
 * CUSTOM, then DENY, then ALLOW; AUDIT never changes the decision. Policies apply to a workload
 * from the root namespace (no selector: mesh-wide; with selector: matching pods everywhere) and
 * from its own namespace (no selector: every pod; with selector: matching pods).
 */
import type { ObjectRef, TraceEntry, Workload } from './model.js';
import type { AuthzContext } from './authz-context.js';
import { ruleMatches, type AuthzAction, type AuthzSpec, type CompiledRule } from './authz-policy.js';
import { atLeast, type MeshConfig, type Policy } from './config.js';
import { scopedPolicies, type ScopeCache } from './scoped-policies.js';
import { assertNever } from '../../errors.js';
import type { ExtAuthzProvider } from './ext-authz.js';

export type AuthzVerdict =
  | { verdict: 'allow'; policy?: ObjectRef; rule?: number; why: string }
  | { verdict: 'deny'; policy?: ObjectRef; rule?: number; why: string }
  /** A CUSTOM rule matched: the provider's authorizer decides first, then `then` applies (if it allows). */
  | { verdict: 'custom'; policy: ObjectRef; rule: number; provider: ExtAuthzProvider; then: AllowOrDeny }
  /** A CUSTOM rule matched but the mesh config could not be read. */
  | { verdict: 'custom-unknown'; policy: ObjectRef; provider?: string };

export type AllowOrDeny = Extract<AuthzVerdict, { verdict: 'allow' | 'deny' }>;

const cache: ScopeCache<AuthzSpec> = new WeakMap();
/**
 * One trace entry naming the policies whose selector misses the workload (F2), keyed by the
 * workload's cached policy list: computed with it, so a decision only pushes a shared object.
 */
const scopeOf = new WeakMap<Policy<AuthzSpec>[], TraceEntry>();

/** The policies that apply to `w`, root namespace first, each list in creation order. Cached per config. */
export function policiesFor(config: MeshConfig, w: Workload): Policy<AuthzSpec>[] {
  return scopedPolicies(cache, config, config.authz, w, noteMissed);
}

function noteMissed(list: Policy<AuthzSpec>[], missed: string): void {
  scopeOf.set(list, Object.freeze({ stage: 'authz-scope' as const, why: `not applied: ${missed}` }));
}

/** The trace entry naming the policies whose selector misses the workload, if any. */
export function scopeEntry(policies: Policy<AuthzSpec>[]): TraceEntry | undefined {
  return scopeOf.get(policies);
}

/** Which action a policy really has on this Istio version (older Istio had no such field). */
export function supported(config: MeshConfig, action: AuthzAction): boolean {
  switch (action) {
    case 'ALLOW':
      return true;
    case 'DENY':
      return atLeast(config, 1, 5);
    case 'AUDIT':
      return atLeast(config, 1, 8);
    case 'CUSTOM':
      return atLeast(config, 1, 9);
    default:
      return assertNever(action, 'authorization action');
  }
}

/** Shadow rules (`istio.io/dry-run`, Istio 1.10+): evaluated for the log only, never enforced. */
export function shadowed(config: MeshConfig, p: Policy<AuthzSpec>): boolean {
  return p.spec.dryRun && atLeast(config, 1, 10);
}

const ORDER: readonly AuthzAction[] = ['CUSTOM', 'DENY', 'ALLOW', 'AUDIT'];

/** What one workload's policies decide with, worked out once per cached policy list. */
interface Plan {
  /** Every policy in evaluation order (by action, creation order within one): the trace walks these. */
  ordered: readonly Policy<AuthzSpec>[];
  /**
   * The rules of the enforced CUSTOM, DENY and ALLOW policies, in creation order (AUDIT never
   * decides): one flat list each, allocated together, so a decision walks a few adjacent objects.
   */
  custom: readonly PlanRule[];
  deny: readonly PlanRule[];
  allow: readonly PlanRule[];
  /** How many ALLOW policies are enforced (a policy with no rules still counts). */
  allowCount: number;
  /**
   * The workload's one ext-authz provider, or why there is none (resolveProvider), from every
   * CUSTOM policy's provider, dry-run ones included (extauthz.go reads them all).
   */
  provider: ExtAuthzProvider | string | undefined;
}

const plans = new WeakMap<Policy<AuthzSpec>[], Plan>();

function planFor(config: MeshConfig, policies: Policy<AuthzSpec>[]): Plan {
  let plan = plans.get(policies);
  if (!plan) {
    const ordered = ORDER.flatMap((action) => policies.filter((p) => p.spec.action === action));
    const enforced = (action: AuthzAction) =>
      supported(config, action) ? ordered.filter((p) => p.spec.action === action && !shadowed(config, p)) : [];
    const rulesOf = (list: readonly Policy<AuthzSpec>[]): PlanRule[] =>
      list.flatMap((policy) => policy.spec.rules.map((compiled, i) => ({ policy, rule: i + 1, compiled })));
    plan = {
      ordered,
      custom: rulesOf(enforced('CUSTOM')),
      deny: rulesOf(enforced('DENY')),
      allow: rulesOf(enforced('ALLOW')),
      allowCount: enforced('ALLOW').length,
      provider: resolveProvider(
        config,
        supported(config, 'CUSTOM')
          ? policies.filter((p) => p.spec.action === 'CUSTOM').map((p) => p.spec.provider ?? '')
          : [],
      ),
    };
    plans.set(policies, plan);
  }
  return plan;
}

/** The workload's policies in evaluation order, as the trace lists them. */
export function inOrder(config: MeshConfig, policies: Policy<AuthzSpec>[]): readonly Policy<AuthzSpec>[] {
  return planFor(config, policies).ordered;
}

interface Hit {
  policy: Policy<AuthzSpec>;
  /** 1-based. */
  rule: number;
}

interface PlanRule extends Hit {
  compiled: CompiledRule;
}

/** The first matching rule of `rules` (the first policy with one, and its first). */
function firstHit(rules: readonly PlanRule[], ctx: AuthzContext, action: AuthzAction): Hit | undefined {
  for (let i = 0; i < rules.length; i++) if (ruleMatches(rules[i]!.compiled, ctx, action)) return rules[i];
  return undefined;
}

/**
 * The verdict alone; authzTrace (authz-trace.ts) lists every policy for explain. Only what can
 * change the verdict is evaluated, as Envoy runs it: a DENY filter's denial ends the filter chain
 * before the ALLOW filter (source/extensions/filters/http/rbac/rbac_filter.cc), an engine stops at
 * its first matching policy (source/extensions/filters/common/rbac/engine_impl.cc), and AUDIT
 * never decides.
 */
export function authorize(config: MeshConfig, w: Workload, ctx: AuthzContext): AuthzVerdict {
  const plan = planFor(config, policiesFor(config, w));
  const custom = firstHit(plan.custom, ctx, 'CUSTOM');
  const deny = firstHit(plan.deny, ctx, 'DENY');
  const after = denyOrAllow(deny, deny ? undefined : firstHit(plan.allow, ctx, 'ALLOW'), plan.allowCount);
  // 1. CUSTOM: a matching CUSTOM rule sends the request to the provider's external authorizer.
  if (!custom) return after;
  const resolved = plan.provider;
  const ref = custom.policy.ref;
  if (resolved === undefined) return { verdict: 'custom-unknown', policy: ref, provider: custom.policy.spec.provider };
  // A provider Istio cannot use makes the CUSTOM rules DENY rules (builder.go getBadCustomDenyRules).
  if (typeof resolved === 'string') {
    return {
      verdict: 'deny',
      policy: ref,
      rule: custom.rule,
      why: `CUSTOM policy ${ref.name} rule ${custom.rule} matches but ${resolved}: Istio denies what its rules match`,
    };
  }
  return { verdict: 'custom', policy: ref, rule: custom.rule, provider: resolved, then: after };
}

/** The workload's one provider (extauthz.go getExtAuthz), or why there is none. */
function resolveProvider(config: MeshConfig, names: readonly string[]): ExtAuthzProvider | string | undefined {
  const known = config.extAuthzProviders;
  if (!known) return undefined;
  const distinct = [...new Set(names)];
  if (distinct.length > 1)
    return `only 1 provider can be used per workload, found multiple providers: [${distinct.join(' ')}]`;
  const name = distinct[0] ?? '';
  if (name === '') return 'no provider specified in authorization policy';
  const p = known.get(name);
  if (!p) return `available providers are [${[...known.keys()].join(' ')}] but found "${name}"`;
  // model.LookupCluster: the service must be in the registry (`ns/host` or a unique host).
  const host = p.service.includes('/') ? p.service.slice(p.service.indexOf('/') + 1) : p.service;
  const ns = p.service.includes('/') ? p.service.slice(0, p.service.indexOf('/')) : undefined;
  const found = config.services.some(
    (s) => `${s.name}.${s.namespace}.svc.cluster.local` === host && (ns === undefined || s.namespace === ns),
  );
  if (!found) return `found errors in provider ${name}: could not find service ${p.service} in Istio service registry`;
  return p;
}

function denyOrAllow(deny: Hit | undefined, allow: Hit | undefined, allowCount: number): AllowOrDeny {
  // 2. DENY: any matching DENY policy denies, whatever ALLOW policies say.
  if (deny)
    return {
      verdict: 'deny',
      policy: deny.policy.ref,
      rule: deny.rule,
      why: `DENY policy ${deny.policy.ref.name} rule ${deny.rule} matches`,
    };
  // 3. No ALLOW policy applies to the workload: allow.
  if (allowCount === 0) return { verdict: 'allow', why: 'no ALLOW policy applies to this workload' };
  // 4. Some ALLOW policy matches: allow.
  if (allow)
    return {
      verdict: 'allow',
      policy: allow.policy.ref,
      rule: allow.rule,
      why: `ALLOW policy ${allow.policy.ref.name} rule ${allow.rule} matches`,
    };
  // 5. ALLOW policies apply but none matches: deny.
  return {
    verdict: 'deny',
    why: `${allowCount} ALLOW ${allowCount === 1 ? 'policy applies' : 'policies apply'} and none matches`,
  };
}
