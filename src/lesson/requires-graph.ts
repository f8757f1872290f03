/**
 * `requires` must form no cycle, or no learner could ever start those lessons. A cycle is
 * reported in each of its lessons, at the `requires` entry that leads to the next one.
 * Ids must be unique in `nodes` (the loader passes the first lesson of each id).
 */
import type { Problem } from './problem.js';
import type { Lesson } from './schema.js';

export type RequiresNode = { lesson: Lesson; file: string; requiresAt(index: number): { line: number; col: number } };

export function requiresCycles(nodes: readonly RequiresNode[]): Problem[] {
  const byId = new Map(nodes.map((n) => [n.lesson.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const problems: Problem[] = [];
  const visit = (node: RequiresNode): void => {
    state.set(node.lesson.id, 'visiting');
    stack.push(node.lesson.id);
    (node.lesson.requires ?? []).forEach((dep) => {
      const next = byId.get(dep);
      if (!next || dep === node.lesson.id) return; // unknown or self: reported by the prerequisites rule
      const s = state.get(dep);
      if (s === 'visiting') {
        // Every lesson on the cycle gets the problem: none of them could ever be started.
        const members = stack.slice(stack.indexOf(dep));
        const cycle = [...members, dep].join(' → ');
        members.forEach((id, k) => {
          const m = byId.get(id) as RequiresNode;
          const to = members[(k + 1) % members.length];
          const at = (m.lesson.requires ?? []).indexOf(to as string);
          problems.push({
            file: m.file,
            ...m.requiresAt(at),
            code: 'prerequisite-cycle',
            message: `prerequisites form a cycle: ${cycle}; remove one of these requires`,
          });
        });
      } else if (s === undefined) visit(next);
    });
    stack.pop();
    state.set(node.lesson.id, 'done');
  };
  for (const n of nodes) if (!state.has(n.lesson.id)) visit(n);
  return problems;
}
