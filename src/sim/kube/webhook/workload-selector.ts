/**
 * validateWorkloadSelector (pkg/config/validation/validation.go, 1.22.0-1.31.0-rc.0), shared by istiod's
 * webhook and istioctl analyze: an empty label key or a wildcard in a selector label is an error, a
 * selector without labels a warning.
 */
export function workloadSelectorProblems(selector: { matchLabels?: Record<string, string> } | undefined) {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!selector) return { errors, warnings };
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (k === '') errors.push(`empty key is not supported in selector: ${JSON.stringify(`${k}=${v}`)}`);
    if (!k.includes('*') && !v.includes('*')) continue;
    errors.push(`wildcard is not supported in selector: ${JSON.stringify(`${k}=${v}`)}`);
  }
  if (Object.keys(selector.matchLabels ?? {}).length === 0) warnings.push('workload selector specified without labels');
  return { errors, warnings };
}
