import { el } from './dom.js';

/**
 * Each step status as a word and a colour class: the word is what a reader (and a colour-blind
 * one) goes by; the colour only helps the eye find it. Pending shows a dash and says "pending" to
 * screen readers.
 */
const LOOK = {
  passed: { word: 'passed', className: 'cell-passed' },
  failed: { word: 'failed', className: 'cell-failed' },
  running: { word: 'running', className: 'cell-running' },
  skipped: { word: 'skipped', className: 'cell-skipped' },
  pending: { word: 'pending', className: 'cell-pending' },
};

export function stepCell(status) {
  const look = LOOK[status] ?? LOOK.pending;
  if (look === LOOK.pending) {
    return el('td', { className: `cell ${look.className}` }, [
      el('span', { 'aria-hidden': 'true', text: '—' }),
      el('span', { className: 'visually-hidden', text: look.word }),
    ]);
  }
  return el('td', { className: `cell ${look.className}`, text: look.word });
}
