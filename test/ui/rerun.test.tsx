// r on a done step asks, in the footer, and runs the step again only on y.
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import type { ProgressSnapshot } from '../../src/engine/index.js';
import { fakeCluster, type FakeCluster } from './helpers/fake-cluster.js';
import { strictLesson } from './helpers/lessons.js';
import { frameWhere, frameWith, tick } from './helpers/drive.js';
import { renderAt } from './helpers/terminal.js';

const lesson = {
  ...strictLesson,
  steps: [
    { ...strictLesson.steps[0]!, title: 'Create the TLS secret the ingress gateway serves for books.example.com' },
    ...strictLesson.steps.slice(1),
  ],
};
const lookDone: ProgressSnapshot = {
  lesson: 'strict-mtls',
  done: ['look'],
  skipped: [],
  current: 'look',
  finished: false,
};

function ports(cluster: FakeCluster): UiPorts {
  return {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using the simulated cluster.',
      forLesson: () => cluster,
    }),
    loadLessons: async () => ({ lessons: [lesson], problems: [] }),
    readProgress: async () => ({ byLesson: { 'strict-mtls': lookDone } }),
    saveProgress: () => {},
    engine: { maxIntervalMs: 50 },
  };
}

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));

async function open(cluster: FakeCluster) {
  const t = renderAt(
    <ThemeContext.Provider value={{ color: false, plain: false }}>
      <App ports={ports(cluster)} />
    </ThemeContext.Provider>,
    80,
    24,
  );
  unmounts.push(t.unmount);
  await frameWith(t.lastFrame, 'choose a lesson');
  t.stdin.write('\r');
  await frameWith(t.lastFrame, 'step 1 of 3', '✔ PASS', 'r run again');
  return t;
}

const ran = (c: FakeCluster) => c.runs.filter((a) => a.join(' ') === 'kubectl get ns books').length;

describe('r on a passed step', () => {
  it('asks in the footer, wrapped at 80 columns, and n leaves the step as it was', async () => {
    const cluster = fakeCluster(0);
    const t = await open(cluster);
    t.stdin.write('r');
    const f = await frameWith(t.lastFrame, 'again? y/n');
    const rows = f.split('\n');
    expect(rows.slice(-2)).toEqual([
      'Run step 1 (Create the TLS secret the ingress gateway serves for',
      'books.example.com) again? y/n',
    ]);
    expect(rows.length).toBeLessThanOrEqual(24);
    expect(Math.max(...rows.map((r) => r.length))).toBeLessThanOrEqual(80);
    expect(f).not.toContain('n next');
    t.stdin.write('n');
    const back = await frameWith(t.lastFrame, 'r run again', 'n next');
    expect(back).not.toContain('again? y/n');
    expect(back).toContain('step 1 of 3'); // n answered the question: it did not move on
    await tick();
    expect(ran(cluster)).toBe(0);
  });

  it('Esc leaves it too', async () => {
    const cluster = fakeCluster(0);
    const t = await open(cluster);
    t.stdin.write('r');
    await frameWith(t.lastFrame, 'again? y/n');
    t.stdin.write('\u001b');
    await frameWhere(t.lastFrame, (f) => f.includes('r run again') && !f.includes('y/n'));
    await tick();
    expect(ran(cluster)).toBe(0);
  });

  it('y runs its command and check again, and it stays passed', async () => {
    const cluster = fakeCluster(0);
    const t = await open(cluster);
    t.stdin.write('r');
    await frameWith(t.lastFrame, 'again? y/n');
    t.stdin.write('y');
    const f = await frameWith(t.lastFrame, '$ kubectl get ns books', '✔ PASS', 'r run again');
    expect(f).toContain('step 1 of 3');
    expect(ran(cluster)).toBe(1);
  });
});

describe('the label of r on a done step', () => {
  it('says check again where only the check runs, run again where a skipped step runs its solution', async () => {
    const { footerLabels } = await import('../../src/ui/StepScreen.js');
    const { initialState } = await import('../../src/engine/advance.js');
    const { stepInfo } = await import('../../src/ui/step-info.js');
    const yours = {
      ...strictLesson,
      steps: [{ ...strictLesson.steps[1]!, solve: [{ run: 'kubectl label ns books strict=true' }] }],
    };
    const passed = initialState(yours, { mode: 'learn', resume: { done: ['strict'], skipped: [] } });
    const skipped = initialState(yours, { mode: 'learn', resume: { done: [], skipped: ['strict'] } });
    expect(footerLabels(passed, stepInfo(passed, 0)).rerun).toBe('check again');
    expect(footerLabels(skipped, stepInfo(skipped, 0)).rerun).toBeUndefined();
  });
});
