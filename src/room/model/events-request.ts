import { MAX_EVENTS_PER_POST, MAX_REASON_CHARS, type RoomEvent, type RoomEventBody } from '../protocol.js';
import { isId, oneLine } from './clean-text.js';
import { invalid, isCount, isRecord, valid, type Checked } from './validation.js';

/** An outcome of lesson-finished: a short word (the engine's are passed, failed, quit). */
const OUTCOME = /^[a-z][a-z-]{0,19}$/;

/**
 * Checks POST /api/events: `{events: RoomEvent[]}` with 1 to MAX_EVENTS_PER_POST events, each
 * of a known type with exactly the fields it needs (others are dropped, so a `participant`
 * field cannot name another stream: the token decides whose stream it is).
 */
export function checkEvents(body: unknown): Checked<RoomEvent[]> {
  if (!isRecord(body) || !Array.isArray(body.events)) return invalid('the body must be a JSON object {events: [...]}');
  const { events } = body;
  if (events.length === 0) return invalid('events is empty');
  if (events.length > MAX_EVENTS_PER_POST)
    return invalid(`at most ${MAX_EVENTS_PER_POST} events in one request, not ${events.length}`);
  const out: RoomEvent[] = [];
  for (const [i, raw] of events.entries()) {
    const one = checkEvent(raw);
    if (!one.ok) return invalid(`events[${i}]: ${one.error}`);
    out.push(one.value);
  }
  return valid(out);
}

function checkEvent(raw: unknown): Checked<RoomEvent> {
  if (!isRecord(raw)) return invalid('must be an object');
  const { seq, at } = raw;
  if (!isCount(seq, 1)) return invalid('seq must be a whole number from 1');
  if (!isCount(at)) return invalid('at must be a time in ms since the epoch');
  const body = checkBody(raw);
  return body.ok ? valid({ ...body.value, seq, at }) : body;
}

function checkBody(raw: Record<string, unknown>): Checked<RoomEventBody> {
  const { type, lesson, step } = raw;
  if (!isId(lesson)) return invalid('lesson must be a lesson id like peer-authentication');
  if (type === 'lesson-opened') return valid({ type, lesson });
  if (type === 'lesson-finished') {
    const { outcome } = raw;
    if (typeof outcome !== 'string' || !OUTCOME.test(outcome)) return invalid('outcome must be a word like passed');
    return valid({ type, lesson, outcome });
  }
  if (!isId(step)) return invalid('step must be a step id like strict-mtls');
  switch (type) {
    case 'step-started':
    case 'step-skipped':
    case 'hint-used':
    case 'why-used':
      return valid({ type, lesson, step });
    case 'step-passed': {
      const { attempts, elapsedMs } = raw;
      if (!isCount(attempts, 1)) return invalid('attempts must be a whole number from 1');
      if (!isCount(elapsedMs)) return invalid('elapsedMs must be a whole number of ms');
      return valid({ type, lesson, step, attempts, elapsedMs });
    }
    case 'step-failed': {
      const { attempts, reason } = raw;
      if (!isCount(attempts, 1)) return invalid('attempts must be a whole number from 1');
      // The client cuts it; a longer one is cut here rather than refused, as the event is still true.
      if (typeof reason !== 'string' || reason.length > 4 * MAX_REASON_CHARS)
        return invalid(`reason must be one line of at most ${MAX_REASON_CHARS} characters`);
      return valid({ type, lesson, step, attempts, reason: oneLine(reason, MAX_REASON_CHARS) });
    }
    default:
      return invalid(`unknown event type ${JSON.stringify(String(type)).slice(0, 60)}`);
  }
}
