import { didYouMean } from '../did-you-mean.js';
import type { Rule } from './rule.js';

/** Each `requires` entry must name a lesson in the set (checked only when the set is known). */
export const prerequisites: Rule = (lesson, report, ctx) => {
  if (!ctx.lessonIds || !Array.isArray(lesson.requires)) return;
  const ids = [...ctx.lessonIds];
  lesson.requires.forEach((id, i) => {
    if (id === lesson.id) {
      report({ path: ['requires', i] }, 'unknown-prerequisite', 'a lesson cannot require itself');
    } else if (!ctx.lessonIds?.has(id)) {
      const guess = didYouMean(id, ids);
      report({ path: ['requires', i] }, 'unknown-prerequisite', `no lesson has the id \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`);
    }
  });
};
