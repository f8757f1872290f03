import type { Rule } from './rule.js';

/** Combinations the schema allows field by field but the engine cannot run unambiguously. */
export const stepShape: Rule = (lesson, report) => {
  lesson.steps.forEach((step, i) => {
    if (!step || typeof step !== 'object') return;
    const p = ['steps', i] as const;
    if (step.run !== undefined && step.apply !== undefined) {
      report(
        { path: [...p, 'apply'], key: true },
        'conflicting-fields',
        'a step has `run` or `apply`, not both; put the apply in a step of its own',
      );
    }
    if (step.stdin !== undefined && Array.isArray(step.run) && step.run.length > 1) {
      report(
        { path: [...p, 'stdin'], key: true },
        'conflicting-fields',
        '`stdin` feeds a single command, but `run` lists several; split the step',
      );
    }
    if (step.capture !== undefined && step.run === undefined) {
      report(
        { path: [...p, 'capture'], key: true },
        'conflicting-fields',
        '`capture` reads the output of `run`, but this step has no `run`',
      );
    }
  });
};
