/**
 * explain names the policies whose selector missed; explain routes an
 * outside request to the node port as curl does and names the Gateway server and the missing
 * Secret; each request gets its own x-request-id and the cluster clock's date.
 */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { explainRequest } from '../../../src/sim/net/explain-request.js';
import { fileView } from '../../../src/sim/net/file-view.js';
import { runCurl } from '../../../src/sim/net/curl.js';

const NOW = Date.parse('2026-11-24T08:00:00Z');
const sec = (kind: string, ns: string, name: string, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'security.istio.io/v1',
  kind,
  metadata: { name, namespace: ns },
  spec,
});
const svc = (ns: string, name: string, port: number, target: number): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { selector: { app: name }, ports: [{ name: 'http', port, targetPort: target }] },
});
const dep = (ns: string, name: string, image: string, labels: Record<string, string>, inject = true): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    template: {
      metadata: { labels: { ...labels, ...(inject ? {} : { 'sidecar.istio.io/inject': 'false' }) } },
      spec: { serviceAccountName: name, containers: [{ name, image }] },
    },
  },
});
const books = [
  svc('mtls', 'books', 4000, 8080),
  dep('mtls', 'books', 'docker.io/mccutchen/go-httpbin:v2.15.0', { app: 'books', version: 'v1' }),
  dep('mtls-outside', 'sleep', 'curlimages/curl:8.16.0', { app: 'sleep' }, false),
];

function explain(
  objects: K8sObject[],
  r: Omit<Parameters<typeof explainRequest>[1], 'from'> & { from?: string },
): string {
  const view = fileView(objects, [], { now: NOW }).view;
  const [ns, name] = (r.from ?? 'outside').split('/');
  const from = name ? { kind: 'workload' as const, namespace: ns!, name } : { kind: 'outside' as const };
  const e = explainRequest(view, { ...r, from });
  if (!e.ok) throw new Error(e.error);
  return e.text;
}

describe('explain names the policies whose selector matches nothing (F2)', () => {
  it('a PeerAuthentication with a typo in its selector is named, with the pod labels', () => {
    const text = explain(
      [
        ...books,
        sec('PeerAuthentication', 'mtls', 'books', {
          selector: { matchLabels: { app: 'book' } },
          mtls: { mode: 'STRICT' },
        }),
      ],
      { from: 'mtls-outside/sleep', url: 'http://books.mtls:4000/books/1' },
    );
    expect(text).toMatch(
      /peer authn +port 8080: PERMISSIVE \(no PeerAuthentication selects this pod and no namespace or mesh policy exists: default PERMISSIVE\); not applied: mtls\/books selects app=book: this pod's labels are app=books, version=v1/,
    );
  });
  it('RequestAuthentication and AuthorizationPolicy selectors that miss are named too', () => {
    const text = explain(
      [
        ...books,
        sec('RequestAuthentication', 'mtls', 'books-jwt', {
          selector: { matchLabels: { app: 'books-api' } },
          jwtRules: [{ issuer: 'meshwalk-demo@meshwalk.dev', jwksUri: 'https://example.test/demo-jwks.json' }],
        }),
        sec('AuthorizationPolicy', 'mtls', 'require-jwt', {
          selector: { matchLabels: { app: 'book' } },
          rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }],
        }),
      ],
      { from: 'mtls-outside/sleep', url: 'http://books.mtls:4000/books/1' },
    );
    expect(text).toMatch(
      /request authn +no RequestAuthentication applies: tokens are not inspected; not applied: mtls\/books-jwt selects app=books-api: this pod's labels are app=books, version=v1/,
    );
    expect(text).toMatch(
      /authz scope +not applied: mtls\/require-jwt selects app=book: this pod's labels are app=books, version=v1/,
    );
    expect(text).toMatch(/decision +allowed: no ALLOW policy applies to this workload/);
  });
  it('a policy that applies keeps its line; one that misses is still named', () => {
    const text = explain(
      [
        ...books,
        sec('PeerAuthentication', 'mtls', 'default', { mtls: { mode: 'PERMISSIVE' } }),
        sec('PeerAuthentication', 'mtls', 'books', {
          selector: { matchLabels: { app: 'book' } },
          mtls: { mode: 'STRICT' },
        }),
      ],
      { from: 'mtls-outside/sleep', url: 'http://books.mtls:4000/books/1' },
    );
    expect(text).toContain(
      'port 8080: PERMISSIVE (namespace mtls/default PERMISSIVE); not applied: mtls/books selects app=book',
    );
  });
});

