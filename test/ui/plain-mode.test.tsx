import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { jwtLesson, strictLesson } from './helpers/lessons.js';
import { frameWith } from './helpers/drive.js';
import { renderAt } from './helpers/terminal.js';

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));

function start() {
  const cluster = fakeCluster(400);
  const ports: UiPorts = {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using the simulated cluster.',
      forLesson: () => cluster,
    }),
    loadLessons: async () => ({
      lessons: [{ ...strictLesson, steps: [strictLesson.steps[1]!] }, jwtLesson],
      problems: [],
    }),
    readProgress: async () => ({ byLesson: {} }),
    saveProgress: () => {},
    engine: { maxIntervalMs: 50 },
  };
  const t = renderAt(
    <ThemeContext.Provider value={{ color: false, plain: true }}>
      <App ports={ports} />
    </ThemeContext.Provider>,
    100,
    30,
    { screenReader: true },
  );
  unmounts.push(t.unmount);
  return { t, cluster };
}

describe('--plain', () => {
  it('keeps the lesson list on screen when a lesson opens', async () => {
    const { t } = start();
    await frameWith(t.lastFrame, 'choose a lesson');
    t.stdin.write('\r');
    const f = await frameWith(t.lastFrame, 'Lesson: Strict mTLS');
    expect(f).toMatch(/> 1\. Strict mTLS \(0\/1 steps\) \[NEW\]/);
    expect(f).toContain('2. JWT');
  });

  it('reports every attempt, the first one included', async () => {
    const { t, cluster } = start();
    await frameWith(t.lastFrame, 'choose a lesson');
    t.stdin.write('\r');
    await frameWith(t.lastFrame, 'Lesson: Strict mTLS');
    cluster.applyStrict(); // takes effect after 400 ms: the first attempts still see 200
    t.stdin.write('r');
    const f = await frameWith(t.lastFrame, '[PASS]');
    expect(f).toMatch(/Attempt 1: saw status 200, want status 000; trying again\./);
    expect(f).toMatch(/Attempt 2: saw status 200/);
  });
});
