/**
 * istiod's validating webhook through kubectl: denials and warnings for the security kinds, with the
 * messages of pkg/config/validation/validation.go and pkg/config/security/security.go (1.22.0-1.31.0-rc.0),
 * pkg/webhooks/validation/server/server.go ("configuration is invalid: ") and kubectl's `Warning:` lines.
 * Cases from pkg/config/validation/validation_test.go TestValidateAuthorizationPolicy ("path template",
 * "invalid path template", "deny with only HTTP attributes") and TestValidateRequestAuthentication.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../../src/sim/simulator.js';
import { istioWebhook } from '../../../src/sim/kube/webhook/istio-webhook.js';
import type { K8sObject } from '../../../src/kube/object.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio?: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwhook-'));
  dirs.push(stateDir);
  let first = true;
  return async (line: string, stdin = '') => {
    const r = await runSimCommand(line.split(' '), {
      stateDir,
      stdin,
      cwd: stateDir,
      now: Date.parse('2025-01-01T00:00:00Z'),
      ...(first && istio ? { istio } : {}),
    });
    first = false;
    return r;
  };
}
const ap = (spec: string, name = 'p') =>
  `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ${name}, namespace: foo}\nspec:\n${spec}`;
const TCP =
  'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port';

describe('istiod validation webhook through kubectl apply', () => {
  test("an invalid path template is denied with Istio's message", async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const r = await run(
      'kubectl apply -f -',
      ap('  rules:\n  - to:\n    - operation:\n        paths: ["/anything/{*}.txt"]\n'),
    );
    expect(r).toEqual({
      stdout: '',
      stderr:
        'Error from server: error when creating "STDIN": admission webhook "validation.istio.io" denied the request: configuration is invalid: 1 error occurred:\n\t* invalid policy p.foo: invalid or unsupported path anything/{*}.txt, found in Paths. Contains \'{\' or \'}\' beyond a supported path template\n\n',
      exitCode: 1,
    });
    expect((await run('kubectl get authorizationpolicy -n foo')).stdout).toBe('');
  });
  test('{**} followed by another operator; a valid template is created', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const bad = await run(
      'kubectl apply -f -',
      ap('  rules:\n  - to:\n    - operation:\n        notPaths: ["/a/{**}/{*}"]\n'),
    );
    expect(bad.stderr).toContain(
      'invalid or unsupported path a/{**}/{*}, found in NotPaths. {**} is not the last operator',
    );
    const ok = await run(
      'kubectl apply -f -',
      ap('  rules:\n  - to:\n    - operation:\n        paths: ["/{*}/a/{**}"]\n'),
    );
    expect(ok).toEqual({ stdout: 'authorizationpolicy.security.istio.io/p created\n', stderr: '', exitCode: 0 });
  });
  test('a DENY rule of HTTP attributes only: Warning on stderr, created, exit 0; printed once', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const spec =
      '  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n  - to:\n    - operation:\n        paths: ["/x"]\n';
    expect(await run('kubectl apply -f -', ap(spec))).toEqual({
      stdout: 'authorizationpolicy.security.istio.io/p created\n',
      stderr: `Warning: ${TCP}\n`,
      exitCode: 0,
    });
    // An update is admitted by the same webhook.
    const again = await run('kubectl apply -f -', ap(spec.replace('GET', 'POST')));
    expect([again.stdout, again.stderr]).toEqual([
      'authorizationpolicy.security.istio.io/p configured\n',
      `Warning: ${TCP}\n`,
    ]);
  });
  test("several errors: go-multierror's list", async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const r = await run(
      'kubectl apply -f -',
      ap(
        '  action: CUSTOM\n  provider: {name: ext}\n  rules:\n  - from:\n    - source:\n        namespaces: ["foo"]\n        principals: ["a"]\n',
      ),
    );
    expect(r.stderr).toBe(
      'Error from server: error when creating "STDIN": admission webhook "validation.istio.io" denied the request: configuration is invalid: 2 errors occurred:\n\t* invalid policy p.foo: From.Namespaces is currently not supported with CUSTOM action\n\t* invalid policy p.foo: From.Principals is currently not supported with CUSTOM action\n\n',
    );
  });
  test('RequestAuthentication: a jwksUri without scheme is denied (the CRD itself refuses empty names); PeerAuthentication: selector without labels warns', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const ra =
      'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: foo}\nspec:\n  jwtRules:\n  - issuer: a\n    jwksUri: example.com/jwks.json\n';
    expect((await run('kubectl apply -f -', ra)).stderr).toContain(
      'configuration is invalid: 1 error occurred:\n\t* URI scheme "" is not supported\n\n',
    );
    const pa =
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: pa, namespace: foo}\nspec:\n  selector: {}\n  mtls: {mode: STRICT}\n';
    expect(await run('kubectl apply -f -', pa)).toEqual({
      stdout: 'peerauthentication.security.istio.io/pa created\n',
      stderr: 'Warning: workload selector specified without labels\n',
      exitCode: 0,
    });
  });
});

describe('istioWebhook (pure)', () => {
  const obj = (spec: Record<string, unknown>): K8sObject => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'p', namespace: 'foo' },
    spec,
  });
  const tmpl = { rules: [{ to: [{ operation: { paths: ['/x/{*}.txt'] } }] }] };
  test('path templates are checked from 1.22; older releases are not modelled (no webhook layer)', () => {
    expect(istioWebhook(obj(tmpl), '1.22')).toHaveProperty('denied');
    expect(istioWebhook(obj(tmpl), '1.21')).toBeUndefined();
  });
  test('serviceAccounts with principals is an error from 1.25', () => {
    const spec = { rules: [{ from: [{ source: { serviceAccounts: ['foo/sa'], principals: ['x'] } }] }] };
    expect(istioWebhook(obj(spec), '1.24')).toEqual({ warnings: [] });
    expect(JSON.stringify(istioWebhook(obj(spec), '1.25'))).toContain(
      'cannot set serviceAccounts with namespaces or principals, found at rule 0',
    );
  });
  test('a rev=default object meets rev.validation.istio.io', () => {
    const o = obj(tmpl);
    o.metadata.labels = { 'istio.io/rev': 'default' };
    expect(JSON.stringify(istioWebhook(o, '1.24'))).toContain('admission webhook \\"rev.validation.istio.io\\" denied');
  });
});
