// "The learner sees exactly what runs": the real adapter's displayArgv is the argv its stand-in
// executables really receive (the same pinning: --context, -p, --request-timeout).
import { describe, expect, it } from 'vitest';
import { createRealCluster } from '../../src/cluster/real.js';
import { createSession } from '../../src/engine/session.js';
import { systemClock } from '../../src/system-clock.js';
import { stepView } from '../../src/engine/view.js';
import type { Lesson } from '../../src/lesson/schema.js';
import { standins } from './standins.js';

describe('real adapter displayArgv', () => {
  it.each([
    [['kubectl', 'get', 'pods', '-n', 'demo'], 10_000],
    [['kubectl', 'exec', 'deploy/sleep', '-n', 'demo', '--', 'curl', '-s', 'http://x'], 30_000],
    [['istioctl', 'version'], 30_000],
    [['minikube', 'ip'], 30_000],
  ])('shows %j as the stand-in receives it', async (argv, timeoutMs) => {
    const s = standins([{ tool: argv[0] as 'kubectl', stdout: 'ok' }]);
    const cluster = createRealCluster({ context: 'mk', minikubeProfile: 'mk', cwd: s.dir, env: s.env });
    const shown = cluster.displayArgv?.(argv, { timeoutMs });
    await cluster.run(argv, { timeoutMs });
    const call = s.calls().at(-1);
    expect(shown).toEqual([call?.tool, ...(call?.argv ?? [])]);
    expect(shown).not.toEqual(argv);
  });

  it('a command naming another context is shown as written (run refuses it)', () => {
    const cluster = createRealCluster({ context: 'mk', cwd: '/tmp', env: {} });
    expect(cluster.displayArgv?.(['kubectl', '--context', 'prod', 'get', 'pods'])).toEqual([
      'kubectl',
      '--context',
      'prod',
      'get',
      'pods',
    ]);
    expect(cluster.displayArgv?.(['meshwalk', 'token', '--sub', 'alice'])).toEqual([
      'meshwalk',
      'token',
      '--sub',
      'alice',
    ]);
  });

  it('the engine shows the pinned commands in the step view and the result stream, and runs them', async () => {
    const s = standins([{ tool: 'kubectl', stdout: 'namespace/books created' }]);
    const cluster = createRealCluster({ context: 'mk', cwd: s.dir, env: s.env });
    const lesson: Lesson = {
      id: 'demo',
      title: 'Demo',
      summary: 'A demo.',
      istio: ['1.24'],
      steps: [
        {
          id: 'a',
          title: 'A',
          run: 'kubectl create namespace books',
          verify: { run: 'kubectl get ns books', expect: { contains: 'created' }, timeout: '10s' },
        },
      ],
    };
    const events: { type: string; command?: string; argv?: string[] }[] = [];
    const session = createSession(
      lesson,
      { mode: 'demo', saveProgress: false },
      { cluster, clock: systemClock, onResult: (e) => events.push(e) },
    );
    expect(stepView(session.getState())?.commands.map((c) => c.display)).toEqual([
      'kubectl --context mk --request-timeout=24s create namespace books',
    ]);
    expect(stepView(session.getState())?.verify?.display).toBe(
      'kubectl --context mk --request-timeout=8s get ns books',
    );
    session.start();
    const final = await session.finished;
    session.dispose();
    expect(final.outcome).toBe('passed');
    expect(events.find((e) => e.type === 'CommandStarted')).toMatchObject({
      command: 'kubectl --context mk --request-timeout=24s create namespace books',
      argv: ['kubectl', '--context', 'mk', '--request-timeout=24s', 'create', 'namespace', 'books'],
    });
    expect(events.find((e) => e.type === 'VerificationStarted')?.command).toBe(
      'kubectl --context mk --request-timeout=8s get ns books',
    );
    expect(s.calls().map((c) => ['kubectl', ...c.argv].join(' '))).toEqual([
      'kubectl --context mk --request-timeout=24s create namespace books',
      'kubectl --context mk --request-timeout=8s get ns books',
    ]);
  });
});
