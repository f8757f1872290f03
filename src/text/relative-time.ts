/**
 * A span of time as a person says it, rounded to its largest unit: `45 s`, `10 min`, `3 h`,
 * `2 d`. For token lifetimes ("expired 3 h ago", "valid for 2 h").
 */
export function spanWords(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.round(s / 3600);
  if (h < 24) return `${h} h`;
  return `${Math.round(s / 86_400)} d`;
}
