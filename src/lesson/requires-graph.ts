/**
 * `requires` must form no cycle, or no learner could ever start those lessons. Each cycle is
 * reported once, at the `requires` entry that closes it.
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
    (node.lesson.requires ?? []).forEach((dep, i) => {
      const next = byId.get(dep);
      if (!next || dep === node.lesson.id) return; // unknown or self: reported by the prerequisites rule
      const s = state.get(dep);
      if (s === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep].join(' → ');
        problems.push({ file: node.file, ...node.requiresAt(i), code: 'prerequisite-cycle', message: `prerequisites form a cycle: ${cycle}; remove one of these requires` });
      } else if (s === undefined) visit(next);
    });
    stack.pop();
    state.set(node.lesson.id, 'done');
  };
  for (const n of nodes) if (!state.has(n.lesson.id)) visit(n);
  return problems;
}
