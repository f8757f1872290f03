import { afterEach, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import type { ProgressSnapshot } from '../../src/engine/index.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { strictLesson } from './helpers/lessons.js';
import { frameWith } from './helpers/drive.js';
import { renderAt } from './helpers/terminal.js';

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));

it('r after a failed skip, once the learner fixed the step, records it passed, not skipped', async () => {
  const cluster = fakeCluster(0);
  const saved: ProgressSnapshot[] = [];
  const step = { ...strictLesson.steps[1]!, verify: { ...strictLesson.steps[1]!.verify!, timeout: '300ms' } };
  const ports: UiPorts = {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using the simulated cluster.',
      forLesson: () => cluster,
    }),
    loadLessons: async () => ({ lessons: [{ ...strictLesson, steps: [step] }], problems: [] }),
    readProgress: async () => ({ byLesson: {} }),
    saveProgress: (p) => void saved.push(p),
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
  await frameWith(t.lastFrame, 's skip');
  t.stdin.write('s'); // the step has no solution that makes the check pass
  await frameWith(t.lastFrame, '✘ FAIL', 'r retry');
  cluster.applyStrict(); // the learner fixes it in another terminal
  t.stdin.write('r');
  const f = await frameWith(t.lastFrame, '✔ PASS');
  expect(f).not.toContain('SKIPPED');
  expect(saved.at(-1)).toMatchObject({ done: ['strict'], skipped: [] });
});
