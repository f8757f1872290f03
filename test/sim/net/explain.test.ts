/** explainRequest output for the three outcomes learners ask about: 403, 401 and a reset. */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { explainRequest } from '../../../src/sim/net/explain-request.js';
import { fileView } from '../../../src/sim/net/file-view.js';
import { deployment, service } from './objects.js';

const sec = (kind: string, ns: string, name: string, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'security.istio.io/v1',
  kind,
  metadata: { name, namespace: ns },
  spec,
});
const base = [
  service('foo', 'httpbin', 8000, 8080),
  deployment('foo', 'httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0'),
  deployment('foo', 'sleep', 'curlimages/curl:8.16.0'),
  deployment('legacy', 'sleep', 'curlimages/curl:8.16.0', false),
];

function explain(objects: K8sObject[], from: string, extra: { token?: string } = {}): string {
  const [ns, name] = from.split('/') as [string, string];
  const r = explainRequest(fileView(objects, []).view, {
    from: { kind: 'workload', namespace: ns, name },
    url: 'http://httpbin.foo:8000/ip',
    ...extra,
  });
  if (!r.ok) throw new Error(r.error);
  return r.text;
}

describe('explain', () => {
  it('a 403 names the ALLOW policy and why its rule missed', () => {
    const text = explain(
      [
        ...base,
        sec('AuthorizationPolicy', 'foo', 'viewer', {
          selector: { matchLabels: { app: 'httpbin' } },
          rules: [{ from: [{ source: { principals: ['cluster.local/ns/bar/sa/sleep'] } }] }],
        }),
      ],
      'foo/sleep',
    );
    expect(text).toContain('authz ALLOW    [no match] foo/viewer: no rule matches');
    expect(text).toContain(
      'rule 1: principals wants [cluster.local/ns/bar/sa/sleep], request has cluster.local/ns/foo/sa/sleep',
    );
    expect(text).toContain('decision       denied: 1 ALLOW policy applies and none matches');
    expect(text).toContain('curl sees: HTTP/1.1 403 Forbidden, body "RBAC: access denied"');
  });
  it('a 401 quotes the token error', () => {
    const ra = sec('RequestAuthentication', 'foo', 'jwt', {
      jwtRules: [
        {
          issuer: 'testing@secure.istio.io',
          jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.24/security/tools/jwt/samples/jwks.json',
        },
      ],
    });
    const text = explain([...base, ra], 'foo/sleep', { token: 'deadbeef' });
    expect(text).toContain(
      'request authn  foo/jwt: token from header authorization (prefix "Bearer ") rejected: Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections (401)',
    );
    expect(text).toContain(
      'curl sees: HTTP/1.1 401 Unauthorized, body "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections"',
    );
  });
  it('names the path template that decided and the token location looked at', () => {
    const ap = sec('AuthorizationPolicy', 'foo', 'status', {
      selector: { matchLabels: { app: 'httpbin' } },
      rules: [{ to: [{ operation: { paths: ['/status/{*}'] } }] }],
    });
    const ra = sec('RequestAuthentication', 'foo', 'jwt', {
      jwtRules: [
        {
          issuer: 'testing@secure.istio.io',
          jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.24/security/tools/jwt/samples/jwks.json',
          fromCookies: ['session'],
        },
      ],
    });
    const text = explain([...base, ap, ra], 'foo/sleep', { token: 'deadbeef' });
    expect(text).toContain(
      'request authn  foo/jwt: no token at cookie session; RequestAuthentication alone lets it through',
    );
    expect(text).toContain(
      'rule 1: paths (path template: {*} is one segment, {**} any number) wants [/status/{*}], request has /ip',
    );
    expect(text).toContain('curl sees: HTTP/1.1 403 Forbidden');
  });
  it('a reset names the STRICT PeerAuthentication', () => {
    const text = explain(
      [...base, sec('PeerAuthentication', 'foo', 'default', { mtls: { mode: 'STRICT' } })],
      'legacy/sleep',
    );
    expect(text).toMatch(/client TLS +the client has no sidecar/);
    expect(text).toMatch(/peer authn +port 8080: STRICT \(namespace foo\/default STRICT\)/);
    expect(text).toContain('curl sees: exit 56 (Recv failure: Connection reset by peer), %{http_code} 000');
  });
  it('assumes workloads the files do not contain, and says so', () => {
    const r = fileView(
      [sec('PeerAuthentication', 'foo', 'default', { mtls: { mode: 'STRICT' } })],
      [
        { namespace: 'foo', name: 'sleep' },
        { namespace: 'foo', name: 'httpbin', port: 8000 },
      ],
    );
    expect(r.assumptions).toHaveLength(2);
    const e = explainRequest(r.view, {
      from: { kind: 'workload', namespace: 'foo', name: 'sleep' },
      url: 'http://httpbin.foo:8000/',
    });
    expect(e.ok && e.text).toContain('mTLS: peer principal cluster.local/ns/foo/sa/sleep');
  });
});
