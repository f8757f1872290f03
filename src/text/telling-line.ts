/**
 * The one line of a command's output that names the problem. Tools often end with advice rather
 * than the cause: kubectl's resource-mapping error ends "ensure CRDs are installed first" after
 * the "no matches for kind …" line, a usage error ends "See 'kubectl get --help' for usage.", and
 * klog warnings (`W1202 …`) can follow the error. Those lines are passed over.
 */
const ADVICE: readonly RegExp[] = [
  /^ensure CRDs are installed first$/,
  /^See '.*' for usage\.$/,
  /^Run '.*' for (usage|more information)/,
  /^[IW]\d{4} \d\d:\d\d:\d\d\.\d+ /, // klog info and warning lines
  /^Warning: /,
];

/** The last line of `s` that is not advice or a warning (else its last line), at most `max` columns. */
export function tellingLine(s: string, max = 120): string {
  const lines = s
    .trimEnd()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line = [...lines].reverse().find((l) => !ADVICE.some((a) => a.test(l))) ?? lines.at(-1) ?? '';
  return middleCut(line, max);
}

/**
 * Long error lines put the cause last ("resource mapping not found for name: … from "STDIN": no
 * matches for kind …"), so a line too long to show keeps its start and its end.
 */
function middleCut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = Math.floor(max / 3);
  return `${s.slice(0, head)}…${s.slice(s.length - (max - head - 1))}`;
}
