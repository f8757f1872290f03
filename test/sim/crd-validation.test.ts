/**
 * Istio objects checked against their CRD's structural schema, with the messages of a k8s 1.32 API
 * server + kubectl 1.32 (strict decoding in apiextensions-apiserver's customresource_handler.go and
 * pruning/algorithm.go; kube-openapi validation; CEL rules and the "not checked" note of
 * customresource/strategy.go; kubectl's checkErr / MultipleErrors).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { goFloat, istioKindSchema } from '../../src/sim/kube/crd-schema.js';
import { parseGoDuration } from '../../src/sim/kube/crd-cel.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio?: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwcrd-'));
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

const NOTE =
  '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
const pa = (spec: string, v = 'v1') =>
  `apiVersion: security.istio.io/${v}\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: ${spec}\n`;

describe('strict decoding: unknown fields at any depth', () => {
  test('when inside source (lesson 4 step 10, F5), matchLabel, requestPrincipal', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const ap =
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: require-jwt, namespace: foo}\nspec:\n  selector: {matchLabel: {app: books}}\n  rules:\n  - from:\n    - source:\n        requestPrincipal: ["*"]\n        when:\n        - key: request.auth.claims[groups]\n          values: ["admins"]\n';
    expect(await run('kubectl apply -f -', ap)).toEqual({
      stdout: '',
      stderr:
        'Error from server (BadRequest): error when creating "STDIN": AuthorizationPolicy in version "v1" cannot be handled as a AuthorizationPolicy: strict decoding error: unknown field "spec.rules[0].from[0].source.requestPrincipal", unknown field "spec.rules[0].from[0].source.when", unknown field "spec.selector.matchLabel"\n',
      exitCode: 1,
    });
    expect((await run('kubectl get authorizationpolicy -n foo')).stderr).toBe('No resources found in foo namespace.\n');
  });

  test('unknown metadata fields come first, the rest sorted; an unknown field is not descended into', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const r = await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo, label: {a: b}}\nspec: {mtls: {mod: STRICT}, extra: {deep: 1}}\nbogus: 1\n',
    );
    expect(r.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": PeerAuthentication in version "v1" cannot be handled as a PeerAuthentication: strict decoding error: unknown field "metadata.label", unknown field "bogus", unknown field "spec.extra", unknown field "spec.mtls.mod"\n',
    );
  });

  test('Gateway servers/tls, Sidecar egress, ServiceEntry ports, RA jwtRules', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const gw =
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: foo}\nspec: {selector: {istio: ingressgateway}, servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE, credentialname: cert}}]}\n';
    expect((await run('kubectl apply -f -', gw)).stderr).toContain(
      'strict decoding error: unknown field "spec.servers[0].tls.credentialname"\n',
    );
    const sc =
      'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: default, namespace: foo}\nspec: {egress: [{hosts: ["./*"], host: x}]}\n';
    expect((await run('kubectl apply -f -', sc)).stderr).toContain(
      'strict decoding error: unknown field "spec.egress[0].host"\n',
    );
    const ra =
      'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: foo}\nspec: {jwtRules: [{issuer: me, jwksURI: "https://x/jwks"}]}\n';
    expect((await run('kubectl apply -f -', ra)).stderr).toContain(
      'strict decoding error: unknown field "spec.jwtRules[0].jwksURI"\n',
    );
  });

  test('Istio 1.5 CRDs (apiextensions v1beta1, no preserveUnknownFields: false) keep unknown fields', async () => {
    const run = cluster('1.5');
    await run('kubectl create ns foo');
    expect(await run('kubectl apply -f -', pa('{mtls: {mode: STRICT, mod: x}}', 'v1beta1'))).toMatchObject({
      stdout: 'peerauthentication.security.istio.io/default created\n',
      exitCode: 0,
    });
  });

  test('fields a release does not have yet are unknown there (targetRefs: 1.22)', async () => {
    const ap =
      'apiVersion: security.istio.io/v1beta1\nkind: AuthorizationPolicy\nmetadata: {name: ap, namespace: foo}\nspec: {targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: gw}]}\n';
    const old = cluster('1.21');
    await old('kubectl create ns foo');
    expect((await old('kubectl apply -f -', ap)).stderr).toContain('unknown field "spec.targetRefs"');
    const now = cluster('1.24');
    await now('kubectl create ns foo');
    expect((await now('kubectl apply -f -', ap)).exitCode).toBe(0);
  });
});

describe('schema validation', () => {
  test('enum: one error without CEL in the CRD (1.20), with the CEL note when the CRD has rules (1.24)', async () => {
    const old = cluster('1.20');
    await old('kubectl create ns foo');
    expect((await old('kubectl apply -f -', pa('{mtls: {mode: strict}}', 'v1beta1'))).stderr).toBe(
      'The PeerAuthentication "default" is invalid: spec.mtls.mode: Unsupported value: "strict": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"\n',
    );
    const run = cluster();
    await run('kubectl create ns foo');
    expect(await run('kubectl apply -f -', pa('{mtls: {mode: strict}}'))).toEqual({
      stdout: '',
      stderr: `The PeerAuthentication "default" is invalid: \n* spec.mtls.mode: Unsupported value: "strict": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"\n* ${NOTE}\n`,
      exitCode: 1,
    });
  });

  test('wrong types, required fields, Gateway tls.mode (1.24; from 1.26 the Gateway CRD has CEL rules, hence the note)', async () => {
    const run = cluster('1.24');
    await run('kubectl create ns foo');
    const gw =
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: foo}\nspec: {servers: [{port: {number: "80", name: http, protocol: HTTP}, hosts: ["*"], tls: {mode: simple}}]}\n';
    const gwErrors =
      'The Gateway "gw" is invalid: \n* spec.servers[0].port.number: Invalid value: "string": spec.servers[0].port.number in body must be of type integer: "string"\n' +
      '* spec.servers[0].tls.mode: Unsupported value: "simple": supported values: "PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"\n';
    expect((await run('kubectl apply -f -', gw)).stderr).toBe(gwErrors);
    for (const v of ['1.25', '1.26', '1.31']) {
      const later = cluster(v);
      await later('kubectl create ns foo');
      expect((await later('kubectl apply -f -', gw)).stderr, v).toBe(
        v === '1.25' ? gwErrors : `${gwErrors}* ${NOTE}\n`,
      );
    }
    const ra =
      'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: foo}\nspec: {jwtRules: [{jwksUri: "https://x/jwks"}]}\n';
    expect((await run('kubectl apply -f -', ra)).stderr).toBe(
      `The RequestAuthentication "jwt" is invalid: \n* spec.jwtRules[0].issuer: Required value\n* ${NOTE}\n`,
    );
    const dr =
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr, namespace: foo}\nspec: {host: x, trafficPolicy: {portLevelSettings: [{port: {number: -1}, tls: {mode: ISTIO_MUTUAL}}]}}\n';
    expect((await run('kubectl apply -f -', dr)).stderr).toBe(
      'The DestinationRule "dr" is invalid: spec.trafficPolicy.portLevelSettings[0].port.number: Invalid value: -1: spec.trafficPolicy.portLevelSettings[0].port.number in body should be greater than or equal to 0\n',
    );
  });

  test('CEL rules: portLevelMtls requires a selector; at most one of selector/targetRef', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    expect((await run('kubectl apply -f -', pa('{portLevelMtls: {8080: {mode: DISABLE}}}'))).stderr).toBe(
      'The PeerAuthentication "default" is invalid: spec: Invalid value: "object": portLevelMtls requires selector\n',
    );
    expect(
      (
        await run(
          'kubectl apply -f -',
          pa('{selector: {matchLabels: {app: x}}, portLevelMtls: {8080: {mode: DISABLE}}}'),
        )
      ).exitCode,
    ).toBe(0);
    const ap =
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ap, namespace: foo}\nspec: {selector: {matchLabels: {app: "*"}}, targetRef: {kind: Gateway, group: gateway.networking.k8s.io, name: gw}}\n';
    expect((await run('kubectl apply -f -', ap)).stderr).toBe(
      'The AuthorizationPolicy "ap" is invalid: \n* spec: Invalid value: "object": only one of targetRefs or selector can be set\n* spec.selector.matchLabels[app]: Invalid value: "string": wildcard not allowed in label value match\n',
    );
  });
});

describe('how kubectl apply reports', () => {
  test('a multi-document apply applies the good documents and lists each server error with its message', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const docs = [
      pa('{mtls: {mode: strict}}'),
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, namespace: foo}\n',
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ap, namespace: foo}\nspec: {rule: []}\n',
    ].join('---\n');
    expect(await run('kubectl apply -f -', docs)).toEqual({
      stdout: 'serviceaccount/sa created\n',
      stderr:
        `Error from server (Invalid): error when creating "STDIN": PeerAuthentication.security.istio.io "default" is invalid: [spec.mtls.mode: Unsupported value: "strict": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT", ${NOTE}]\n` +
        'Error from server (BadRequest): error when creating "STDIN": AuthorizationPolicy in version "v1" cannot be handled as a AuthorizationPolicy: strict decoding error: unknown field "spec.rule"\n',
      exitCode: 1,
    });
  });

  test('a lone bad document with a good one: the Invalid error from its details', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    const docs = `${pa('{mtls: {mode: STRICT}}')}---\n${pa('{mtls: {mode: Strict}}').replace('name: default', 'name: other')}`;
    const r = await run('kubectl apply -f -', docs);
    expect(r.stdout).toBe('peerauthentication.security.istio.io/default created\n');
    expect(r.stderr).toBe(
      `The PeerAuthentication "other" is invalid: \n* spec.mtls.mode: Unsupported value: "Strict": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"\n* ${NOTE}\n`,
    );
    expect(r.exitCode).toBe(1);
  });

  test('kubectl create -f: a lone Invalid error from its details, several listed with their messages', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    expect((await run('kubectl create -f -', pa('{mtls: {mode: strict}}'))).stderr).toBe(
      `The PeerAuthentication "default" is invalid: \n* spec.mtls.mode: Unsupported value: "strict": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"\n* ${NOTE}\n`,
    );
    const two = `${pa('{portLevelMtls: {80: {mode: DISABLE}}}')}---\n${pa('{mtls: {mode: STRICT}}').replace('name: default', 'name: ok')}---\napiVersion: authentication.istio.io/v1alpha1\nkind: Policy\nmetadata: {name: p, namespace: foo}\n`;
    expect(await run('kubectl create -f -', two)).toEqual({
      stdout: 'peerauthentication.security.istio.io/ok created\n',
      stderr:
        'Error from server (Invalid): error when creating "STDIN": PeerAuthentication.security.istio.io "default" is invalid: spec: Invalid value: "object": portLevelMtls requires selector\n' +
        'resource mapping not found for name: "p" namespace: "foo" from "STDIN": no matches for kind "Policy" in version "authentication.istio.io/v1alpha1"\nensure CRDs are installed first\n',
      exitCode: 1,
    });
  });

  test('re-applying an existing object with a bad value: the same Invalid message (patch)', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    await run('kubectl apply -f -', pa('{mtls: {mode: STRICT}}'));
    const r = await run('kubectl apply -f -', pa('{mtls: {mode: strict}}'));
    expect(r).toMatchObject({ stdout: '', exitCode: 1 });
    expect(r.stderr).toBe(
      `The PeerAuthentication "default" is invalid: \n* spec.mtls.mode: Unsupported value: "strict": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"\n* ${NOTE}\n`,
    );
    expect((await run('kubectl get pa -n foo')).stdout).toContain('STRICT');
  });
});

describe('schema table and helpers', () => {
  test('releases map to their CRDs: none before 1.5, PeerAuthentication CEL from 1.23', () => {
    expect(istioKindSchema('PeerAuthentication', '1.4')).toBeNull();
    expect(istioKindSchema('PeerAuthentication', '1.5')?.prunes).toBe(false);
    expect(istioKindSchema('PeerAuthentication', '1.6')?.prunes).toBe(true);
    expect(istioKindSchema('PeerAuthentication', '1.22')?.spec?.c).toBeUndefined();
    expect(istioKindSchema('PeerAuthentication', '1.24')?.spec?.c?.[0]?.[1]).toBe('portLevelMtls requires selector');
    expect(istioKindSchema('Foo', '1.24')).toBeUndefined();
  });

  test("Go's %v of float64 and time.ParseDuration", () => {
    expect([65535, 4294967295, 1e6, 123456, 0.5, 1e-5].map(goFloat)).toEqual([
      '65535',
      '4.294967295e+09',
      '1e+06',
      '123456',
      '0.5',
      '1e-05',
    ]);
    expect([
      parseGoDuration('1.5s'),
      parseGoDuration('1h2m'),
      parseGoDuration('500us'),
      parseGoDuration('10'),
      parseGoDuration('0'),
    ]).toEqual([1.5e9, 3720e9, 5e5, undefined, 0]);
  });
});
