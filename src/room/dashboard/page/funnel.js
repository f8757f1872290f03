import { el, replaceKeepingFocus } from './dom.js';
import { formatDuration, stepLabel } from './format.js';

/**
 * Per step of the shown lesson: how many passed it, of those who are in the lesson or have done
 * any of it (someone who finished and moved on still counts), and the median time to pass.
 */
export function renderFunnel(table, state) {
  const steps = state.lesson?.steps ?? [];
  const inLesson = state.participants.filter(
    (p) => p.lesson === state.lesson?.id || Object.values(p.cells).some((status) => status !== 'pending'),
  ).length;
  const byStep = new Map(state.funnel.map((f) => [f.step, f]));
  const rows = steps.map((step, i) => {
    const entry = byStep.get(step.id) ?? { passed: 0 };
    return el('tr', {}, [
      el('th', { scope: 'row', text: stepLabel(step, i) }),
      el('td', {}, [
        el('progress', { max: Math.max(inLesson, 1), value: entry.passed, 'aria-hidden': 'true' }),
        ` ${entry.passed} of ${inLesson}`,
      ]),
      el('td', { text: formatDuration(entry.medianMs) }),
    ]);
  });
  replaceKeepingFocus(table, [
    el('caption', { text: 'Steps: how many passed, and the median time to pass' }),
    el('thead', {}, [
      el('tr', {}, [
        el('th', { scope: 'col', text: 'Step' }),
        el('th', { scope: 'col', text: 'Passed' }),
        el('th', { scope: 'col', text: 'Median time' }),
      ]),
    ]),
    el('tbody', {}, rows),
  ]);
}
