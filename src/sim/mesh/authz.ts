/**
 * AuthorizationPolicy evaluation in Istio's order (reference "Authorization Policy", 1.11+):
 * CUSTOM, then DENY, then ALLOW; AUDIT never changes the decision. Policies apply to a workload
 * from the root namespace (no selector: mesh-wide; with selector: matching pods everywhere) and
 * from its own namespace (no selector: every pod; with selector: matching pods).
 */
import type { ObjectRef, TraceEntry, Workload, Mismatch, Stage } from './model.js';
import type { AuthzContext } from './authz-context.js';
import { matchNote, ruleMismatch, type AuthzAction, type AuthzSpec } from './authz-policy.js';
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

/** Which action a policy really has on this Istio version (older Istio had no such field). */
function supported(config: MeshConfig, action: AuthzAction): boolean {
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

const stageOf: Record<AuthzAction, Stage> = {
  CUSTOM: 'authz-custom',
  DENY: 'authz-deny',
  ALLOW: 'authz-allow',
  AUDIT: 'authz-audit',
};

const ORDER: readonly AuthzAction[] = ['CUSTOM', 'DENY', 'ALLOW', 'AUDIT'];

/** A workload's policies in evaluation order (by action, creation order within one), kept with its cached list. */
const ordered = new WeakMap<Policy<AuthzSpec>[], Policy<AuthzSpec>[]>();

function inOrder(policies: Policy<AuthzSpec>[]): Policy<AuthzSpec>[] {
  let list = ordered.get(policies);
  if (!list) {
    list = ORDER.flatMap((action) => policies.filter((p) => p.spec.action === action));
    ordered.set(policies, list);
  }
  return list;
}

export function authorize(config: MeshConfig, w: Workload, ctx: AuthzContext, trace: TraceEntry[]): AuthzVerdict {
  const matched: Partial<Record<AuthzAction, { policy: Policy<AuthzSpec>; rule: number }>> = {};
  let allowCount = 0;
  const policies = policiesFor(config, w);
  const scope = scopeOf.get(policies);
  if (scope) trace.push(scope);
  const evaluated = inOrder(policies);
  for (let pi = 0; pi < evaluated.length; pi++) {
    const p = evaluated[pi]!;
    const action = p.spec.action;
    if (!supported(config, action)) {
      trace.push({
        stage: stageOf[action],
        policy: p.ref,
        matched: false,
        why: `action ${action} does not exist in Istio ${config.version.join('.')}; policy has no effect`,
      });
      continue;
    }
    const rules = p.spec.rules;
    if (p.spec.dryRun && atLeast(config, 1, 10)) {
      // Shadow rules: evaluated for the log line only; the enforced decision ignores the policy.
      const hit = rules.findIndex((r) => !ruleMismatch(r, ctx, action)) + 1;
      trace.push({
        stage: stageOf[action],
        policy: p.ref,
        rule: hit || undefined,
        matched: hit > 0,
        dryRun: true,
        why: `dry-run (istio.io/dry-run): ${hit ? `rule ${hit} would match (shadow ${action === 'DENY' ? 'denied' : 'allowed'})` : 'no rule would match'}; not enforced`,
      });
      continue;
    }
    if (action === 'ALLOW') allowCount++;
    const mismatches: (Mismatch | undefined)[] = [];
    let hit = 0;
    for (let i = 0; i < rules.length && !hit; i++) {
      const m = ruleMismatch(rules[i]!, ctx, action);
      if (!m) hit = i + 1;
      else mismatches.push(m);
    }
    if (hit) {
      matched[action] ??= { policy: p, rule: hit };
      trace.push({
        stage: stageOf[action],
        policy: p.ref,
        rule: hit,
        matched: true,
        why: `rule ${hit} matches${matchNote(rules[hit - 1]!, ctx)}`,
      });
    } else {
      trace.push({
        stage: stageOf[action],
        policy: p.ref,
        matched: false,
        why: rules.length === 0 ? 'no rules: matches nothing' : 'no rule matches',
        mismatches,
      });
    }
  }
  const after = denyOrAllow(matched, allowCount);
  // 1. CUSTOM: a matching CUSTOM rule sends the request to the provider's external authorizer.
  const custom = matched.CUSTOM;
  if (!custom) return after;
  const customs = policies.filter((p) => p.spec.action === 'CUSTOM' && supported(config, 'CUSTOM'));
  const resolved = resolveProvider(
    config,
    customs.map((p) => p.spec.provider ?? ''),
  );
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

function denyOrAllow(
  matched: Partial<Record<AuthzAction, { policy: Policy<AuthzSpec>; rule: number }>>,
  allowCount: number,
): AllowOrDeny {
  // 2. DENY: any matching DENY policy denies, whatever ALLOW policies say.
  const deny = matched.DENY;
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
  const allow = matched.ALLOW;
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
