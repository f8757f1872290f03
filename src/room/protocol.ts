/**
 * The room's wire protocol: what a participant's meshwalk sends to the instructor's room server,
 * what the dashboard reads, and how the instructor steers. Plain JSON over HTTP/1.1 on the room's
 * network; nothing here needs the internet.
 *
 * Endpoints (all JSON bodies ≤ MAX_BODY_BYTES, `Content-Type: application/json`):
 *
 *   POST /api/join              { code, name }                  → JoinResponse        (no auth; code checked)
 *   POST /api/events            { events: RoomEvent[] }         → EventsResponse      (participant token)
 *   GET  /api/steering                                          → Steering            (participant token)
 *   GET  /api/state[?lesson=ID]                                 → RoomState           (instructor key)
 *   GET  /api/stream[?lesson=ID]  text/event-stream, `event: state` with a RoomState (instructor key)
 *   POST /api/steer             SteerRequest                    → Steering            (instructor key)
 *   GET  /api/export?format=csv|json                            → every stored event  (instructor key)
 *   GET  /  /dashboard.js  /dashboard.css                       → the dashboard page  (no auth, no data)
 *
 * Auth is `Authorization: Bearer <token or key>`; no cookies, so no cross-site request can carry
 * it, and the server sends no CORS headers. The dashboard URL the instructor is shown carries the
 * key in the fragment (`http://HOST:PORT/#key=KEY`), which browsers never send to the server.
 */

/** Every request body is at most this many bytes; larger ones get 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;
/** At most this many events in one POST /api/events. */
export const MAX_EVENTS_PER_POST = 100;
/** Names are trimmed, control characters removed, and cut to this many characters. */
export const MAX_NAME_CHARS = 40;
/** A failure line is cut to this many characters before it is sent. */
export const MAX_REASON_CHARS = 300;
export const DEFAULT_ROOM_PORT = 7470;

/**
 * What a participant reports. Derived from the engine's result stream (src/engine/types.ts
 * ResultEvent) and the TUI's own intents; never a token, secret, key, manifest or command output
 * beyond the one failure line.
 */
export type RoomEventBody =
  // `attempts` counts tries of the step from 1: a step with nothing to verify, or one that failed
  // before its check, was tried once (the engine's result stream counts verification attempts from 0).
  | { type: 'lesson-opened'; lesson: string }
  | { type: 'step-started'; lesson: string; step: string }
  | { type: 'step-passed'; lesson: string; step: string; attempts: number; elapsedMs: number }
  | { type: 'step-failed'; lesson: string; step: string; reason: string; attempts: number }
  | { type: 'step-skipped'; lesson: string; step: string }
  | { type: 'hint-used'; lesson: string; step: string }
  | { type: 'why-used'; lesson: string; step: string }
  | { type: 'lesson-finished'; lesson: string; outcome: string };

/**
 * One event as sent: `seq` counts from 1 per participant, without gaps, so the server can
 * refuse replays (seq ≤ the last stored one: acknowledged, not stored again) and notice gaps
 * (409 with `expected`). `at` is the participant's clock, ms since the epoch.
 */
export type RoomEvent = RoomEventBody & { seq: number; at: number };

export interface JoinResponse {
  participant: string;
  /** The participant's own bearer token: it can only append to this participant's stream. */
  token: string;
  steering: Steering;
}

export interface EventsResponse {
  /** The highest seq stored for this participant; the client drops everything up to it. */
  ack: number;
  steering: Steering;
}

/** What the instructor has set; participants poll it (and get it with every ack). */
export interface Steering {
  /** Instructor-paced: a participant may open only lessons in `unlocked`. */
  paced: boolean;
  unlocked: string[];
  /** The latest broadcast; a client shows it once per id in the footer. */
  broadcast?: { id: number; text: string; at: number };
  /** Set for this participant only: "the instructor suggests `meshwalk reset`". */
  resetSuggested?: { id: number; at: number };
}

export type SteerRequest =
  | { action: 'pace'; paced: boolean }
  | { action: 'unlock'; lesson: string }
  | { action: 'lock'; lesson: string }
  | { action: 'broadcast'; text: string }
  | { action: 'suggest-reset'; participant: string };

export type CellStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

export interface ParticipantRow {
  id: string;
  /** As the participant typed it; the page escapes it (text nodes only). */
  name: string;
  lesson?: string;
  step?: string;
  cells: Record<string, CellStatus>;
  /** Failed attempts on the current step. */
  failures: number;
  lastFailure?: string;
  stuck: boolean;
  /** When the participant started its current step (server clock, ms). */
  stepSince?: number;
  lastSeen: number;
  hintsUsed: number;
  whyUsed: number;
}

export interface RoomState {
  /** Increases with every stored event or steering change. */
  version: number;
  now: number;
  steering: Steering;
  /** The lesson the dashboard shows: `?lesson=` or the one most participants are in. */
  lesson?: { id: string; title: string; steps: { id: string; title: string }[] };
  lessons: { id: string; title: string }[];
  /** Stuck participants first, then by name. */
  participants: ParticipantRow[];
  /** Per step of `lesson`, in order: how many passed it and the median time to pass (ms). */
  funnel: { step: string; passed: number; medianMs?: number }[];
  stuckRule: { minutes: number; failures: number };
}
