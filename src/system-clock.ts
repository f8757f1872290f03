/**
 * The real clock and timers, handed to the engine's effect runner as its `Clock` port by the
 * commands and the TUI: the engine itself keeps no timers, so its waits are testable and the
 * lint rules can forbid timers in src/engine.
 */
import type { Clock } from './engine/run-effects.js';

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
