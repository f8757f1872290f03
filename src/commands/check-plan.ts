/**
 * Which lessons `check` runs on which Istio: the instructor's question is "do my lessons work
 * on the Istio I will teach with". On the simulated cluster each version gets a fresh cluster:
 * `--istio 1.Y` runs every lesson on 1.Y; by default each lesson runs on the newest version it
 * declares in `istio:`; `--istio all` runs each lesson on every version it declares. A real
 * cluster runs the Istio it has.
 */
import { lessonOrder } from '../engine/lesson-order.js';
import type { Lesson } from '../lesson/schema.js';
import { istioMinor, parseIstioVersion } from '../sim/versions.js';

export interface CheckPlan<T> {
  /** The simulated cluster's Istio; undefined on a real cluster. */
  istio?: string;
  /** Prerequisites first. */
  order: T[];
  /** Prerequisites not asked for, run because a lesson needs them. */
  pulledIn: string[];
  /** Lessons run on this version although their `istio:` does not list it (`--istio 1.Y`). */
  undeclared: string[];
}

export type Plans<T> = { ok: true; plans: CheckPlan<T>[]; problems: string[] } | { ok: false; message: string };

/** `istio`: a version, `all`, or undefined (each lesson's newest). `sim`: false on a real cluster. */
export function checkPlans<T extends { lesson: Lesson }>(
  all: readonly T[],
  selected: readonly string[],
  istio: string | undefined,
  sim: boolean,
): Plans<T> {
  if (!sim) {
    if (istio !== undefined)
      return {
        ok: false,
        message: '--istio works on the simulated cluster only (a real cluster runs the Istio it has)',
      };
    const o = lessonOrder(all, selected);
    return o.ok ? { ok: true, plans: [{ order: o.order, pulledIn: o.pulledIn, undeclared: [] }], problems: [] } : o;
  }
  const first = lessonOrder(all, selected);
  if (!first.ok) return first;
  const wanted = selected.length > 0 ? first.order.filter((x) => selected.includes(x.lesson.id)) : first.order;

  if (istio !== undefined && istio !== 'all') {
    const v = parseIstioVersion(istio);
    if ('error' in v) return { ok: false, message: `--istio: ${v.error} (or give --istio all)` };
    const undeclared = first.order.filter((x) => !x.lesson.istio.includes(v.version)).map((x) => x.lesson.id);
    return {
      ok: true,
      plans: [{ istio: v.version, order: first.order, pulledIn: first.pulledIn, undeclared }],
      problems: [],
    };
  }

  // Version -> the lessons to run on it.
  const byVersion = new Map<string, string[]>();
  for (const x of wanted) {
    const versions = istio === 'all' ? x.lesson.istio : [newest(x.lesson.istio)];
    for (const v of versions) byVersion.set(v, [...(byVersion.get(v) ?? []), x.lesson.id]);
  }
  const plans: CheckPlan<T>[] = [];
  const problems: string[] = [];
  for (const [version, ids] of [...byVersion].sort(([a], [b]) => (istioMinor(a) ?? 0) - (istioMinor(b) ?? 0))) {
    const v = parseIstioVersion(version);
    if ('error' in v) {
      problems.push(`meshwalk check: ${ids.join(', ')}: ${v.error}; not checked on it`);
      continue;
    }
    const o = lessonOrder(all, ids);
    if (!o.ok) return o;
    plans.push({ istio: v.version, order: o.order, pulledIn: o.pulledIn, undeclared: [] });
  }
  return { ok: true, plans, problems };
}

function newest(versions: readonly string[]): string {
  return [...versions].sort((a, b) => (istioMinor(b) ?? 0) - (istioMinor(a) ?? 0))[0] ?? '';
}
