// A lesson's status in the list, from saved progress, derived by the engine for the TUI to render.
import { describe, expect, it } from 'vitest';
import { lessonStatus, resumeFrom } from '../../src/engine/lesson-status.js';
import type { ProgressSnapshot } from '../../src/engine/types.js';
import { lesson } from './helpers.js';

const basics = lesson({
  id: 'basics',
  steps: [
    { id: 'a', title: 'A' },
    { id: 'b', title: 'B' },
  ],
});
const strict = lesson({ id: 'strict', requires: ['basics'], steps: [{ id: 'x', title: 'X' }] });
const all = [basics, strict];
const snap = (p: Partial<ProgressSnapshot> & Pick<ProgressSnapshot, 'lesson'>): ProgressSnapshot => ({
  done: [],
  skipped: [],
  finished: false,
  ...p,
});

describe('lessonStatus', () => {
  it('is new with nothing saved, and locked behind an unfinished prerequisite', () => {
    expect(lessonStatus(basics, {}, all)).toEqual({ done: 0, finished: false, missing: [] });
    expect(lessonStatus(strict, {}, all)).toEqual({ done: 0, finished: false, missing: ['basics'] });
  });

  it('resumes at the saved step, and counts done and skipped steps once', () => {
    const saved = { basics: snap({ lesson: 'basics', done: ['a'], skipped: ['a'], current: 'b' }) };
    expect(lessonStatus(basics, saved, all)).toEqual({ done: 1, finished: false, resumeStep: 2, missing: [] });
  });

  it('is finished when every step is done, even before the last next, which unlocks what requires it', () => {
    const saved = { basics: snap({ lesson: 'basics', done: ['a'], skipped: ['b'], current: 'b' }) };
    expect(lessonStatus(basics, saved, all)).toEqual({ done: 2, finished: true, missing: [] });
    expect(lessonStatus(strict, saved, all).missing).toEqual([]);
  });

  it('reopens a finished lesson at its first step with its marks kept', () => {
    const p = snap({ lesson: 'basics', done: ['a', 'b'], current: 'b', finished: true });
    expect(resumeFrom(basics, p)).toEqual({ resume: { done: ['a', 'b'], skipped: [], current: 'a' } });
    expect(resumeFrom(basics, undefined)).toEqual({});
  });
});
