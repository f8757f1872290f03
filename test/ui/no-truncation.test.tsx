// At 80 columns nothing a learner must read is cut: long lines wrap instead.
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { strictLesson } from './helpers/lessons.js';
import { frameWith } from './helpers/drive.js';
import { renderAt } from './helpers/terminal.js';

const title = 'Peer authentication from permissive to strict, one namespace and one workload at a time';
const lesson = {
  ...strictLesson,
  id: 'peer-authentication',
  title,
  steps: [
    {
      ...strictLesson.steps[0]!,
      title: 'Look at the namespace and every workload in it before changing anything at all',
    },
  ],
  cleanup: [{ run: 'kubectl delete ns books' }],
};

function ports(): UiPorts {
  const cluster = fakeCluster(0);
  return {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using the simulated cluster.',
      forLesson: () => cluster,
      commandFlags: '--cluster sim',
    }),
    loadLessons: async () => ({ lessons: [lesson], problems: [] }),
    readProgress: async () => ({ byLesson: {} }),
    saveProgress: () => {},
    engine: { maxIntervalMs: 50 },
  };
}

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));
/** The frame's words in order, whatever the line breaks (and the help box's borders). */
const words = (f: string) => f.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');

async function open() {
  const t = renderAt(
    <ThemeContext.Provider value={{ color: false, plain: false }}>
      <App ports={ports()} />
    </ThemeContext.Provider>,
    80,
    24,
  );
  unmounts.push(t.unmount);
  await frameWith(t.lastFrame, 'choose a lesson');
  t.stdin.write('\r');
  await frameWith(t.lastFrame, 'r run');
  return t;
}

describe('at 80×24', () => {
  it('a long lesson title and step title wrap, and the step marks stay', async () => {
    const t = await open();
    const f = t.lastFrame() ?? '';
    expect(words(f)).toContain(title);
    // The status word sits beside the step title's first line.
    expect(words(f).replace(' ○ TO DO', '')).toContain(
      'Look at the namespace and every workload in it before changing anything at all',
    );
    expect(f).toMatch(/step 1 of 1 ●/);
    expect(Math.max(...f.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('the completion line and the cleanup question are whole', async () => {
    const t = await open();
    t.stdin.write('r');
    await frameWith(t.lastFrame, 'n finish');
    t.stdin.write('n');
    let f = await frameWith(t.lastFrame, 'Lesson complete');
    expect(words(f)).toContain('Lesson complete: 1 passed. Clean up: meshwalk reset peer-authentication --cluster sim');
    t.stdin.write('c');
    f = await frameWith(t.lastFrame, 'Press c again');
    expect(words(f)).toContain('Press c again to remove what peer-authentication made.');
  });

  it('every row of ? help is whole', async () => {
    const t = await open();
    t.stdin.write('?');
    const f = await frameWith(t.lastFrame, 'Keys on a step');
    for (const b of KEYMAP.filter((k) => k.modes.includes('step') && k.intent !== 'help'))
      expect(words(f)).toContain(b.help);
  });
});
