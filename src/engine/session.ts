/**
 * A running lesson: the reducer plus the effect runner, with a subscribe/getState pair for
 * React's `useSyncExternalStore`. The TUI, `meshwalk run` and `meshwalk check` all use this.
 */
import type { Lesson } from '../lesson/schema.js';
import { advance, initialState } from './advance.js';
import { runEffects, type EnginePorts, type InFlight } from './run-effects.js';
import type { EngineEvent, EngineOptions, EngineState, Intent } from './types.js';

export interface Session {
  getState(): EngineState;
  /** Calls `listener` after every state change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Runs setup and lesson vars, then waits (learn) or walks every step (demo, check). */
  start(): void;
  intent(intent: Intent): void;
  /** Resolves with the final state once the lesson is finished (passed, failed or quit). */
  readonly finished: Promise<EngineState>;
  /** Aborts every command and timer in flight (on quit, unmount or Ctrl-C). */
  dispose(): void;
}

export function createSession(lesson: Lesson, options: EngineOptions, ports: EnginePorts): Session {
  const { clock } = ports;
  const cluster = ports.cluster;
  if (!options.displayArgv && cluster.displayArgv)
    options = { ...options, displayArgv: (argv, o) => cluster.displayArgv?.(argv, o) ?? argv };
  const inFlight: InFlight = new Map();
  const listeners = new Set<() => void>();
  let state = initialState(lesson, options);
  let disposed = false;
  let resolveFinished: (s: EngineState) => void = () => {};
  const finished = new Promise<EngineState>((resolve) => (resolveFinished = resolve));

  // Events raised while an event is being handled (a synchronous onOutput) wait their turn.
  const pending: EngineEvent[] = [];
  let busy = false;
  function dispatch(event: EngineEvent): void {
    if (disposed) return;
    pending.push(event);
    if (busy) return;
    busy = true;
    try {
      for (let e = pending.shift(); e; e = pending.shift()) {
        const [next, effects] = advance(state, e);
        state = next;
        runEffects(effects, ports, inFlight, dispatch);
        for (const l of listeners) l();
        if (state.phase === 'finished') resolveFinished(state);
      }
    } finally {
      busy = false;
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => dispatch({ type: 'start', now: clock.now() }),
    intent: (intent) => dispatch({ type: 'intent', intent, now: clock.now() }),
    finished,
    dispose() {
      if (disposed) return;
      for (const stop of inFlight.values()) stop();
      inFlight.clear();
      disposed = true;
    },
  };
}
