import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import type { ProgressSnapshot } from '../../src/engine/index.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { strictLesson } from './helpers/lessons.js';
import { frameWith, tick } from './helpers/drive.js';
import { renderAt } from './helpers/terminal.js';

const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} says one more thing.`).join('\n\n');
const wordy = { ...strictLesson, steps: strictLesson.steps.map((s) => ({ ...s, text: long })) };

function ports(saved: ProgressSnapshot[] = []): UiPorts {
  const cluster = fakeCluster(0);
  return {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using the simulated cluster.',
      forLesson: () => cluster,
    }),
    loadLessons: async () => ({ lessons: [wordy], problems: [] }),
    readProgress: async () => ({ byLesson: Object.fromEntries(saved.map((p) => [p.lesson, p])) }),
    saveProgress: () => {},
    engine: { maxIntervalMs: 50 },
  };
}

const atLastStep: ProgressSnapshot = {
  lesson: 'strict-mtls',
  done: ['look', 'strict'],
  skipped: [],
  current: 'done',
  finished: false,
};

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));

async function openAt(saved: ProgressSnapshot[]) {
  const t = renderAt(
    <ThemeContext.Provider value={{ color: false, plain: false }}>
      <App ports={ports(saved)} />
    </ThemeContext.Provider>,
    80,
    24,
  );
  unmounts.push(t.unmount);
  await frameWith(t.lastFrame, 'choose a lesson');
  t.stdin.write('\r');
  return t;
}

describe('keys that arrive in one read', () => {
  it('pp in one chunk goes back two steps', async () => {
    const t = await openAt([atLastStep]);
    await frameWith(t.lastFrame, 'Strict mTLS · step 3 of 3');
    t.stdin.write('pp');
    const f = await frameWith(t.lastFrame, 'step 1 of 3');
    expect(f).toContain('Look at the namespace');
  });

  it('8 PgDn written at once scroll as far as 8 PgDn written one by one', async () => {
    const one = await openAt([atLastStep]);
    await frameWith(one.lastFrame, 'Strict mTLS · step 3 of 3', 'Paragraph 1 ');
    for (let i = 0; i < 8; i++) one.stdin.write('\u001b[6~');
    await tick(200);
    const separate = one.lastFrame();
    const all = await openAt([atLastStep]);
    await frameWith(all.lastFrame, 'Strict mTLS · step 3 of 3', 'Paragraph 1 ');
    all.stdin.write('\u001b[6~'.repeat(8));
    await tick(200);
    expect(all.lastFrame()).toBe(separate);
    expect(separate).not.toContain('Paragraph 1 ');
  });

  it('hh in one chunk shows both hints', async () => {
    const t = await openAt([{ ...atLastStep, done: ['look'], current: 'strict' }]);
    await frameWith(t.lastFrame, 'Strict mTLS · step 2 of 3');
    t.stdin.write('hh');
    const f = await frameWith(t.lastFrame, 'Hint 2 of 2');
    expect(f).toContain('press r to check again');
  });
});
