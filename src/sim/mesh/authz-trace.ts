/**
 * The AuthorizationPolicy stage of a decision trace: one entry per policy that applies to the
 * workload, in evaluation order, with the rule that matched or, rule by rule, the field that did
 * not. authorize (authz.ts) decides without it; decide asks for it only when the trace is read,
 * so a caller that wants just the outcome never builds the mismatches or their text.
 */
import type { Mismatch, Stage, TraceEntry, Workload } from './model.js';
import type { AuthzContext } from './authz-context.js';
import { matchNote, ruleMismatch, type AuthzAction } from './authz-policy.js';
import type { MeshConfig } from './config.js';
import { inOrder, policiesFor, scopeEntry, shadowed, supported } from './authz.js';

const stageOf: Record<AuthzAction, Stage> = {
  CUSTOM: 'authz-custom',
  DENY: 'authz-deny',
  ALLOW: 'authz-allow',
  AUDIT: 'authz-audit',
};

export function authzTrace(config: MeshConfig, w: Workload, ctx: AuthzContext): TraceEntry[] {
  const trace: TraceEntry[] = [];
  const policies = policiesFor(config, w);
  const scope = scopeEntry(policies);
  if (scope) trace.push(scope);
  for (const p of inOrder(config, policies)) {
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
    if (shadowed(config, p)) {
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
    const mismatches: (Mismatch | undefined)[] = [];
    let hit = 0;
    for (let i = 0; i < rules.length && !hit; i++) {
      const m = ruleMismatch(rules[i]!, ctx, action);
      if (!m) hit = i + 1;
      else mismatches.push(m);
    }
    if (hit) {
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
  return trace;
}
