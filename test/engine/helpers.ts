import { advance, initialState } from '../../src/engine/advance.js';
import type { Effect, EngineEvent, EngineOptions, EngineState, ResultEvent } from '../../src/engine/types.js';
import type { CommandResult } from '../../src/cluster/port.js';
import type { Lesson } from '../../src/lesson/schema.js';

export function lesson(partial: Partial<Lesson> & Pick<Lesson, 'steps'>): Lesson {
  return { id: 'demo', title: 'Demo', summary: 'A demo lesson.', istio: ['1.24'], ...partial };
}

export function result(argv: string[], stdout = '', exitCode = 0, stderr = ''): CommandResult {
  return { argv, exitCode, stdout, stderr, timedOut: false, cancelled: false, durationMs: 5 };
}

/** Feeds events to the reducer one by one, keeping the last state and every effect. */
export class Driver {
  state: EngineState;
  effects: Effect[] = [];
  last: Effect[] = [];
  now = 1_000;
  constructor(l: Lesson, options: EngineOptions) {
    this.state = initialState(l, options);
  }
  send(event: Omit<EngineEvent, 'now'> & { now?: number }): Effect[] {
    const [s, fx] = advance(this.state, { now: this.now, ...event } as EngineEvent);
    this.state = s;
    this.last = fx;
    this.effects.push(...fx);
    return fx;
  }
  start() {
    return this.send({ type: 'start' });
  }
  intent(intent: string) {
    return this.send({ type: 'intent', intent } as never);
  }
  /** The one exec effect in the last batch. */
  exec(): Effect & { type: 'exec' } {
    const e = this.last.filter((f) => f.type === 'exec');
    if (e.length !== 1) throw new Error(`expected one exec, got ${JSON.stringify(this.last)}`);
    return e[0] as Effect & { type: 'exec' };
  }
  wait(): Effect & { type: 'wait' } {
    const e = this.last.find((f) => f.type === 'wait');
    if (!e) throw new Error(`expected a wait, got ${JSON.stringify(this.last)}`);
    return e as Effect & { type: 'wait' };
  }
  /** Answers the pending exec with this output. */
  answer(stdout = '', exitCode = 0, stderr = '') {
    const e = this.exec();
    return this.send({ type: 'execDone', id: e.id, result: result(e.argv, stdout, exitCode, stderr) } as never);
  }
  fire(afterMs?: number) {
    const w = this.wait();
    this.now += afterMs ?? w.ms;
    return this.send({ type: 'timerFired', id: w.id } as never);
  }
  events(): ResultEvent[] {
    return this.effects.flatMap((f) => (f.type === 'emit' ? [f.event] : []));
  }
  types(): string[] {
    return this.events().map((e) => e.type);
  }
}
