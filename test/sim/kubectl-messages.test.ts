/**
 * kubectl messages checked against kubectl 1.32's source (k8s.io/kubectl v0.32.4):
 * apply's missing-name and failed-patch wrappers (apply.go applyOneObject, patcher.go Patch,
 * cmdutil.AddSourceToErr, resource.Info.String), and delete's result lines (delete.go).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { shlexSplit } from '../../src/sim/shell-words.js';
import { goJson, threeWayMergePatch } from '../../src/sim/kubectl/merge-patch.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster() {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwmsg-'));
  dirs.push(stateDir);
  return (line: string, stdin = '') =>
    runSimCommand(shlexSplit(line), { stateDir, stdin, cwd: stateDir, now: Date.parse('2025-01-01T00:00:00Z') });
}

describe('kubectl apply messages', () => {
  test('a manifest without a name: the Info names the mapping with "/v1" for the core group', async () => {
    const run = cluster();
    expect(await run('kubectl apply -f -', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n')).toEqual({
      stdout: '',
      stderr:
        'error: error when retrieving current configuration of:\nResource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\nName: "", Namespace: "default"\nfrom server for: "STDIN": resource name may not be empty\n',
      exitCode: 1,
    });
    await run('kubectl create ns foo');
    const pa = await run(
      'kubectl apply -n foo -f -',
      'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {}\nspec: {mtls: {mode: STRICT}}\n',
    );
    expect(pa.stderr).toContain(
      'Resource: "security.istio.io/v1beta1, Resource=peerauthentications", GroupVersionKind: "security.istio.io/v1beta1, Kind=PeerAuthentication"\nName: "", Namespace: "foo"\n',
    );
  });

  test('a patch the server refuses: the patch, the object, then "error when patching"', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const v1 =
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n';
    expect((await run('kubectl apply -f -', v1)).stdout).toBe('peerauthentication.security.istio.io/default created\n');
    const bad =
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}, bogus: 1}\n';
    const r = await run('kubectl apply -f -', bad);
    expect(r.exitCode).toBe(1);
    const lastApplied = JSON.stringify(
      `${JSON.stringify({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { annotations: {}, name: 'default', namespace: 'foo' }, spec: { bogus: 1, mtls: { mode: 'STRICT' } } })}\n`,
    );
    expect(r.stderr).toBe(
      `Error from server (BadRequest): error when applying patch:\n{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":${lastApplied}}},"spec":{"bogus":1}}\nto:\n` +
        'Resource: "security.istio.io/v1, Resource=peerauthentications", GroupVersionKind: "security.istio.io/v1, Kind=PeerAuthentication"\nName: "default", Namespace: "foo"\n' +
        // patch.go returns the strict decoding error alone (no "cannot be handled as" of create.go).
        'for: "STDIN": error when patching "STDIN": strict decoding error: unknown field "spec.bogus"\n',
    );
  });

  test('three-way merge patch: changes from live, deletions from last-applied only', () => {
    const original = { spec: { a: 1, b: 2 } };
    const modified = { spec: { a: 1, c: 3 } };
    const current = { spec: { a: 5, b: 2, d: 4 }, status: { x: 1 } };
    expect(goJson(threeWayMergePatch(original, modified, current))).toBe('{"spec":{"a":1,"b":null,"c":3}}');
    expect(goJson({ s: '<a&b>' })).toBe('{"s":"\\u003ca\\u0026b\\u003e"}');
  });
});

describe('kubectl delete messages', () => {
  test('-l or --all matching nothing prints "No resources found" on stdout; a missing name is an error', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    expect(await run('kubectl delete pods -l app=nope -n foo')).toEqual({
      stdout: 'No resources found\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await run('kubectl delete peerauthentication --all -n foo')).toEqual({
      stdout: 'No resources found\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await run('kubectl delete peerauthentication nope -n foo')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): peerauthentications.security.istio.io "nope" not found\n',
      exitCode: 1,
    });
    // --ignore-not-found: the name was visited, so nothing at all is printed.
    expect(await run('kubectl delete peerauthentication nope -n foo --ignore-not-found')).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
  });

  test('--force deletes immediately, with the warning; -n with a cluster-scoped object warns once', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    await run('kubectl create ns bar');
    await run('kubectl create serviceaccount x -n foo');
    expect(await run('kubectl delete sa x -n foo --force')).toEqual({
      stdout: 'serviceaccount "x" force deleted\n',
      stderr:
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      exitCode: 0,
    });
    expect(await run('kubectl delete sa y -n foo --force --grace-period=5')).toMatchObject({
      stderr: 'error: --force and --grace-period greater than 0 cannot be specified together\n',
      exitCode: 1,
    });
    expect(await run('kubectl delete ns bar -n foo')).toEqual({
      stdout: 'namespace "bar" deleted\n',
      stderr: 'Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n',
      exitCode: 0,
    });
  });
});

describe('kubectl apply over an object made by kubectl create', () => {
  test('warns that the last-applied annotation is missing, then configures it', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const r = await run('kubectl apply -f -', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: foo}\n');
    expect(r).toEqual({
      stdout: 'namespace/foo configured\n',
      stderr:
        'Warning: resource namespaces/foo is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
      exitCode: 0,
    });
    expect(await run('kubectl apply -f -', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: foo}\n')).toEqual({
      stdout: 'namespace/foo unchanged\n',
      stderr: '',
      exitCode: 0,
    });
    expect(
      (
        await run(
          "kubectl get ns foo -o 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'",
        )
      ).stdout,
    ).toBe('{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"foo"}}\n');
  });
});
