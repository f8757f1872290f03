import type { SteerRequest } from '../protocol.js';
import { isId, oneLine } from './clean-text.js';
import { invalid, isRecord, valid, type Checked } from './validation.js';

/** A broadcast is one footer line on every participant's screen. */
export const MAX_BROADCAST_CHARS = 300;

/** Checks POST /api/steer. Lessons are checked to be ids here and to exist by the room. */
export function checkSteer(body: unknown): Checked<SteerRequest> {
  if (!isRecord(body)) return invalid('the body must be a JSON object {action, ...}');
  const { action } = body;
  switch (action) {
    case 'pace':
      return typeof body.paced === 'boolean'
        ? valid({ action, paced: body.paced })
        : invalid('paced must be true or false');
    case 'unlock':
    case 'lock':
      return isId(body.lesson) ? valid({ action, lesson: body.lesson }) : invalid('lesson must be a lesson id');
    case 'broadcast': {
      const { text } = body;
      if (typeof text !== 'string' || text.length > 4 * MAX_BROADCAST_CHARS)
        return invalid(`text must be one line of at most ${MAX_BROADCAST_CHARS} characters`);
      const line = oneLine(text, MAX_BROADCAST_CHARS);
      return line === '' ? invalid('the broadcast text is empty') : valid({ action, text: line });
    }
    case 'suggest-reset': {
      const { participant } = body;
      if (typeof participant !== 'string' || participant.trim() === '' || participant.length > 200)
        return invalid('participant must be a participant id or name');
      return valid({ action, participant: participant.trim() });
    }
    default:
      return invalid('action must be one of pace, unlock, lock, broadcast, suggest-reset');
  }
}
