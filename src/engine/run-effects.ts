/**
 * The only code that touches the outside world on the engine's behalf: it runs commands on the
 * cluster, keeps timers, saves progress and hands result events on. Every outcome comes back
 * to the reducer as an event carrying the time.
 */
import type { Cluster } from '../cluster/port.js';
import { assertNever } from '../errors.js';
import type { Effect, EngineEvent, ProgressSnapshot, ResultEvent } from './types.js';

/**
 * Time and timers, a port: the commands and the TUI pass src/system-clock.ts `systemClock` (which
 * follows `vi.useFakeTimers()` in tests); the engine has no timers of its own.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ProgressPort {
  /** Saves one lesson's progress; may throw (the runner reports it and goes on). */
  save(progress: ProgressSnapshot): void | Promise<void>;
}

export interface EnginePorts {
  cluster: Cluster;
  /** The retry waits and the time on every event. */
  clock: Clock;
  /** Where progress goes; none (e.g. `check`) means it is not saved. */
  progress?: ProgressPort;
  /** Receives the result stream. */
  onResult?: (event: ResultEvent) => void;
  /** Told about trouble outside the lesson (progress could not be saved), one line. */
  onWarning?: (message: string) => void;
}

/** Commands and timers in flight, by effect id, so `cancel` can stop them. */
export type InFlight = Map<number, () => void>;

export function runEffects(
  effects: readonly Effect[],
  ports: EnginePorts,
  inFlight: InFlight,
  dispatch: (e: EngineEvent) => void,
): void {
  const { clock } = ports;
  for (const fx of effects) {
    switch (fx.type) {
      case 'exec': {
        const ac = new AbortController();
        inFlight.set(fx.id, () => ac.abort());
        const { id } = fx;
        ports.cluster
          .run(fx.argv, {
            ...(fx.stdin !== undefined ? { stdin: fx.stdin } : {}),
            timeoutMs: fx.timeoutMs,
            ...(fx.paths ? { paths: fx.paths } : {}),
            ...(fx.literal ? { literal: fx.literal } : {}),
            signal: ac.signal,
            onOutput: (chunk, stream) => dispatch({ type: 'execOutput', id, chunk, stream, now: clock.now() }),
          })
          .then(
            (result) => {
              inFlight.delete(id);
              dispatch({ type: 'execDone', id, result, now: clock.now() });
            },
            (err: unknown) => {
              inFlight.delete(id);
              const message = err instanceof Error ? err.message : String(err);
              dispatch({ type: 'execFailed', id, message, now: clock.now() });
            },
          );
        break;
      }
      case 'wait': {
        const { id } = fx;
        const handle = clock.setTimeout(() => {
          inFlight.delete(id);
          dispatch({ type: 'timerFired', id, now: clock.now() });
        }, fx.ms);
        inFlight.set(id, () => clock.clearTimeout(handle));
        break;
      }
      case 'cancel': {
        const stop = inFlight.get(fx.id);
        inFlight.delete(fx.id);
        stop?.();
        break;
      }
      case 'saveProgress': {
        if (!ports.progress) break;
        try {
          const p = ports.progress.save(fx.progress);
          if (p) p.catch((err: unknown) => ports.onWarning?.(`progress not saved: ${String(err)}`));
        } catch (err) {
          ports.onWarning?.(`progress not saved: ${err instanceof Error ? err.message : String(err)}`);
        }
        break;
      }
      case 'emit':
        ports.onResult?.(fx.event);
        break;
      default:
        assertNever(fx, 'effect');
    }
  }
}
