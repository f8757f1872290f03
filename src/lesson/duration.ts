/**
 * A lesson duration in milliseconds: a number is seconds (`timeout: 30`), a string carries its
 * unit (`500ms`, `30s`, `2m`), matching `Duration` in schema.ts. Throws a RangeError on
 * anything else: the schema has already rejected it, so reaching here is a bug.
 */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

export function parseDuration(d: number | string): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d) || d <= 0) throw new RangeError(`not a duration: ${d}`);
    return Math.round(d * 1_000);
  }
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(d.trim());
  if (!m) throw new RangeError(`not a duration: ${JSON.stringify(d)} (use 500ms, 30s or 2m)`);
  const value = Number(m[1]);
  const unit = m[2] as keyof typeof UNIT_MS;
  const ms = Math.round(value * UNIT_MS[unit]);
  if (ms <= 0) throw new RangeError(`not a duration: ${JSON.stringify(d)} (must be more than zero)`);
  return ms;
}
