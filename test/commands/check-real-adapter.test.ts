// `check` through the real (execa) adapter: stand-in kubectl/curl/istioctl on PATH that forward
// to the simulator (test/fixtures/bin-sim), so every command is a real child process, kubectl is
// pinned to a context, and `meshwalk token` runs as this meshwalk's own CLI. The lesson
// (test/fixtures/real-adapter) has each kind of action once; the shipped lessons run end to end
// on the simulated cluster in check-releases.test.ts, where a process per command would cost minutes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkLessons } from '../../src/commands/check.js';
import { createRealCluster } from '../../src/cluster/real.js';
import { jsonLines } from '../support/json-lines.js';
import { recordingIo } from './run-check-fixtures.js';

it('runs lessons end to end through execa, including a var captured from `meshwalk token`', async () => {
  const state = mkdtempSync(join(tmpdir(), 'meshwalk-standin-state-'));
  const env = {
    ...process.env,
    PATH: `${join(process.cwd(), 'test', 'fixtures', 'bin-sim')}:${process.env.PATH ?? ''}`,
    MESHWALK_SIM_STATE: state,
  };
  const io = recordingIo(env);
  const code = await checkLessons(
    {
      lessons: ['token-door'],
      lessonsDir: join(process.cwd(), 'test', 'fixtures', 'real-adapter', 'lessons'),
      cluster: 'current',
      propagationMs: 0,
      json: true,
    },
    io,
    async () => ({
      kind: 'real',
      key: 'context:minikube',
      line: 'stand-ins on PATH',
      forWorkDir: (cwd) => createRealCluster({ context: 'minikube', cwd, env }),
    }),
  );
  const events = jsonLines<{
    type: string;
    preview?: string;
    outcome?: string;
    phase?: string;
    command?: string;
  }>(io.out());
  expect(events.filter((e) => e.type === 'LessonFinished').map((e) => e.outcome)).toEqual(['passed']);
  // Each check was seen able to fail first (403 before the policy), then passing.
  expect(events.some((e) => e.type === 'AttemptObserved' && e.phase === 'before')).toBe(true);
  expect(code).toBe(0);
  const token = events.find((e) => e.type === 'VarCaptured' && e.preview?.startsWith('eyJ'));
  expect(token?.preview).toMatch(/^eyJ.{9}… \(\d+ characters\)$/);
  // Shown as it runs: every kubectl command and probe carries the pinned context.
  const shown = events
    .filter((e) => e.type === 'CommandStarted' || e.type === 'VerificationStarted')
    .map((e) => e.command ?? '');
  const kubectl = shown.filter((c) => c.startsWith('kubectl '));
  expect(kubectl.length).toBeGreaterThan(5);
  expect(kubectl.filter((c) => !c.startsWith('kubectl --context minikube '))).toEqual([]);
}, 120_000);
