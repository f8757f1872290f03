import type { Steering } from '../protocol.js';

/**
 * What the instructor has set, as the room keeps it: the shared part every participant gets, and
 * each participant's own reset suggestion. Ids count up across broadcasts and suggestions, so a
 * client shows each one once.
 */
export interface RoomSteering {
  paced: boolean;
  unlocked: string[];
  broadcast?: { id: number; text: string; at: number };
  /** Participant id → the latest suggestion for that participant. */
  resets: Record<string, { id: number; at: number }>;
  /** The id the next broadcast or suggestion gets. */
  nextId: number;
}

export const noSteering = (): RoomSteering => ({ paced: false, unlocked: [], resets: {}, nextId: 1 });

/** One checked steering change (the room has resolved a participant's name to its id). */
export type SteerChange =
  | { action: 'pace'; paced: boolean }
  | { action: 'unlock'; lesson: string }
  | { action: 'lock'; lesson: string }
  | { action: 'broadcast'; text: string }
  | { action: 'suggest-reset'; participantId: string };

export function steer(s: RoomSteering, change: SteerChange, now: number): RoomSteering {
  switch (change.action) {
    case 'pace':
      return { ...s, paced: change.paced };
    case 'unlock':
      return s.unlocked.includes(change.lesson) ? s : { ...s, unlocked: [...s.unlocked, change.lesson] };
    case 'lock':
      return { ...s, unlocked: s.unlocked.filter((l) => l !== change.lesson) };
    case 'broadcast':
      return { ...s, broadcast: { id: s.nextId, text: change.text, at: now }, nextId: s.nextId + 1 };
    case 'suggest-reset':
      return {
        ...s,
        resets: { ...s.resets, [change.participantId]: { id: s.nextId, at: now } },
        nextId: s.nextId + 1,
      };
  }
}

/** The steering one participant sees (no participant: what the dashboard sees). */
export function steeringFor(s: RoomSteering, participantId?: string): Steering {
  const out: Steering = { paced: s.paced, unlocked: [...s.unlocked] };
  if (s.broadcast) out.broadcast = { ...s.broadcast };
  const reset = participantId === undefined ? undefined : s.resets[participantId];
  if (reset) out.resetSuggested = { ...reset };
  return out;
}
