/**
 * The order `check` runs lessons in: prerequisites first. Selecting lessons pulls in what they
 * require (transitively), in the same simulated cluster, unless they were selected themselves.
 */
import type { Lesson } from '../lesson/schema.js';

export type Ordered<T> = { ok: true; order: T[]; pulledIn: string[] } | { ok: false; message: string };

/**
 * `all` is every known lesson; `selected` the ids asked for (empty = all). Ties keep the given
 * order. Unknown ids and cycles are messages.
 */
export function lessonOrder<T extends { lesson: Lesson }>(all: readonly T[], selected: readonly string[]): Ordered<T> {
  const byId = new Map(all.map((x) => [x.lesson.id, x]));
  const unknown = selected.filter((id) => !byId.has(id));
  if (unknown.length > 0)
    return { ok: false, message: `no lesson ${unknown.map((u) => `"${u}"`).join(', ')} (see meshwalk list)` };
  const wanted = selected.length > 0 ? selected : all.map((x) => x.lesson.id);
  const order: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const pulledIn: string[] = [];
  const visit = (id: string, path: string[]): string | undefined => {
    const s = state.get(id);
    if (s === 'done') return undefined;
    if (s === 'visiting') return `lessons require each other in a cycle: ${[...path, id].join(' -> ')}`;
    const item = byId.get(id);
    if (!item) return `lesson "${path.at(-1)}" requires "${id}", which does not exist`;
    state.set(id, 'visiting');
    for (const req of item.lesson.requires ?? []) {
      const err = visit(req, [...path, id]);
      if (err) return err;
    }
    state.set(id, 'done');
    order.push(item);
    if (!wanted.includes(id)) pulledIn.push(id);
    return undefined;
  };
  for (const id of wanted) {
    const err = visit(id, []);
    if (err) return { ok: false, message: err };
  }
  return { ok: true, order, pulledIn };
}

/**
 * When each lesson's cleanup runs in a `check` over `order` (prerequisites first): a lesson's
 * cleanup waits until every later lesson that requires it (directly or through another) has
 * finished, since those may rely on what it left behind; then cleanups run newest first.
 * `after[k]` lists the indexes whose cleanup runs once lesson `k` is over, in that order
 * (`k` itself first when nothing later needs it).
 */
export function cleanupSchedule(order: readonly { lesson: Lesson }[]): number[][] {
  const index = new Map(order.map((x, i) => [x.lesson.id, i]));
  // lastUse[i]: the last lesson in the run that needs lesson i (itself when none does).
  const lastUse = order.map((_, i) => i);
  const needs = (j: number, seen = new Set<number>()): Set<number> => {
    for (const id of order[j]?.lesson.requires ?? []) {
      const i = index.get(id);
      if (i === undefined || seen.has(i)) continue;
      seen.add(i);
      needs(i, seen);
    }
    return seen;
  };
  order.forEach((_, j) => {
    for (const i of needs(j)) if (i < j) lastUse[i] = Math.max(lastUse[i] ?? i, j);
  });
  const after: number[][] = order.map(() => []);
  for (let i = order.length - 1; i >= 0; i--) after[lastUse[i] ?? i]?.push(i);
  return after;
}
