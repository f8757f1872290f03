import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import { splitRows } from '../../src/ui/step-layout.js';
import type { ProgressSnapshot } from '../../src/engine/index.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { jwtLesson, strictLesson } from './helpers/lessons.js';
import { frameWhere, frameWith } from './helpers/drive.js';
import { renderAt } from './helpers/terminal.js';

const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} explains one more thing about **mTLS**.`).join(
  '\n\n',
);
const wordy = {
  ...strictLesson,
  steps: [{ ...strictLesson.steps[0]!, text: long, run: 'kubectl get pods -A' }, ...strictLesson.steps.slice(1)],
};

function ports(saved: ProgressSnapshot[] = []): UiPorts {
  const cluster = fakeCluster(0);
  return {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using the simulated cluster (--cluster sim).',
      forLesson: () => cluster,
    }),
    loadLessons: async () => ({ lessons: [wordy, jwtLesson], problems: [] }),
    readProgress: async () => ({ byLesson: Object.fromEntries(saved.map((p) => [p.lesson, p])) }),
    saveProgress: () => {},
    engine: { maxIntervalMs: 50 },
  };
}

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));

const lines = (f: string) => f.split('\n');

describe('layout', () => {
  it('splits rows: output wins while it exists, the explanation keeps a few', () => {
    expect(splitRows(24, { fixed: 8, body: 40, output: 0 })).toEqual({ bodyRows: 15, outputRows: 0 });
    expect(splitRows(24, { fixed: 8, body: 40, output: 100 })).toEqual({ bodyRows: 3, outputRows: 11 });
    expect(splitRows(24, { fixed: 8, body: 2, output: 4 })).toEqual({ bodyRows: 2, outputRows: 4 });
  });

  it('fits the step screen in 80×24 with a long explanation and long output, and re-fits on resize', async () => {
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
    let f = await frameWith(t.lastFrame, 'step 1 of 3');
    expect(lines(f).length).toBeLessThan(24);
    expect(Math.max(...lines(f).map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(f).toMatch(/↓ \d+ more lines \(PgDn\)/);

    t.stdin.write('\u001b[6~'); // PgDn
    f = await frameWith(t.lastFrame, /↑ \d+ more lines \(PgUp\)/);

    t.stdin.write('r');
    f = await frameWith(t.lastFrame, '✔ PASS', '── output ──');
    expect(lines(f).length).toBeLessThan(24);
    expect(f).toMatch(/↑ \d+ more$/m); // the pane is bounded and says so
    expect(f).toContain('pod-59');
    t.stdin.write('\u001b[A'); // ↑ scrolls the output back one line
    f = await frameWith(t.lastFrame, /↑ \d+ more ↓ 1 more/);
    expect(f).not.toContain('pod-59');

    const before = t.stdout.frames.length;
    t.stdout.resize(50, 16);
    expect(t.stdout.frames.slice(before)).toContain('\u001b[2J\u001b[H'); // narrower: the screen is cleared first
    f = await frameWhere(t.lastFrame, (x) => x.includes('✔ PASS') && Math.max(...lines(x).map((l) => l.length)) <= 50);
    expect(lines(f).length).toBeLessThan(16);
    expect(Math.max(...lines(f).map((l) => l.length))).toBeLessThanOrEqual(50);
    expect(f).toContain('q quit');
  });
});

describe('scrolling the explanation and why?', () => {
  // PgDn through a long why?, then back (w) or check again (r): the explanation must
  // come back at its top, not scrolled past its end with empty rows below.
  const failing = {
    ...strictLesson,
    steps: [{ ...strictLesson.steps[1]!, text: long, verify: { ...strictLesson.steps[1]!.verify!, timeout: '200ms' } }],
  };
  const why = Array.from({ length: 30 }, (_, i) => `why line ${i + 1}`).join('\n');
  const whyPorts = (): UiPorts => ({
    ...ports(),
    loadLessons: async () => ({ lessons: [failing], problems: [] }),
    explain: async () => why,
  });

  it.each([
    ['w (back to the explanation)', 'w'],
    ['r (check again, which closes why?)', 'r'],
  ])('after paging through why?, %s shows the explanation from its top', async (_what, key) => {
    const t = renderAt(
      <ThemeContext.Provider value={{ color: false, plain: false }}>
        <App ports={whyPorts()} />
      </ThemeContext.Provider>,
      80,
      24,
    );
    unmounts.push(t.unmount);
    await frameWith(t.lastFrame, 'choose a lesson');
    t.stdin.write('\r');
    await frameWith(t.lastFrame, 'step 1 of 1', 'Paragraph 1 ');
    t.stdin.write('r');
    // why? is offered while the check still waits too: open it once the check has failed, so `r` means retry.
    await frameWith(t.lastFrame, '✘ FAIL', 'w why?');
    t.stdin.write('w');
    await frameWith(t.lastFrame, 'why line 1');
    for (let i = 0; i < 8; i++) t.stdin.write('\u001b[6~'); // PgDn, past the end
    let f = await frameWith(t.lastFrame, 'why line 30');
    t.stdin.write(key);
    f = await frameWhere(t.lastFrame, (x) => !x.includes('why line'));
    expect(f).toContain('Paragraph 1 ');
    expect(f).not.toMatch(/↑ \d+ more lines \(PgUp\)/);
  });

  it('PgDn stops when the last line of the explanation is at the bottom: no empty rows below', async () => {
    const t = renderAt(
      <ThemeContext.Provider value={{ color: false, plain: false }}>
        <App ports={whyPorts()} />
      </ThemeContext.Provider>,
      80,
      24,
    );
    unmounts.push(t.unmount);
    await frameWith(t.lastFrame, 'choose a lesson');
    t.stdin.write('\r');
    await frameWith(t.lastFrame, 'step 1 of 1', 'Paragraph 1 ');
    for (let i = 0; i < 40; i++) t.stdin.write('\u001b[6~');
    const f = await frameWith(t.lastFrame, 'Paragraph 40 ');
    // The explanation fills its rows: several paragraphs are visible, not only the last one.
    expect(f).toContain('Paragraph 38 ');
    t.stdin.write('\u001b[5~'); // one PgUp moves up at once (no hidden overshoot to undo)
    const up = await frameWhere(t.lastFrame, (x) => !x.includes('Paragraph 40 '));
    expect(up).toMatch(/Paragraph 3\d /);
  });
});

describe('plain mode', () => {
  it('prints a linear transcript with status words and no drawing characters', async () => {
    const t = renderAt(
      <ThemeContext.Provider value={{ color: false, plain: true }}>
        <App ports={ports()} />
      </ThemeContext.Provider>,
      80,
      24,
      { screenReader: true },
    );
    unmounts.push(t.unmount);
    await frameWith(t.lastFrame, 'choose a lesson');
    t.stdin.write('\r');
    await frameWith(t.lastFrame, 'Step 1 of 3: Look at the namespace [TO DO]');
    t.stdin.write('r');
    const f = await frameWith(t.lastFrame, '[PASS] Look at the namespace');
    expect(f).toContain('Runs: kubectl get pods -A');
    expect(f).toContain('$ kubectl get pods -A');
    expect(f).toContain('Keys: r run again, n next');
    expect(f).not.toMatch(/[╭│─✔✘⠋]/);
  });
});
