/**
 * A decision whose trace is worked out when first read: most callers look only at the outcome.
 * `trace` stays an own, enumerable property, so spreading, JSON and deep equality see the plain
 * `{ outcome, trace }` they always did. Its getter is one function shared by every instance (an
 * accessor made per object would give each decision its own hidden class).
 */
import type { Decision, Outcome, TraceEntry } from './model.js';

export class LazyDecision<R, C> implements Decision {
  outcome: Outcome;
  declare trace: TraceEntry[];
  readonly #input: R;
  readonly #config: C;
  readonly #build: (input: R, config: C) => TraceEntry[];
  #trace: TraceEntry[] | undefined;

  /** `build(input, config)` makes the trace; it is called at most once. */
  constructor(outcome: Outcome, input: R, config: C, build: (input: R, config: C) => TraceEntry[]) {
    this.outcome = outcome;
    this.#input = input;
    this.#config = config;
    this.#build = build;
    Object.defineProperty(this, 'trace', LazyDecision.#traceProperty);
  }

  static readonly #traceProperty: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyDecision<unknown, unknown>): TraceEntry[] {
      return (this.#trace ??= this.#build(this.#input, this.#config));
    },
    set(this: LazyDecision<unknown, unknown>, entries: TraceEntry[]) {
      this.#trace = entries;
    },
  };
}
