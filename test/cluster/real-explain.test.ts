import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/port.js';
import { loadRealView } from '../../src/cluster/real-view.js';
import { createSimCluster } from '../../src/cluster/sim.js';
import { command as explain } from '../../src/commands/explain.js';
import { minified } from './scenarios.js';
import { captureIo, standins, type Rule } from './standins.js';

const apps = resolve(import.meta.dirname, '../../manifests/apps');

/**
 * The same mesh twice: once in the simulator, once behind stand-in kubectl answering exactly what
 * the simulator's kubectl answered. `explain --cluster current` must reason as `explain --state` does.
 */
describe('explain --cluster current', () => {
  it('gives the same step-by-step reasoning as on the simulated cluster', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'meshwalk-explain-'));
    const sim = createSimCluster({ stateDir, cwd: stateDir, env: {}, propagationMs: 0 });
    const run = async (argv: string[], stdin?: string) => {
      const r = await sim.run(argv, stdin === undefined ? {} : { stdin });
      // istiod's webhook may warn (a DENY rule with only HTTP attributes); nothing else may be on stderr.
      expect(r.stderr.replace(/^Warning: .*\n/gm, '')).toBe('');
    };
    await run(['kubectl', 'create', 'namespace', 'demo']);
    await run(['kubectl', 'label', 'namespace', 'demo', 'istio-injection=enabled']);
    await run(['kubectl', 'apply', '-n', 'demo', '-f', '-'], readFileSync(join(apps, 'httpbin.yaml'), 'utf8'));
    await run(['kubectl', 'apply', '-n', 'demo', '-f', '-'], readFileSync(join(apps, 'sleep.yaml'), 'utf8'));
    await run(
      ['kubectl', 'apply', '-f', '-'],
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-headers, namespace: demo}
spec:
  selector: {matchLabels: {app: httpbin}}
  action: DENY
  rules: [{to: [{operation: {paths: ["/headers"]}}]}]
`,
    );

    // Record what the simulator's kubectl answers to the reads loadRealView makes.
    const recorded: Rule[] = [];
    const recorder: Cluster = {
      kind: 'real',
      description: 'recorder',
      async run(argv, o) {
        const r = await sim.run(argv, o);
        recorded.push({ tool: 'kubectl', args: argv.slice(1), stdout: r.stdout, stderr: r.stderr, exit: r.exitCode });
        return r;
      },
    };
    await loadRealView(recorder);
    expect(recorded.every((r) => r.exit === 0)).toBe(true);

    const s = standins([]);
    s.setRules([
      {
        tool: 'kubectl',
        args: ['config', 'view'],
        stdout: minified('kind-mesh', 'kind-mesh', 'https://127.0.0.1:40123'),
      },
      { tool: 'kubectl', args: ['get', '--raw', '/readyz'], stdout: 'ok' },
      ...recorded,
    ]);
    const ask = ['--from', 'demo/sleep', '--to', 'http://httpbin.demo:8000/headers'];
    const onSim = captureIo({}, stateDir);
    const onReal = captureIo(s.env, s.dir);
    expect(await explain.main([...ask, '--state', stateDir], onSim.io)).toBe(0);
    expect(await explain.main([...ask, '--cluster', 'current'], onReal.io)).toBe(0);
    expect(onSim.out()).toContain('deny-headers');
    expect(onReal.out()).toBe(onSim.out());
    expect(onReal.err()).toBe('');
    // Read only, and pinned: every kubectl call after the context was read carries it.
    for (const c of s.calls().slice(1)) expect(c.argv.slice(0, 2)).toEqual(['--context', 'kind-mesh']);
    expect(s.calls().some((c) => c.argv.some((a) => ['apply', 'delete', 'create', 'label', 'patch'].includes(a)))).toBe(
      false,
    );
  });
});
