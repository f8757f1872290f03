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
  return (line: string | string[], stdin = '') =>
    runSimCommand(Array.isArray(line) ? line : line.split(' '), { stateDir, stdin, cwd: stateDir, now });
}

const POLICY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-path-headers, namespace: foo}
spec:
  selector: {matchLabels: {app: httpbin}}
  action: DENY
  rules: [{to: [{operation: {paths: ["/headers"]}}]}]
`;

// istiod's webhook admits the update and warns about the DENY rule with only HTTP attributes (validation.go).
const TCP_WARNING =
  'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port';

describe('kubectl annotate', () => {
  test('the authz dry-run task: set, refuse without --overwrite, overwrite, remove', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    await run('kubectl create -f -', POLICY);
    expect(
      await run([
        'kubectl',
        'annotate',
        '--overwrite',
        'authorizationpolicies',
        'deny-path-headers',
        '-n',
        'foo',
        'istio.io/dry-run=true',
      ]),
    ).toEqual({
      stdout: 'authorizationpolicy.security.istio.io/deny-path-headers annotated\n',
      stderr: `Warning: ${TCP_WARNING}\n`,
      exitCode: 0,
    });
    expect((await run('kubectl get ap deny-path-headers -n foo -o jsonpath={.metadata.annotations}')).stdout).toBe(
      '{"istio.io/dry-run":"true"}',
    );
    // The same value again is no change and needs no --overwrite; a new value does.
    expect((await run('kubectl annotate ap/deny-path-headers -n foo istio.io/dry-run=true')).exitCode).toBe(0);
    expect(await run('kubectl annotate ap deny-path-headers -n foo istio.io/dry-run=false')).toEqual({
      stdout: '',
      stderr:
        "error: --overwrite is false but found the following declared annotation(s): 'istio.io/dry-run' already has a value (true)\n",
      exitCode: 1,
    });
    expect((await run('kubectl annotate ap deny-path-headers -n foo istio.io/dry-run=false --overwrite')).stdout).toBe(
      'authorizationpolicy.security.istio.io/deny-path-headers annotated\n',
    );
    expect(
      (await run('kubectl get ap deny-path-headers -n foo -o jsonpath={.metadata.annotations.istio\\.io/dry-run}'))
        .stdout,
    ).toBe('false');
    expect((await run('kubectl annotate ap deny-path-headers -n foo istio.io/dry-run-')).stdout).toBe(
      'authorizationpolicy.security.istio.io/deny-path-headers annotated\n',
    );
    expect((await run('kubectl get ap deny-path-headers -n foo -o jsonpath={.metadata.annotations}')).stdout).toBe('');
  });

  test('core kinds, --all, not found and argument errors', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    expect((await run('kubectl annotate ns foo owner=team-a')).stdout).toBe('namespace/foo annotated\n');
    expect((await run('kubectl annotate sa --all -n foo note=x')).stdout).toBe('serviceaccount/default annotated\n');
    expect(await run('kubectl annotate ap nope -n foo a=b')).toMatchObject({
      stderr: 'Error from server (NotFound): authorizationpolicies.security.istio.io "nope" not found\n',
      exitCode: 1,
    });
    expect((await run('kubectl annotate ns foo')).stderr).toBe('error: at least one annotation update is required\n');
    expect((await run('kubectl annotate a=b')).stderr).toBe(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n',
    );
    expect((await run('kubectl annotate ns a=b foo')).stderr).toBe(
      'error: all resources must be specified before annotation changes: foo\n',
    );
    expect((await run('kubectl annotate ns foo a=1 a-')).stderr).toBe(
      'error: can not both modify and remove the following annotation(s) in the same command: a\n',
    );
    const bad = await run('kubectl annotate ns foo Bad_/x=1');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(
      /^The Namespace "foo" is invalid: metadata\.annotations: Invalid value: "Bad_\/x": prefix part a lowercase RFC 1123 subdomain/,
    );
  });
});

describe('kubectl patch', () => {
  test('the authz-ingress task: externalTrafficPolicy Local, then no change', async () => {
    const run = cluster();
    const p = [
      'kubectl',
      'patch',
      'svc',
      'istio-ingressgateway',
      '-n',
      'istio-system',
      '-p',
      '{"spec":{"externalTrafficPolicy":"Local"}}',
    ];
    expect(await run(p)).toEqual({ stdout: 'service/istio-ingressgateway patched\n', stderr: '', exitCode: 0 });
    expect(
      (await run('kubectl get svc istio-ingressgateway -n istio-system -o jsonpath={.spec.externalTrafficPolicy}'))
        .stdout,
    ).toBe('Local');
    expect(await run(p)).toEqual({
      stdout: 'service/istio-ingressgateway patched (no change)\n',
      stderr: '',
      exitCode: 0,
    });
  });

  test('strategic merge of Service ports by port; merge and json patch types; YAML patches', async () => {
    const run = cluster();
    await run([
      'kubectl',
      'patch',
      'svc/istio-ingressgateway',
      '-n',
      'istio-system',
      '-p',
      '{"spec":{"ports":[{"port":80,"nodePort":30080}]}}',
    ]);
    const ports = JSON.parse(
      (await run('kubectl get svc istio-ingressgateway -n istio-system -o jsonpath={.spec.ports}')).stdout,
    ) as { name: string; port: number; nodePort: number; targetPort: number }[];
    expect(ports.find((x) => x.port === 80)).toMatchObject({ name: 'http2', nodePort: 30080, targetPort: 8080 });
    expect(ports.length).toBe(3);
    expect(
      (await run(['kubectl', 'patch', 'svc', 'kubernetes', '--type', 'merge', '-p', 'metadata: {labels: {x: "y"}}']))
        .stdout,
    ).toBe('service/kubernetes patched\n');
    expect((await run('kubectl get svc kubernetes -o jsonpath={.metadata.labels.x}')).stdout).toBe('y');
    expect(
      (
        await run([
          'kubectl',
          'patch',
          'svc',
          'kubernetes',
          '--type=json',
          '-p',
          '[{"op":"remove","path":"/metadata/labels/x"}]',
        ])
      ).stdout,
    ).toBe('service/kubernetes patched\n');
    expect(
      await run([
        'kubectl',
        'patch',
        'svc',
        'kubernetes',
        '--type=json',
        '-p',
        '[{"op":"remove","path":"/metadata/labels/x"}]',
      ]),
    ).toEqual({
      stdout: '',
      stderr:
        "The request is invalid: error in remove for path: '/metadata/labels/x': Unable to remove nonexistent key: x: missing value\n",
      exitCode: 1,
    });
    expect((await run(['kubectl', 'patch', 'svc', 'kubernetes', '--type=json', '-p', '{"spec":{}}'])).stderr).toBe(
      'Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n',
    );
    expect((await run(['kubectl', 'patch', 'svc', 'kubernetes', '-p', '{"spec":{}}', '-o', 'name'])).stdout).toBe(
      'service/kubernetes\n',
    );
  });

  test('Istio kinds: merge patches apply, strategic is refused by the API server', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    await run('kubectl create -f -', POLICY);
    expect(
      await run(['kubectl', 'patch', 'ap', 'deny-path-headers', '-n', 'foo', '-p', '{"spec":{"action":"ALLOW"}}']),
    ).toEqual({
      stdout: '',
      stderr:
        'Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
      exitCode: 1,
    });
    expect(
      (
        await run([
          'kubectl',
          'patch',
          'ap',
          'deny-path-headers',
          '-n',
          'foo',
          '--type',
          'merge',
          '-p',
          '{"spec":{"action":"ALLOW"}}',
        ])
      ).stdout,
    ).toBe('authorizationpolicy.security.istio.io/deny-path-headers patched\n');
    expect((await run('kubectl get ap deny-path-headers -n foo -o jsonpath={.spec.action}')).stdout).toBe('ALLOW');
  });

  test('kubectl 1.32 argument errors', async () => {
    const run = cluster();
    expect((await run('kubectl patch svc kubernetes')).stderr).toBe(
      'error: must specify --patch or --patch-file containing the contents of the patch\n',
    );
    expect((await run(['kubectl', 'patch', 'svc', 'kubernetes', '--type', 'xml', '-p', '{}'])).stderr).toBe(
      'error: --type must be one of [json merge strategic], not "xml"\n',
    );
    expect((await run(['kubectl', 'patch', '-p', '{}'])).stderr).toMatch(
      /^error: You must provide one or more resources by argument or filename\.\n/,
    );
    expect(await run(['kubectl', 'patch', 'svc', 'nope', '-p', '{}'])).toMatchObject({
      stderr: 'Error from server (NotFound): services "nope" not found\n',
      exitCode: 1,
    });
    expect((await run(['kubectl', 'patch', 'svc', 'kubernetes', '-p', 'spec: [a'])).stderr).toMatch(
      /^error: unable to parse "spec: \[a": yaml: /,
    );
    expect(
      (await run(['kubectl', 'patch', 'svc', 'kubernetes', '-p', '{"spec":{"$retainKeys":["ports"]}}'])).exitCode,
    ).toBe(3);
    // Text that looks like JSON goes to the server as is, which answers with Go's encoding/json errors.
    expect((await run(['kubectl', 'patch', 'svc', 'kubernetes', '-p', "{'spec': {}}"])).stderr).toBe(
      "Error from server (BadRequest): invalid character '\\'' looking for beginning of object key string\n",
    );
    expect((await run(['kubectl', 'patch', 'svc', 'kubernetes', '-p', '{"spec":'])).stderr).toBe(
      'Error from server (BadRequest): unexpected end of JSON input\n',
    );
    expect((await run(['kubectl', 'patch', 'svc', 'kubernetes', '-p', '{"spec":{}} x'])).stderr).toBe(
      "Error from server (BadRequest): invalid character 'x' after top-level value\n",
    );
    expect((await run(['kubectl', 'patch', 'svc', 'kubernetes', '--type', 'merge', '-p', '{"spec":'])).stderr).toBe(
      'Error from server (BadRequest): Invalid JSON Patch\n',
    );
  });
});
