// The engine's step loop never ends a run silently: a long lesson runs to its summary.
import { describe, expect, it } from 'vitest';
import { Driver, lesson } from './helpers.js';

describe('the step loop', () => {
  it('runs a 7,700-step lesson to the end and reports every step (no silent stop)', () => {
    const steps = Array.from({ length: 7700 }, (_, i) => ({ id: `s${i}`, title: `Step ${i}` }));
    const d = new Driver(lesson({ steps }), { mode: 'check', saveProgress: false });
    d.start();
    const finished = d.events().filter((e) => e.type === 'LessonFinished');
    expect(finished).toEqual([expect.objectContaining({ outcome: 'passed', passed: 7700, total: 7700 })]);
    expect(d.state.phase).toBe('finished');
  });
});
