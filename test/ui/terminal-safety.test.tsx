// The TUI with a lesson whose strings and command output hold terminal escapes: no frame carries
// a control character but the colour meshwalk itself adds.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import App from '../../src/ui/App.js';
import type { Lesson } from '../../src/lesson/schema.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { frameWith } from './helpers/drive.js';

afterEach(() => cleanup());

const OSC52 = '\x1b]52;c;cm0gLXJmIH4=\x07';
const escapes: Lesson = {
  id: 'escapes',
  title: `Clipboard ${OSC52}lesson`,
  summary: 'Window \x1b]0;pwned\x07 title',
  istio: ['1.24'],
  steps: [
    {
      id: 'one',
      title: 'Clear \x1b[2J the screen',
      text: 'Over\rwrite, a \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ and \x9b31m C1',
      // The stand-in cluster echoes its arguments: the output pane gets the escapes too.
      run: `kubectl get configmap "${OSC52}out"`,
      hints: ['hint \x1b[5n'],
    },
  ],
};

/** What ink adds itself: colour and style (SGR) sequences. Anything else is the lesson's. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const withoutOwnStyle = (frame: string) => frame.replace(/\x1b\[[0-9;]*m/g, '');
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('the TUI and untrusted lesson text', () => {
  it('shows escapes as visible marks in the picker, the step screen, the output pane and hints', async () => {
    const cluster = fakeCluster(0);
    const ports: UiPorts = {
      selectCluster: async () => ({ label: 'test', line: 'Context \x1b]0;ctx\x07 cluster.', forLesson: () => cluster }),
      loadLessons: async () => ({ lessons: [escapes], problems: [] }),
      readProgress: async () => ({ byLesson: {} }),
      saveProgress: () => undefined,
      engine: { maxIntervalMs: 50 },
    };
    const { lastFrame, frames, stdin } = render(<App ports={ports} />);
    let f = await frameWith(lastFrame, 'choose a lesson');
    expect(f).toContain('Clipboard ␛]52;c;cm0gLXJmIH4=␇lesson');
    stdin.write('\r');
    f = await frameWith(lastFrame, 'step 1 of 1');
    expect(f).toContain('Clear ␛[2J the screen');
    stdin.write('r');
    f = await frameWith(lastFrame, '✔ PASS');
    expect(f).toContain('␛]52;c;cm0gLXJmIH4=␇out');
    stdin.write('h');
    f = await frameWith(lastFrame, 'Hint 1 of 1');
    expect(f).toContain('hint ␛[5n');
    for (const frame of frames) expect(withoutOwnStyle(frame)).not.toMatch(CONTROL);
  });
});
