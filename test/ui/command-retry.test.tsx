// The learner fixed a policy and pressed r at once: the step's own curl shows the retry, as a
// check does, and passes once the change arrives, instead of failing with the old answer.
import { afterEach, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import type { Lesson } from '../../src/lesson/schema.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { frameWith } from './helpers/drive.js';

afterEach(() => cleanup());

const lesson: Lesson = {
  id: 'strict-now',
  title: 'Strict now',
  summary: 'Label, then see it.',
  istio: ['1.24'],
  steps: [
    { id: 'label', title: 'Turn on STRICT', run: 'kubectl label ns books strict=true' },
    {
      id: 'see',
      title: 'See the plain client refused',
      run: 'curl -s -o /dev/null -w "%{http_code}" http://books:4000/books/1',
      expect: { status: '000' },
    },
  ],
};

it('a step curl with expect retries while the policy propagates, showing attempt and time, then passes', async () => {
  // Long enough that a loaded machine still draws a frame between two attempts before the change lands.
  const cluster = fakeCluster(2000);
  const ports: UiPorts = {
    selectCluster: async () => ({ label: 'test cluster', line: 'A stand-in cluster.', forLesson: () => cluster }),
    loadLessons: async () => ({ lessons: [lesson], problems: [] }),
    readProgress: async () => ({ byLesson: {} }),
    saveProgress: () => {},
    engine: { maxIntervalMs: 50 },
  };
  const { lastFrame, stdin } = render(<App ports={ports} />);
  await frameWith(lastFrame, 'choose a lesson');
  stdin.write('\r');
  await frameWith(lastFrame, 'step 1 of 2', 'r run');
  stdin.write('r');
  await frameWith(lastFrame, '✔ PASS', 'n next');
  stdin.write('n');
  await frameWith(lastFrame, 'step 2 of 2', 'r run');
  stdin.write('r');
  let f = await frameWith(lastFrame, 'VERIFYING', /attempt [2-9] · [\d.]+s of 10s/);
  expect(f).toContain('want status 000 · last saw status 200');
  f = await frameWith(lastFrame, '✔ PASS');
  expect(f).toMatch(/✔ PASS attempt \d+ · [\d.]+s · saw 000 \(no response, exit 56\)/);
  expect(f).not.toContain('FAIL');
});
