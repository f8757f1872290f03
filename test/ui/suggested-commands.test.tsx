// Every meshwalk command the TUI prints must work as printed for the cluster in use: the test
// reads the suggestion off the screen and runs it with the built CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import { clusterFlags } from '../../src/commands/cluster-flags.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { strictLesson } from './helpers/lessons.js';
import { frameWith } from './helpers/drive.js';
import { renderAt } from './helpers/terminal.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
// A real lesson id, so `meshwalk reset` accepts it; one step that passes at once.
const lesson = { ...strictLesson, id: 'into-the-mesh', steps: [strictLesson.steps[0]!] };

function ports(): UiPorts {
  const cluster = fakeCluster(0);
  return {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using the simulated cluster.',
      forLesson: () => cluster,
      commandFlags: clusterFlags('sim'),
    }),
    loadLessons: async () => ({ lessons: [lesson], problems: [] }),
    readProgress: async () => ({ byLesson: {} }),
    saveProgress: () => {},
    engine: { maxIntervalMs: 50 },
  };
}

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));

function runPrinted(command: string) {
  const home = mkdtempSync(join(tmpdir(), 'mw-suggest-'));
  const args = command.trim().split(/\s+/).slice(1); // drop "meshwalk"
  return spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, MESHWALK_HOME: home, KUBECONFIG: join(home, 'none') },
    encoding: 'utf8',
  });
}

describe('commands the TUI suggests', () => {
  it.each([
    ['the step screen', false],
    ['--plain', true],
  ])('on %s, the clean-up command on the completion line works on the simulated cluster', async (_where, plain) => {
    const t = renderAt(
      <ThemeContext.Provider value={{ color: false, plain }}>
        <App ports={ports()} />
      </ThemeContext.Provider>,
      120,
      40,
    );
    unmounts.push(t.unmount);
    await frameWith(t.lastFrame, 'choose a lesson');
    t.stdin.write('\r');
    await frameWith(t.lastFrame, 'r run');
    t.stdin.write('r');
    await frameWith(t.lastFrame, 'n finish');
    t.stdin.write('n');
    const f = await frameWith(t.lastFrame, 'Lesson complete');
    const printed = /(meshwalk reset [^\n]*?)\s*$/m.exec(
      f.split('\n').find((l) => l.includes('meshwalk reset')) ?? '',
    )?.[1];
    expect(printed).toBe('meshwalk reset into-the-mesh --cluster sim');
    const r = runPrinted(printed!);
    expect(r.status, r.stderr).toBe(0);
  });

  it('names a real context as --context, which reset accepts', () => {
    expect(clusterFlags('context:minikube')).toBe('--context minikube');
    expect(clusterFlags('context:dev box', ['dev box'])).toBe("--context 'dev box' --allow-context 'dev box'");
  });
});
