// A step the learner does shows the `meshwalk shell` command for the cluster in use, on the step
// screen and in --plain; read off the screen and run with the built CLI, it opens a shell in the
// lesson's work folder with the step's starting manifest there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/ui/App.js';
import { clusterFlags } from '../../src/ui/meshwalk-command.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ThemeContext } from '../../src/ui/theme.js';
import { fakeCluster } from '../ui/helpers/fake-cluster.js';
import { strictLesson } from '../ui/helpers/lessons.js';
import { frameWith } from '../ui/helpers/drive.js';
import { renderAt } from '../ui/helpers/terminal.js';
import { baseEnv, CLI, shell, tmp } from './shell-run.js';

// The ids of a shipped "your turn" step, so the printed command finds it.
const yours = { ...strictLesson.steps[1]!, id: 'fix-selector' };
const lesson = { ...strictLesson, id: 'peer-authentication', steps: [yours, strictLesson.steps[0]!] };

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

describe('the your-turn step suggests meshwalk shell', () => {
  it.each([
    ['the step screen', false],
    ['--plain', true],
  ])('on %s, and the command works as printed', async (_where, plain) => {
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
    const f = await frameWith(t.lastFrame, 'meshwalk shell');
    const line = f.split('\n').find((l) => l.includes('meshwalk shell')) ?? '';
    const printed = /(meshwalk shell .*?)\s*$/.exec(line)?.[1];
    expect(printed).toBe('meshwalk shell peer-authentication --step fix-selector --cluster sim');
    // Printed once, on the step that is yours.
    expect(f.split('\n').filter((l) => l.includes('meshwalk shell'))).toHaveLength(1);

    const home = tmp('mw-suggest-');
    const r = shell(printed!.split(' ').slice(2), 'pwd\n', baseEnv({ MESHWALK_HOME: home, SHELL: 'sh' }));
    expect(r.exitCode, r.stderr).toBe(0);
    const work = join(home, 'work', 'peer-authentication');
    expect(r.stdout).toBe(`${work}\n`);
    expect(existsSync(join(work, 'books-strict-typo.yaml'))).toBe(true);
  });
});

describe('meshwalk run on a step that is yours', () => {
  it('prints the meshwalk shell command, which works as printed', () => {
    const home = tmp('mw-suggest-');
    // Saved progress (README, "Where meshwalk keeps your files") that is on the your-turn step.
    const lessonFile = readFileSync(resolve(import.meta.dirname, '../../lessons/02-peer-authentication.yaml'), 'utf8');
    const ids = [...lessonFile.matchAll(/^ {2}- id: ([a-z-]+)$/gm)].map((m) => m[1] as string);
    const done = ids.slice(0, ids.indexOf('fix-selector'));
    mkdirSync(join(home, 'progress', 'sim'), { recursive: true });
    const at = '2026-01-01T00:00:00.000Z';
    const entry = {
      version: 1,
      cluster: 'sim',
      lesson: 'peer-authentication',
      done,
      skipped: [],
      current: 'fix-selector',
    };
    writeFileSync(
      join(home, 'progress', 'sim', 'peer-authentication.json'),
      JSON.stringify({ ...entry, startedAt: at, updatedAt: at }),
    );
    const env = baseEnv({ MESHWALK_HOME: home, SHELL: 'sh' });
    const run = spawnSync(process.execPath, [CLI, 'run', 'peer-authentication', '--cluster', 'sim'], {
      input: 'q\n',
      env,
      encoding: 'utf8',
    });
    const printed = /A shell of your own on this cluster: (meshwalk shell .*)$/m.exec(run.stdout)?.[1];
    expect(printed, run.stdout).toBe('meshwalk shell peer-authentication --step fix-selector --cluster sim');
    const r = shell(printed!.split(' ').slice(2), 'ls books-strict-typo.yaml\n', env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('books-strict-typo.yaml\n');
  });
});
