import { KeyRefused, steer } from './room-fetch.js';
import { renderFunnel } from './funnel.js';
import { currentKey, setKey, takeKeyFromAddress } from './key.js';
import { setupLargeText } from './large-text.js';
import { lessonFromAddress, rememberLesson, renderLessonFilter } from './lesson-filter.js';
import { renderParticipants } from './participants-table.js';
import { renderSteering } from './steering-view.js';
import { followStream } from './stream.js';
import { createStuckAnnouncer } from './stuck-announcer.js';

// The page's wiring: the key, the live stream, and what each control sends.
const byId = (id) => document.getElementById(id);
const connection = byId('connection');
const steering = {
  paceState: byId('pace-state'),
  paceToggle: byId('pace-toggle'),
  lessonLocks: byId('lesson-locks'),
  broadcastLast: byId('broadcast-last'),
};
const feedback = byId('steer-feedback');
const announceStuck = createStuckAnnouncer(byId('announcer'));

let lesson = lessonFromAddress();
let latest;
let stopStream = () => {};

const STATUS_WORDS = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' };

function showStatus(status, why = '') {
  connection.textContent = why ? `${STATUS_WORDS[status]} (${why})` : STATUS_WORDS[status];
  connection.className = `connection connection-${status}`;
}

function askForKey(reason) {
  stopStream();
  byId('room').hidden = true;
  byId('key-prompt').hidden = false;
  byId('key-message').textContent =
    reason === 'refused'
      ? 'The room server refused this key. Paste the key meshwalk room printed (or the whole dashboard link).'
      : 'This page needs the instructor key. Open the dashboard link meshwalk room printed, or paste the key here.';
  showStatus('connecting');
  connection.textContent = 'not connected';
  byId('key-input').focus();
}

function show(state) {
  latest = state;
  renderLessonFilter(byId('lesson-filter'), state, lesson);
  renderParticipants(byId('participants'), state, {
    onSuggestReset: (row) =>
      send({ action: 'suggest-reset', participant: row.id }, `Suggested a reset to ${row.name}.`),
  });
  renderFunnel(byId('funnel'), state);
  renderSteering(steering, state.steering, state.lessons, (request) => send(request, doneText(request)));
  announceStuck(state);
}

/** Sends a steering request and shows the outcome; resolves to whether the server took it. */
async function send(request, done) {
  feedback.textContent = 'Sending…';
  try {
    const next = await steer(request);
    if (latest) show({ ...latest, steering: next });
    feedback.textContent = done;
    return true;
  } catch (error) {
    if (error instanceof KeyRefused) askForKey('refused');
    else feedback.textContent = error instanceof Error ? error.message : String(error);
    return false;
  }
}

function doneText(request) {
  switch (request.action) {
    case 'pace':
      return request.paced ? 'Instructor-paced is on.' : 'Instructor-paced is off.';
    case 'unlock':
      return `Unlocked ${request.lesson}.`;
    case 'lock':
      return `Locked ${request.lesson}.`;
    default:
      return 'Done.';
  }
}

function start() {
  stopStream();
  if (!currentKey()) return askForKey('missing');
  byId('key-prompt').hidden = true;
  byId('room').hidden = false;
  stopStream = followStream({ lesson, onState: show, onStatus: showStatus, onRefused: () => askForKey('refused') });
}

byId('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId('key-input');
  setKey(input.value);
  input.value = '';
  start();
});
byId('lesson-filter').addEventListener('change', (event) => {
  lesson = event.target.value;
  rememberLesson(lesson);
  start();
});
byId('broadcast-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId('broadcast-text');
  const text = input.value.trim();
  if (!text) return;
  void send({ action: 'broadcast', text }, 'Sent to everyone.').then((sent) => {
    if (sent) input.value = '';
  });
});
setupLargeText(byId('large-text'));
takeKeyFromAddress();
start();
