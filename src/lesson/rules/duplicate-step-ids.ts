import type { Rule } from './rule.js';

/** Progress is saved by step id, so two steps with one id would share their "done" mark. */
export const duplicateStepIds: Rule = (lesson, report) => {
  const first = new Map<string, number>();
  lesson.steps.forEach((step, i) => {
    if (typeof step?.id !== 'string') return;
    const seen = first.get(step.id);
    if (seen === undefined) first.set(step.id, i);
    else
      report(
        { path: ['steps', i, 'id'] },
        'duplicate-step-id',
        `step id \`${step.id}\` is already used by step ${seen + 1}; step ids must be unique`,
      );
  });
};
