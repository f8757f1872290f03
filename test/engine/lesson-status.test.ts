// A lesson's status in the list, from saved progress, derived by the engine for the TUI to render.
import { describe, expect, it } from 'vitest';
import { listCursor, lessonStatus, resumeFrom } from '../../src/engine/lesson-status.js';
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

describe('listCursor', () => {
  const e = (id: string, o: Partial<{ done: number; finished: boolean; missing: string[] }> = {}) => ({
    id,
    done: 0,
    finished: false,
    missing: [],
    ...o,
  });
  it('rests on the lesson worked on last, or on the next one once it is finished', () => {
    const list = [e('a', { done: 1 }), e('b'), e('c', { finished: true, done: 2 }), e('d')];
    expect(listCursor(list, 'b')).toBe(1);
    expect(listCursor(list, 'c')).toBe(3);
    expect(listCursor([e('a'), e('z', { finished: true })], 'z')).toBe(1); // the last one stays
  });
  it('without a last lesson: the first in progress, else the first open one not locked', () => {
    expect(listCursor([e('a', { finished: true }), e('b', { missing: ['a'] }), e('c', { done: 1 })])).toBe(2);
    expect(listCursor([e('a', { finished: true }), e('b', { missing: ['x'] }), e('c')], 'gone')).toBe(2);
  });
});
