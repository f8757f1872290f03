/** kubectl annotate and patch on the simulated cluster, worded as kubectl 1.32 prints them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster() {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwannotate-'));
  dirs.push(stateDir);
  const now = Date.parse('2025-01-01T00:00:00Z');
  return (line: string | string[], stdin = '') => runSimCommand(Array.isArray(line) ? line : line.split(' '), { stateDir, stdin, cwd: stateDir, now });
}

const POLICY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-path-headers, namespace: foo}
spec:
  selector: {matchLabels: {app: httpbin}}
  action: DENY
  rules: [{to: [{operation: {paths: ["/headers"]}}]}]
`;

describe('kubectl annotate', () => {
  test('the authz dry-run task: set, refuse without --overwrite, overwrite, remove', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    await run('kubectl create -f -', POLICY);
    expect(await run(['kubectl', 'annotate', '--overwrite', 'authorizationpolicies', 'deny-path-headers', '-n', 'foo', 'istio.io/dry-run=true']))
      .toEqual({ stdout: 'authorizationpolicy.security.istio.io/deny-path-headers annotated\n', stderr: '', exitCode: 0 });
    expect((await run('kubectl get ap deny-path-headers -n foo -o jsonpath={.metadata.annotations}')).stdout).toBe('{"istio.io/dry-run":"true"}');
    // The same value again is no change and needs no --overwrite; a new value does.
    expect((await run('kubectl annotate ap/deny-path-headers -n foo istio.io/dry-run=true')).exitCode).toBe(0);
    expect(await run('kubectl annotate ap deny-path-headers -n foo istio.io/dry-run=false')).toEqual({
      stdout: '',
      stderr: "error: --overwrite is false but found the following declared annotation(s): 'istio.io/dry-run' already has a value (true)\n",
      exitCode: 1,
    });
    expect((await run('kubectl annotate ap deny-path-headers -n foo istio.io/dry-run=false --overwrite')).stdout).toBe('authorizationpolicy.security.istio.io/deny-path-headers annotated\n');
    expect((await run('kubectl get ap deny-path-headers -n foo -o jsonpath={.metadata.annotations.istio\\.io/dry-run}')).stdout).toBe('false');
    expect((await run('kubectl annotate ap deny-path-headers -n foo istio.io/dry-run-')).stdout).toBe('authorizationpolicy.security.istio.io/deny-path-headers annotated\n');
    expect((await run('kubectl get ap deny-path-headers -n foo -o jsonpath={.metadata.annotations}')).stdout).toBe('');
  });

  test('core kinds, --all, not found and argument errors', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    expect((await run('kubectl annotate ns foo owner=team-a')).stdout).toBe('namespace/foo annotated\n');
    expect((await run('kubectl annotate sa --all -n foo note=x')).stdout).toBe('serviceaccount/default annotated\n');
    expect(await run('kubectl annotate ap nope -n foo a=b')).toMatchObject({ stderr: 'Error from server (NotFound): authorizationpolicies.security.istio.io "nope" not found\n', exitCode: 1 });
    expect((await run('kubectl annotate ns foo')).stderr).toBe('error: at least one annotation update is required\n');
    expect((await run('kubectl annotate a=b')).stderr).toBe('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
    expect((await run('kubectl annotate ns a=b foo')).stderr).toBe('error: all resources must be specified before annotation changes: foo\n');
    expect((await run('kubectl annotate ns foo a=1 a-')).stderr).toBe('error: can not both modify and remove the following annotation(s) in the same command: a\n');
    const bad = await run('kubectl annotate ns foo Bad_/x=1');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^The Namespace "foo" is invalid: metadata\.annotations: Invalid value: "Bad_\/x": prefix part a lowercase RFC 1123 subdomain/);
  });
});
