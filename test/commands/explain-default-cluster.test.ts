import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { meshwalkHere } from './run-check-fixtures.js';

it('meshwalk explain with no cluster flag reads the cluster the TUI uses: its simulated cluster here', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mw-explain-'));
  // No kube context: the TUI would use its simulated cluster, in MESHWALK_HOME/sim.
  const env = { ...process.env, MESHWALK_HOME: home, KUBECONFIG: join(home, 'none') };
  const mw = (...args: string[]) => meshwalkHere(args, env);
  expect((await mw('sim', '--', 'kubectl', 'create', 'deployment', 'sleep', '--image=curlimages/curl')).status).toBe(0);
  const r = await mw('explain', '--from', 'default/sleep', '--to', 'http://httpbin.default:8000/ip');
  expect(r.stderr).toContain('meshwalk uses the simulated cluster');
  expect(r.stdout).toContain('Request: GET http://httpbin.default:8000/ip from default/sleep');
  expect(r.status).toBe(0);
  expect(
    (await mw('explain', '--cluster', 'sim', '--from', 'default/sleep', '--to', 'http://httpbin.default:8000/ip'))
      .status,
  ).toBe(0);
  expect((await mw('explain', '--help')).stdout).toMatch(
    /Default: the cluster the TUI uses[\s\S]*sim\/ under meshwalk's data directory[\s\S]*MESHWALK_HOME/,
  );
});
