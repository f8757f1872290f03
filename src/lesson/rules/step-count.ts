import { MAX_STEPS } from '../limits.js';
import type { Rule } from './rule.js';

/** At most MAX_STEPS steps: split a longer lesson into lessons chained with `requires:`. */
export const stepCount: Rule = (lesson, report) => {
  if (!Array.isArray(lesson.steps) || lesson.steps.length <= MAX_STEPS) return;
  report(
    { path: ['steps'], key: true },
    'too-many-steps',
    `the lesson has ${lesson.steps.length} steps, over the limit of ${MAX_STEPS}; ` +
      'split it into lessons chained with `requires:`',
  );
};
