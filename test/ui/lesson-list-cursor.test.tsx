// The lesson list keeps its place: back from a lesson the cursor is on it (on the next one when
// it is finished), also after a restart; a locked lesson's "Enter again" is said once.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import type { ProgressSnapshot } from '../../src/engine/index.js';
import type { Lesson } from '../../src/lesson/schema.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { frameWith, frameWhere } from './helpers/drive.js';

afterEach(() => cleanup());

const reading = (id: string, title: string, requires?: string[]): Lesson => ({
  id,
  title,
  summary: `${title}, in words.`,
  istio: ['1.24'],
  ...(requires ? { requires } : {}),
  steps: [
    { id: 'one', title: 'Read one', text: 'Words.' },
    { id: 'two', title: 'Read two', text: 'More words.' },
  ],
});
const lessons = [
  reading('alpha', 'Alpha'),
  reading('beta', 'Beta'),
  reading('gamma', 'Gamma'),
  reading('delta', 'Delta', ['alpha']),
];

function ports(saved: ProgressSnapshot[] = [], last?: string): UiPorts {
  const cluster = fakeCluster(0);
  return {
    selectCluster: async () => ({ label: 'test cluster', line: 'A stand-in cluster.', forLesson: () => cluster }),
    loadLessons: async () => ({ lessons, problems: [] }),
    readProgress: async () => ({
      byLesson: Object.fromEntries(saved.map((p) => [p.lesson, p])),
      ...(last ? { last } : {}),
    }),
    saveProgress: () => {},
  };
}

const down = '\u001b[B';
const cursorOn = (f: string) => /▸ \d\. (\w+)/.exec(f)?.[1];

describe('the lesson list cursor', () => {
  it('is on the lesson you left when you come back', async () => {
    const { lastFrame, stdin } = render(<App ports={ports()} />);
    await frameWith(lastFrame, 'choose a lesson', '▸ 1. Alpha');
    stdin.write(down);
    await frameWith(lastFrame, '▸ 2. Beta');
    stdin.write(down);
    await frameWith(lastFrame, '▸ 3. Gamma');
    stdin.write('\r');
    await frameWith(lastFrame, 'Gamma · step 1 of 2');
    stdin.write('l');
    const f = await frameWith(lastFrame, 'choose a lesson');
    expect(cursorOn(f)).toBe('Gamma');
  });

  it('is on the lesson opened with --lesson, when you go to the list', async () => {
    const { lastFrame, stdin } = render(<App ports={{ ...ports(), startLesson: 'gamma' }} />);
    await frameWith(lastFrame, 'Gamma · step 1 of 2');
    stdin.write('l');
    const f = await frameWith(lastFrame, 'choose a lesson');
    expect(cursorOn(f)).toBe('Gamma');
  });

  it('moves to the next lesson once the one you left is finished', async () => {
    const alphaStarted: ProgressSnapshot = {
      lesson: 'alpha',
      done: ['one'],
      skipped: [],
      current: 'two',
      finished: false,
    };
    const { lastFrame, stdin } = render(<App ports={ports([alphaStarted])} />);
    await frameWith(lastFrame, 'choose a lesson', '▸ 1. Alpha');
    stdin.write(down);
    await frameWith(lastFrame, '▸ 2. Beta');
    stdin.write('\r');
    await frameWith(lastFrame, 'Beta · step 1 of 2');
    stdin.write('n');
    await frameWith(lastFrame, 'step 2 of 2');
    stdin.write('n');
    await frameWith(lastFrame, 'Lesson complete');
    stdin.write('l');
    const f = await frameWith(lastFrame, 'choose a lesson', /Beta +2\/2 +DONE/);
    expect(cursorOn(f)).toBe('Gamma');
  });

  it('after a restart, starts on the lesson saved last (the next one when it was finished)', async () => {
    const saved: ProgressSnapshot[] = [
      { lesson: 'alpha', done: ['one'], skipped: [], current: 'two', finished: false },
      { lesson: 'gamma', done: ['one'], skipped: [], current: 'two', finished: false },
    ];
    const first = render(<App ports={ports(saved, 'gamma')} />);
    expect(cursorOn(await frameWith(first.lastFrame, 'choose a lesson', 'IN PROGRESS'))).toBe('Gamma');
    first.unmount();
    const done: ProgressSnapshot = {
      lesson: 'beta',
      done: ['one', 'two'],
      skipped: [],
      current: 'two',
      finished: true,
    };
    const second = render(<App ports={ports([saved[0]!, done], 'beta')} />);
    expect(cursorOn(await frameWith(second.lastFrame, 'choose a lesson', 'DONE'))).toBe('Gamma');
  });
});

describe('a locked lesson', () => {
  it('asks for the second Enter once, in its own line, and forgets it when the cursor moves', async () => {
    const { lastFrame, stdin } = render(<App ports={ports()} />);
    await frameWith(lastFrame, 'choose a lesson', '▸ 1. Alpha');
    stdin.write(down + down + down); // in one read: each ↓ moves on from the one before
    let f = await frameWith(lastFrame, '▸ 4. Delta', 'LOCKED');
    expect(f).toContain('Locked: finish alpha first (Enter twice opens it anyway).');
    stdin.write('\r');
    f = await frameWith(lastFrame, 'Press Enter again');
    expect(f.match(/Press Enter again|Enter twice|builds on/g)).toEqual(['Press Enter again']);
    expect(f.match(/alpha/g)).toHaveLength(1);
    stdin.write('\u001b[A');
    f = await frameWith(lastFrame, '▸ 3. Gamma');
    expect(f).not.toContain('Enter again');
    stdin.write(down);
    f = await frameWhere(lastFrame, (x) => x.includes('▸ 4. Delta'));
    expect(f).toContain('(Enter twice opens it anyway)');
    expect(f).not.toContain('Enter again');
    stdin.write('\r');
    await frameWith(lastFrame, 'Press Enter again');
    stdin.write('\r');
    await frameWith(lastFrame, 'Delta · step 1 of 2');
  });
});
