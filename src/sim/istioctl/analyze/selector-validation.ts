/**
 * validateWorkloadSelector (pkg/config/validation/validation.go), shared by the policy schema checks: a
 * wildcard in a selector label is an error, a selector without labels a warning.
 */
export function workloadSelectorProblems(selector: { matchLabels?: Record<string, string> } | undefined) {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!selector) return { errors, warnings };
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (!k.includes('*') && !v.includes('*')) continue;
    errors.push(`wildcard is not supported in selector: ${JSON.stringify(`${k}=${v}`)}`);
  }
  if (Object.keys(selector.matchLabels ?? {}).length === 0) warnings.push('workload selector specified without labels');
  return { errors, warnings };
}
