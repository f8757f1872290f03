import type { RoomEvent } from '../protocol.js';
import { checkEvents } from './events-request.js';
import { isRecord } from './validation.js';

/** One line of the room's event log: an event as stored, with whose stream and when it arrived. */
export interface LogRecord {
  participant: string;
  /** Server clock when it was stored, ms since the epoch. */
  received: number;
  event: RoomEvent;
}

export const logLine = (r: LogRecord): string => `${JSON.stringify(r)}\n`;

/** One log line read back, checked as strictly as when it arrived; undefined when it is not one. */
export function parseLogLine(line: string): LogRecord | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || typeof raw.participant !== 'string' || typeof raw.received !== 'number') return undefined;
  const checked = checkEvents({ events: [raw.event] });
  return checked.ok ? { participant: raw.participant, received: raw.received, event: checked.value[0]! } : undefined;
}
