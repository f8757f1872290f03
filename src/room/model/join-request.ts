import { MAX_NAME_CHARS } from '../protocol.js';
import { oneLine } from './clean-text.js';
import { invalid, isRecord, valid, type Checked } from './validation.js';

/** What POST /api/join carries, checked. */
export interface JoinRequest {
  code: string;
  /** Cleaned (clean-text.ts) and cut to MAX_NAME_CHARS. */
  name: string;
}

/** The longest code accepted before comparing: anything longer cannot be the room's. */
const MAX_CODE_CHARS = 32;

export function checkJoin(body: unknown): Checked<JoinRequest> {
  if (!isRecord(body)) return invalid('the body must be a JSON object {code, name}');
  const { code, name } = body;
  if (typeof code !== 'string' || code.length > MAX_CODE_CHARS)
    return invalid('code must be the room code, like ABCD-1234');
  if (typeof name !== 'string' || name.length > 4 * MAX_NAME_CHARS)
    return invalid(`name must be a string of at most ${MAX_NAME_CHARS} characters`);
  const clean = oneLine(name, MAX_NAME_CHARS);
  if (clean === '') return invalid('name is empty: type the name the instructor should see');
  return valid({ code, name: clean });
}
