// Any sequence of intents, results, timers and stale events: the reducer never throws, keeps at
// most one thing in flight, never emits effects after finishing, and keeps `current` in range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance, initialState } from '../../src/engine/advance.js';
import type { Effect, EngineEvent, Intent } from '../../src/engine/types.js';
import { lesson, result } from './helpers.js';

const l = lesson({
  vars: { NS: 'books', V: { capture: 'kubectl get ns' } },
  setup: [{ run: 'kubectl create ns {{NS}}' }],
  cleanup: [{ run: 'kubectl delete ns {{NS}}' }],
  steps: [
    {
      id: 'a',
      title: 'A',
      run: 'kubectl apply -f manifests/a.yaml',
      verify: {
        run: 'curl -s http://p',
        expect: { status: 403 },
        before: { status: 200 },
        timeout: '3s',
        interval: '1s',
        settle: 2,
      },
      hints: ['one', 'two'],
    },
    {
      id: 'b',
      title: 'B',
      verify: { run: 'curl -s http://p2', expect: { contains: 'ok' }, timeout: '2s' },
      solve: [{ run: 'kubectl apply -f manifests/fix.yaml' }],
    },
    { id: 'c', title: 'C', run: ['kubectl get one', 'kubectl get two'] },
  ],
});

const intents: Intent[] = ['run', 'next', 'previous', 'retry', 'skip', 'hint', 'cancel', 'quit'];
const action = fc.oneof(
  fc.record({ k: fc.constant('intent' as const), intent: fc.constantFrom(...intents) }),
  fc.record({
    k: fc.constant('answer' as const),
    stdout: fc.constantFrom('200', '403', 'ok', '', 'x\n000'),
    exit: fc.constantFrom(0, 1, 56),
  }),
  fc.record({ k: fc.constant('fail' as const) }),
  fc.record({ k: fc.constant('fire' as const), ms: fc.integer({ min: 0, max: 2000 }) }),
  fc.record({ k: fc.constant('stale' as const), id: fc.integer({ min: 0, max: 50 }) }),
);

describe('advance (property)', () => {
  it.each(['learn', 'demo', 'check'] as const)('holds its invariants in %s mode', (mode) => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        let now = 1000;
        let [state, fx] = advance(initialState(l, { mode, cleanup: true }), { type: 'start', now });
        const inFlight = new Map<number, Effect & { type: 'exec' | 'wait' }>();
        const apply = (effects: Effect[]) => {
          for (const e of effects) {
            if (e.type === 'exec' || e.type === 'wait') inFlight.set(e.id, e);
            if (e.type === 'cancel') inFlight.delete(e.id);
          }
        };
        apply(fx);
        for (const a of actions) {
          const wasFinished = state.phase === 'finished';
          const pending = [...inFlight.values()].at(-1);
          let event: EngineEvent | undefined;
          now += 10;
          if (a.k === 'intent') event = { type: 'intent', intent: a.intent, now };
          else if (a.k === 'answer' && pending?.type === 'exec')
            event = { type: 'execDone', id: pending.id, result: result(pending.argv, a.stdout, a.exit), now };
          else if (a.k === 'fail' && pending?.type === 'exec')
            event = { type: 'execFailed', id: pending.id, message: 'kubectl not found', now };
          else if (a.k === 'fire' && pending?.type === 'wait')
            event = { type: 'timerFired', id: pending.id, now: (now += a.ms) };
          else if (a.k === 'stale') event = { type: 'execDone', id: a.id + 1000, result: result(['x']), now };
          if (!event) continue;
          if (
            pending &&
            (event.type === 'execDone' || event.type === 'execFailed' || event.type === 'timerFired') &&
            event.id === pending.id
          )
            inFlight.delete(pending.id);
          [state, fx] = advance(state, event);
          apply(fx);
          if (wasFinished) expect(fx).toEqual([]);
          expect(inFlight.size).toBeLessThanOrEqual(1);
          expect(state.running === null ? 0 : 1).toBe(inFlight.size);
          expect(state.current).toBeGreaterThanOrEqual(0);
          expect(state.current).toBeLessThan(state.steps.length);
          if (state.phase === 'finished') expect(state.running).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });
});