const gateway: K8sObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'books-gateway', namespace: 'ingress' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        tls: { mode: 'SIMPLE', credentialName: 'books-credential' },
        hosts: ['minikube.me'],
      },
    ],
  },
};

describe('explain routes an outside request as curl does (F3)', () => {
  // fileView's gateway Service maps 443 to node port 30443; the node is 192.168.49.2.
  const probe = [
    'curl',
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '--resolve',
    'minikube.me:30443:192.168.49.2',
    'https://minikube.me:30443/books/1',
  ];
  it('the simulated curl reaches the gateway and fails the handshake (exit 35)', () => {
    const r = runCurl({ kind: 'host' }, probe, fileView([gateway], [], { now: NOW }).view);
    expect(r.exitCode).toBe(35);
  });
  it('explain --resolve names the Gateway server and the missing Secret, and the same exit', () => {
    const text = explain([gateway], {
      url: 'https://minikube.me:30443/books/1',
      resolve: ['minikube.me:30443:192.168.49.2'],
    });
    expect(text).toContain('(curl --resolve: minikube.me:30443 connects to 192.168.49.2)');
    expect(text).toContain(
      'Ingress gateway: Gateway ingress/books-gateway serves minikube.me:443 (matched by port and SNI minikube.me) with tls.mode SIMPLE, credentialName books-credential',
    );
    expect(text).toContain(
      'Ingress gateway: Secret istio-system/books-credential does not exist: the gateway has no certificate, the handshake fails (curl exit 35)',
    );
    expect(text).toContain(
      'curl sees: exit 35 (OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to minikube.me:30443)',
    );
    expect(text).not.toContain('No proxy is involved');
  });
  it('without --resolve, a node port is taken to be on the node', () => {
    const text = explain([gateway], { url: 'https://minikube.me:30443/books/1' });
    expect(text).toContain('assuming it points at the node, as with curl --resolve minikube.me:30443:192.168.49.2');
    expect(text).toContain('Secret istio-system/books-credential does not exist');
    expect(text).toContain('curl sees: exit 35');
  });
  it('port 443 without --resolve reaches the gateway Service and says the same', () => {
    const text = explain([gateway], { url: 'https://minikube.me/books/1' });
    expect(text).toContain('Secret istio-system/books-credential does not exist');
  });
  it('a port no Gateway server listens on is named', () => {
    const text = explain([gateway], {
      url: 'http://minikube.me:30080/books/1',
      resolve: ['minikube.me:30080:192.168.49.2'],
    });
    expect(text).toContain('Ingress gateway: no Gateway server listens on port 80');
    expect(text).toContain('curl sees: exit 7');
  });
});

describe('request ids and dates (F10)', () => {
  const view = fileView(
    [
      svc('foo', 'httpbin', 8000, 8080),
      dep('foo', 'httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0', { app: 'httpbin' }),
      dep('foo', 'sleep', 'curlimages/curl:8.16.0', { app: 'sleep' }),
    ],
    [],
    { now: NOW },
  ).view;
  const sleep = view.list('Pod', 'foo').find((p) => p.metadata.name.startsWith('sleep'))!;
  const get = () =>
    runCurl(
      { kind: 'pod', pod: sleep, container: 'sleep' },
      ['curl', '-s', '-i', 'http://httpbin.foo:8000/headers'],
      view,
    );
  it('every request has its own UUID-shaped X-Request-Id', () => {
    const ids = [get(), get(), get()].map((r) => /"X-Request-Id": \[\s*"([^"]+)"/.exec(r.stdout)?.[1]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(3);
  });
  it('the date header is the cluster clock', () => {
    expect(get().stdout).toContain(`date: ${new Date(NOW).toUTCString()}`);
  });
});
