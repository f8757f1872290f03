/**
 * Label sets as the analyzers use them: k8s.io/apimachinery's `labels.SelectorFromSet(m)`, whose
 * String() lists `key=value` sorted by key and joined by commas, and which an empty set matches all.
 */
export type Labels = Readonly<Record<string, string>>;

export function selectorString(set: Labels | undefined): string {
  return Object.keys(set ?? {})
    .sort()
    .map((k) => `${k}=${set?.[k] ?? ''}`)
    .join(',');
}

export function selectorMatches(set: Labels | undefined, labels: Labels | undefined): boolean {
  return Object.entries(set ?? {}).every(([k, v]) => labels?.[k] === v);
}
