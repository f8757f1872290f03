import { afterEach, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { strictLesson } from './helpers/lessons.js';
import { frameWith } from './helpers/drive.js';
import { renderAt } from './helpers/terminal.js';

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));

it('h and w work while a "your turn" check waits, and the check keeps going', async () => {
  const cluster = fakeCluster(0);
  const step = { ...strictLesson.steps[1]!, verify: { ...strictLesson.steps[1]!.verify!, timeout: '20s' } };
  let explained = 0;
  const ports: UiPorts = {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using the simulated cluster.',
      forLesson: () => cluster,
    }),
    loadLessons: async () => ({ lessons: [{ ...strictLesson, steps: [step] }], problems: [] }),
    readProgress: async () => ({ byLesson: {} }),
    saveProgress: () => {},
    explain: async () => `why number ${++explained}: the plain client got 200`,
    engine: { maxIntervalMs: 50 },
  };
  const t = renderAt(
    <ThemeContext.Provider value={{ color: false, plain: false }}>
      <App ports={ports} />
    </ThemeContext.Provider>,
    100,
    30,
  );
  unmounts.push(t.unmount);
  await frameWith(t.lastFrame, 'choose a lesson');
  t.stdin.write('\r');
  await frameWith(t.lastFrame, 'r check');
  t.stdin.write('r');
  let f = await frameWith(t.lastFrame, 'last saw status 200', 'h hint', 'w why?');
  t.stdin.write('h');
  f = await frameWith(t.lastFrame, 'Hint 1 of 2');
  t.stdin.write('w');
  f = await frameWith(t.lastFrame, 'why number 1: the plain client got 200');
  expect(f).toContain('VERIFYING');
  cluster.applyStrict();
  f = await frameWith(t.lastFrame, '✔ PASS');
  expect(cluster.running()).toBe(0);
});
