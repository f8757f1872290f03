import type { RoomEvent } from '../protocol.js';

/**
 * What to do with a batch, given the highest seq stored for the participant:
 * - events with seq ≤ the last stored one are replays (the ack was lost): acknowledged, not stored;
 * - the others must follow on without a gap, or nothing of the batch is stored and the answer is
 *   409 with the seq the server expects next, so a batch is stored whole or not at all.
 */
export type BatchVerdict = { kind: 'store'; events: RoomEvent[]; ack: number } | { kind: 'gap'; expected: number };

export function judgeBatch(lastSeq: number, events: readonly RoomEvent[]): BatchVerdict {
  const fresh: RoomEvent[] = [];
  let last = lastSeq;
  for (const e of events) {
    if (e.seq <= last) continue;
    if (e.seq !== last + 1) return { kind: 'gap', expected: lastSeq + 1 };
    fresh.push(e);
    last = e.seq;
  }
  return { kind: 'store', events: fresh, ack: last };
}
