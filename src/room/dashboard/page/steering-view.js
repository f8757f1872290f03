import { el, replaceKeepingFocus } from './dom.js';

/**
 * Shows what the instructor has set (pacing, which lessons are unlocked, the last broadcast) and
 * draws a lock/unlock button per lesson. `onSteer(SteerRequest)` sends a change.
 */
export function renderSteering(parts, steering, lessons, onSteer) {
  parts.paceState.textContent = steering.paced
    ? 'Instructor-paced: on. Participants can open only the unlocked lessons.'
    : 'Instructor-paced: off. Participants can open any lesson.';
  parts.paceToggle.textContent = steering.paced ? 'Turn instructor-paced off' : 'Turn instructor-paced on';
  parts.paceToggle.onclick = () => onSteer({ action: 'pace', paced: !steering.paced });
  const unlocked = new Set(steering.unlocked);
  replaceKeepingFocus(
    parts.lessonLocks,
    lessons.map((lesson) => {
      const open = unlocked.has(lesson.id);
      return el('li', {}, [
        `${lesson.title}: `,
        el('strong', { text: open ? 'unlocked' : 'locked' }),
        ' ',
        el('button', {
          type: 'button',
          text: open ? 'Lock' : 'Unlock',
          'aria-label': `${open ? 'Lock' : 'Unlock'} ${lesson.title}`,
          'data-focus-key': `lock:${lesson.id}`,
          onclick: () => onSteer({ action: open ? 'lock' : 'unlock', lesson: lesson.id }),
        }),
      ]);
    }),
  );
  parts.broadcastLast.textContent = steering.broadcast
    ? `Last message to everyone: ${steering.broadcast.text}`
    : 'No message sent yet.';
}
