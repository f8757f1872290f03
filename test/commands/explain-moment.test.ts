// why? explains the request the last attempt made, against the configuration the sidecars had
// then (propagation included), and says when a newer configuration is still on its way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainOn } from '../../src/commands/explain.js';
import { flagsRequest } from '../../src/http/curl-request.js';
import { meshwalkHere, recordingIo } from './run-check-fixtures.js';

const strict =
  'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: foo\nspec:\n  mtls:\n    mode: STRICT\n';

async function cluster() {
  const home = mkdtempSync(join(tmpdir(), 'mw-moment-'));
  const env = { ...process.env, MESHWALK_HOME: home, KUBECONFIG: join(home, 'none') };
  const mw = (args: string[], stdin?: string) => meshwalkHere(args, env, stdin ? { stdin } : {});
  const sim = (...args: string[]) => mw(['sim', '--propagation', '8000', '--', ...args]);
  for (const a of [
    ['kubectl', 'create', 'ns', 'foo'],
    ['kubectl', 'label', 'ns', 'foo', 'istio-injection=enabled'],
    ['kubectl', 'apply', '-f', 'samples/httpbin/httpbin.yaml', '-n', 'foo'],
    ['kubectl', 'create', 'ns', 'legacy'],
    ['kubectl', 'apply', '-f', 'samples/sleep/sleep.yaml', '-n', 'legacy'],
  ])
    expect((await sim(...a)).status).toBe(0);
  expect((await mw(['sim', '--propagation', '8000', '--', 'kubectl', 'apply', '-f', '-'], strict)).status).toBe(0);
  const applied = Date.now(); // just after the apply: an attempt made at this moment
  const explain = (...extra: string[]) =>
    mw(['explain', '--from', 'legacy/sleep', '--to', 'http://httpbin.foo:8000/ip', ...extra]);
  return { sim, explain, applied, home, env };
}

describe('explain on a simulated cluster with a propagation delay', () => {
  it('explains what curl sees now, while STRICT is still on its way, and says so', async () => {
    const { sim, explain } = await cluster();
    expect(
      (
        await sim(
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
        )
      ).stdout,
    ).toBe('200');
    const r = await explain();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('curl sees: HTTP/1.1 200 OK');
    expect(r.stdout).toMatch(
      /Note: a PeerAuthentication foo\/default applied \d+\.\d s ago has not reached the sidecars yet \(changes take 8\.0 s to propagate\)/,
    );
  });

  it('--at explains an earlier request against the configuration of that moment', async () => {
    const { explain, applied, home, env } = await cluster();
    const r = await explain('--at', String(applied));
    expect(r.stdout).toContain('curl sees: HTTP/1.1 200 OK');
    expect(r.stdout).toMatch(/applied \d+\.\d s before that request had not reached the sidecars yet/);
    // why? asks the same question of the same request, and gets the same answer.
    const request = flagsRequest(
      { kind: 'workload', namespace: 'legacy', name: 'sleep' },
      {
        url: 'http://httpbin.foo:8000/ip',
      },
    );
    const why = await explainOn(request, { state: join(home, 'sim'), at: applied }, recordingIo(env));
    expect(why).toEqual({ ok: true, text: r.stdout });
    // Once propagated (no delay asked), the same request is reset by the server's sidecar.
    expect((await explain('--propagation', '0')).stdout).toContain('connection reset by the server sidecar');
  });
});
