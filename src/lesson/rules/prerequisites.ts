import { didYouMean } from '../did-you-mean.js';
import type { Rule } from './rule.js';

/** What is wrong with each `requires` entry, given every known lesson id. */
export function prerequisiteFindings(
  lessonId: unknown,
  requires: readonly unknown[],
  ids: ReadonlySet<string>,
): { index: number; message: string }[] {
  const out: { index: number; message: string }[] = [];
  requires.forEach((id, index) => {
    if (typeof id !== 'string') return; // the schema reports it
    if (id === lessonId) out.push({ index, message: 'a lesson cannot require itself' });
    else if (!ids.has(id)) {
      const guess = didYouMean(id, [...ids]);
      out.push({ index, message: `no lesson has the id \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}` });
    }
  });
  return out;
}

/** Each `requires` entry must name a lesson in the set (checked only when the set is known). */
export const prerequisites: Rule = (lesson, report, ctx) => {
  if (!ctx.lessonIds || !Array.isArray(lesson.requires)) return;
  for (const f of prerequisiteFindings(lesson.id, lesson.requires, ctx.lessonIds))
    report({ path: ['requires', f.index] }, 'unknown-prerequisite', f.message);
};
