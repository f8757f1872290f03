// What the engine offers is what it acts on: at every state a lesson walks through, each offered
// intent changes something without a refusal notice.
import { describe, expect, it } from 'vitest';
import { advance } from '../../src/engine/advance.js';
import { offeredIntents } from '../../src/engine/offered-intents.js';
import type { EngineState, Intent } from '../../src/engine/types.js';
import { Driver, lesson } from './helpers.js';

const ALL: Intent[] = ['run', 'next', 'previous', 'retry', 'rerun', 'skip', 'hint', 'cancel', 'quit'];

const walk = lesson({
  steps: [
    { id: 'read', title: 'Read this', text: 'Only words.' },
    { id: 'apply', title: 'Apply', run: 'kubectl apply -f x.yaml', hints: ['look at x.yaml'] },
  ],
});

/** The intent's effect on `state`: refused (a notice), nothing at all, or acted on. */
function tryIntent(state: EngineState, intent: Intent): 'refused' | 'nothing' | 'acted' {
  const [next, effects] = advance(state, { type: 'intent', intent, now: 2_000 });
  if (next.notice) return 'refused';
  return effects.length === 0 && JSON.stringify(next) === JSON.stringify(state) ? 'nothing' : 'acted';
}

function expectOffersMatch(state: EngineState): void {
  const offered = offeredIntents(state);
  for (const intent of ALL.filter((i) => offered.has(i))) {
    expect({ intent, got: tryIntent(state, intent) }).toEqual({ intent, got: 'acted' });
  }
  // Withheld ones the engine would refuse, among them: next before the step is done.
  const waiting = state.phase === 'steps' && !state.running;
  if (waiting && !offered.has('next')) expect(tryIntent(state, 'next')).toBe('refused');
}

describe('offeredIntents', () => {
  it('offers, at each state of a lesson walk, only intents the engine acts on', () => {
    const d = new Driver(walk, { mode: 'learn', setup: false });
    d.start();
    expect([...offeredIntents(d.state)].sort()).toEqual(['next', 'quit']);
    expectOffersMatch(d.state);
    d.intent('next');
    expect([...offeredIntents(d.state)].sort()).toEqual(['hint', 'previous', 'quit', 'run', 'skip']);
    expectOffersMatch(d.state);
    d.intent('run');
    expect([...offeredIntents(d.state)].sort()).toEqual(['cancel', 'quit']);
    expectOffersMatch(d.state);
    d.answer('', 1, 'error: no such file');
    expect([...offeredIntents(d.state)].sort()).toEqual(['hint', 'previous', 'quit', 'retry', 'skip']);
    expectOffersMatch(d.state);
    d.intent('skip');
    d.answer('applied');
    expect([...offeredIntents(d.state)].sort()).toEqual(['hint', 'next', 'previous', 'quit', 'rerun']);
    expectOffersMatch(d.state);
    d.intent('next');
    expect(d.state.phase).toBe('finished');
    expect([...offeredIntents(d.state)]).toEqual([]);
  });

  it('offers only cancel and quit in demo and check, which walk by themselves', () => {
    const d = new Driver(walk, { mode: 'demo', setup: false });
    d.start();
    expect([...offeredIntents(d.state)].sort()).toEqual(['cancel', 'quit']);
  });
});
