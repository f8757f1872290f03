/** What the participant's side knows about the room, as plain data the UI and `run` read. */
import type { ResultEvent } from '../../engine/types.js';
import type { Steering } from '../protocol.js';

export interface RoomStatus {
  /** `connecting` until the room first answers; `offline` while it does not. */
  connection: 'connecting' | 'connected' | 'offline';
  /** Events waiting to be delivered. */
  queued: number;
  /** The instructor's latest steering (from the last answer, else the last one seen on this machine). */
  steering?: Steering;
  /** Why the room is not answering, one line (when offline). */
  problem?: string;
}

/** The room as the UI reaches it: a status to render and the events only the UI sees. */
export interface RoomPort {
  getStatus(): RoomStatus;
  /** Calls `listener` after every status change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The engine's result stream (reported events are taken from it). */
  onResult(result: ResultEvent): void;
  /** The learner asked why? on a step. */
  whyUsed(lesson: string, step: string): void;
}
