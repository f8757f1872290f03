/**
 * What the participant's screen says about the room, from its status. Pure: the TUI's footer
 * and `meshwalk run` print these words, tests compare them.
 */
import { terminalSafe } from '../text/terminal-safe.js';
import type { Steering } from './protocol.js';
import type { RoomStatus } from './client/room-status.js';

/** Instructor-paced, and this lesson not unlocked yet. */
export function lockedByInstructor(steering: Steering | undefined, lesson: string): boolean {
  return steering?.paced === true && !steering.unlocked.includes(lesson);
}

/** `room: connected`, `room: offline, 3 queued`: short enough for an 80-column footer. */
export function roomMarker(status: RoomStatus): string {
  switch (status.connection) {
    case 'connected':
      return status.queued > 0 ? `room: connected, ${status.queued} queued` : 'room: connected';
    case 'connecting':
      return status.queued > 0 ? `room: connecting, ${status.queued} queued` : 'room: connecting';
    case 'offline':
      return `room: offline, ${status.queued} queued`;
    default: {
      const unknown: never = status.connection;
      return String(unknown);
    }
  }
}

/** The instructor's broadcast as one line, safe to print; undefined when there is none. */
export function broadcastLine(steering: Steering | undefined): { id: number; text: string } | undefined {
  const b = steering?.broadcast;
  if (!b || typeof b.text !== 'string') return undefined;
  const text = terminalSafe(b.text.replace(/\s+/g, ' ').trim());
  return text === '' ? undefined : { id: b.id, text };
}

/** The suggestion to print when the instructor suggests a reset; `command` is the real `meshwalk reset …`. */
export function resetSuggestion(
  steering: Steering | undefined,
  command: string,
): { id: number; text: string } | undefined {
  const r = steering?.resetSuggested;
  return r ? { id: r.id, text: `the instructor suggests a reset: ${command}` } : undefined;
}

/** The lock notice for a lesson the learner tried to open. */
export function lockedNotice(lesson: string): string {
  return `The instructor has not unlocked ${lesson} yet; it opens when they do.`;
}

/** What the TUI shows of the room: the marker, and the instructor's words not dismissed yet. */
export interface RoomBanner {
  marker: string;
  broadcast?: { id: number; text: string };
  reset?: { id: number; text: string };
}

/** Ids the learner dismissed (with `x`); a new broadcast or suggestion has a new id and shows again. */
export interface Dismissed {
  broadcast?: number;
  reset?: number;
}

export function roomBanner(status: RoomStatus, dismissed: Dismissed, resetCommand: string): RoomBanner {
  const broadcast = broadcastLine(status.steering);
  const reset = resetSuggestion(status.steering, resetCommand);
  return {
    marker: roomMarker(status),
    ...(broadcast && broadcast.id !== dismissed.broadcast ? { broadcast } : {}),
    ...(reset && reset.id !== dismissed.reset ? { reset } : {}),
  };
}
