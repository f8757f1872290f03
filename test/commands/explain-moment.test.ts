// why? explains the request the last attempt made, against the configuration the sidecars had
// then (propagation included), and says when a newer configuration is still on its way.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const strict =
  'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: foo\nspec:\n  mtls:\n    mode: STRICT\n';

function cluster() {
  const home = mkdtempSync(join(tmpdir(), 'mw-moment-'));
  const env = { ...process.env, MESHWALK_HOME: home, KUBECONFIG: join(home, 'none') };
  const mw = (args: string[], input?: string) =>
    spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', ...(input ? { input } : {}) });
  const sim = (...args: string[]) => mw(['sim', '--propagation', '8000', '--', ...args]);
  for (const a of [
    ['kubectl', 'create', 'ns', 'foo'],
    ['kubectl', 'label', 'ns', 'foo', 'istio-injection=enabled'],
    ['kubectl', 'apply', '-f', 'samples/httpbin/httpbin.yaml', '-n', 'foo'],
    ['kubectl', 'create', 'ns', 'legacy'],
    ['kubectl', 'apply', '-f', 'samples/sleep/sleep.yaml', '-n', 'legacy'],
  ])
    expect(sim(...a).status).toBe(0);
  expect(mw(['sim', '--propagation', '8000', '--', 'kubectl', 'apply', '-f', '-'], strict).status).toBe(0);
  const applied = Date.now(); // just after the apply: an attempt made at this moment
  const explain = (...extra: string[]) =>
    mw(['explain', '--from', 'legacy/sleep', '--to', 'http://httpbin.foo:8000/ip', ...extra]);
  return { sim, explain, applied };
}

describe('explain on a simulated cluster with a propagation delay', () => {
  it('explains what curl sees now, while STRICT is still on its way, and says so', () => {
    const { sim, explain } = cluster();
    expect(
      sim(
        'kubectl',
        'exec',
        'deploy/sleep',
        '-n',
        'legacy',
        '--',
        'curl',
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        'http://httpbin.foo:8000/ip',
      ).stdout,
    ).toBe('200');
    const r = explain();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('curl sees: HTTP/1.1 200 OK');
    expect(r.stdout).toMatch(
      /Note: a PeerAuthentication foo\/default applied \d+\.\d s ago has not reached the sidecars yet \(changes take 8\.0 s to propagate\)/,
    );
  });

  it('--at explains an earlier request against the configuration of that moment', () => {
    const { explain, applied } = cluster();
    const r = explain('--at', String(applied));
    expect(r.stdout).toContain('curl sees: HTTP/1.1 200 OK');
    expect(r.stdout).toMatch(/applied \d+\.\d s before that request had not reached the sidecars yet/);
    // Once propagated (no delay asked), the same request is reset by the server's sidecar.
    expect(explain('--propagation', '0').stdout).toContain('connection reset by the server sidecar');
  });
});
