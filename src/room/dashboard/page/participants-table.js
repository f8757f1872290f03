import { stepCell } from './cells.js';
import { el, replaceKeepingFocus } from './dom.js';
import { clockTime, count, stepLabel } from './format.js';

/** Stuck participants first; otherwise the server's order (by name). */
export function stuckFirst(participants) {
  return [...participants].sort((a, b) => Number(b.stuck) - Number(a.stuck));
}

/**
 * The room as a table a screen reader can walk: a caption, one column header per step of the
 * shown lesson, one row header per participant. `onSuggestReset(row)` runs when a row's button is
 * pressed.
 */
export function renderParticipants(table, state, { onSuggestReset }) {
  const steps = state.lesson?.steps ?? [];
  const people = stuckFirst(state.participants);
  const stuck = people.filter((p) => p.stuck).length;
  const where = state.lesson ? `in ${state.lesson.title}` : 'in the room';
  const caption = el('caption', {
    text: `Participants ${where}: ${count(people.length, 'participant')}, ${stuck} stuck`,
  });
  const head = el('thead', {}, [
    el('tr', {}, [
      el('th', { scope: 'col', text: 'Participant' }),
      el('th', { scope: 'col', text: 'Where' }),
      el('th', { scope: 'col', text: 'Actions' }),
      ...steps.map((step, i) => el('th', { scope: 'col', className: 'step', text: stepLabel(step, i) })),
    ]),
  ]);
  const rows = people.map((row) =>
    el('tr', { className: row.stuck ? 'row-stuck' : undefined, 'data-participant': row.id }, [
      el('th', { scope: 'row', text: row.name }),
      whereCell(row, state),
      el('td', {}, [
        el('button', {
          type: 'button',
          text: 'Suggest reset',
          'aria-label': `Suggest reset to ${row.name}`,
          title: 'Suggest running meshwalk reset',
          'data-focus-key': `reset:${row.id}`,
          onclick: () => onSuggestReset(row),
        }),
      ]),
      ...steps.map((step) => stepCell(row.cells[step.id] ?? 'pending')),
    ]),
  );
  if (rows.length === 0) {
    rows.push(el('tr', {}, [el('td', { colspan: steps.length + 3, text: 'No one has joined yet.' })]));
  }
  replaceKeepingFocus(table, [caption, head, el('tbody', {}, rows)]);
}

/** Stuck (in words) or where the participant is, since when, and the last failure line. */
function whereCell(row, state) {
  const stepTitle = state.lesson?.steps.find((s) => s.id === row.step)?.title ?? row.step;
  const lessonTitle = state.lessons.find((l) => l.id === row.lesson)?.title ?? row.lesson;
  const inOther = state.lesson && row.lesson && row.lesson !== state.lesson.id;
  const parts = [];
  if (row.stuck) parts.push(el('strong', { className: 'stuck-word', text: 'stuck' }), ' ');
  if (inOther) parts.push(`in ${lessonTitle}`);
  else if (stepTitle) parts.push(`on ${stepTitle}`);
  else parts.push(row.lesson ? `in ${lessonTitle}` : 'joined');
  // A time of day, not "for 3 min": the page redraws only when the room changes, so a duration would go stale.
  if (row.stepSince !== undefined && !inOther) parts.push(` since ${clockTime(row.stepSince)}`);
  if (row.failures > 0) parts.push(`, ${count(row.failures, 'failed attempt')}`);
  if (row.hintsUsed > 0) parts.push(`, ${count(row.hintsUsed, 'hint')}`);
  if (row.lastFailure) parts.push(el('span', { className: 'failure', text: row.lastFailure }));
  return el('td', { className: 'where' }, parts);
}
