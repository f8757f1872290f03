/**
 * What each httpbin image echoes of the headers the proxies add: the Python images hide the
 * hosting-proxy headers (ENV_HEADERS) unless ?show_env is given, go-httpbin shows every header as
 * an array; a server sidecar removes X-Envoy-Decorator-Operation before the app.
 */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { runProcess } from '../../../src/sim/net/index.js';
import { fileView } from '../../../src/sim/net/file-view.js';

const svc = (ns: string, port: number, target: number): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'httpbin', namespace: ns },
  spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http', port, targetPort: target }] },
});
const dep = (ns: string, name: string, image: string, inject = true, args?: string[]): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    template: {
      metadata: { labels: { app: name, ...(inject ? {} : { 'sidecar.istio.io/inject': 'false' }) } },
      spec: { serviceAccountName: name, containers: [{ name, image, ...(args ? { command: args } : {}) }] },
    },
  },
});

// Istio 1.22's samples/httpbin/httpbin.yaml: docker.io/kong/httpbin, gunicorn bound to 8080.
const kong = (ns: string, inject = true) =>
  dep(ns, 'httpbin', 'docker.io/kong/httpbin', inject, [
    'gunicorn',
    '-b',
    '0.0.0.0:8080',
    'httpbin:app',
    '-k',
    'gevent',
  ]);
const view = fileView(
  [
    svc('foo', 8000, 8080),
    kong('foo'),
    svc('legacy', 8000, 8080),
    kong('legacy', false),
    svc('bar', 8000, 8080),
    dep('bar', 'httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0'),
    dep('foo', 'sleep', 'curlimages/curl:8.16.0'),
  ],
  [],
).view;
const sleep = view.list('Pod', 'foo').find((p) => p.metadata.name.startsWith('sleep'))!;
const curl = (...args: string[]) =>
  runProcess({ kind: 'pod', pod: sleep, container: 'sleep' }, ['curl', ...args], '', view)!;
const keys = (stdout: string) => Object.keys((JSON.parse(stdout) as { headers: object }).headers);

describe('python httpbin (kong/httpbin, kennethreitz/httpbin)', () => {
  // source: istio.io content/en/docs/tasks/security/authentication/authn-policy (snips.sh
  // snip_auto_mutual_tls_1_out: the XFCC line is the last of the object, no trailing comma)
  it('hides X-Forwarded-Proto and X-Request-Id: X-Forwarded-Client-Cert is the last header', () => {
    const r = curl('-s', 'http://httpbin.foo:8000/headers');
    expect(keys(r.stdout)).toEqual([
      'Accept',
      'Host',
      'User-Agent',
      'X-Envoy-Attempt-Count',
      'X-Forwarded-Client-Cert',
    ]);
    const line = r.stdout.split('\n').find((l) => l.includes('X-Forwarded-Client-Cert'))!;
    expect(line.replace(/Hash=[a-z0-9]*;/, 'Hash=<redacted>;')).toBe(
      '    "X-Forwarded-Client-Cert": "By=spiffe://cluster.local/ns/foo/sa/httpbin;Hash=<redacted>;Subject=\\"\\";URI=spiffe://cluster.local/ns/foo/sa/sleep"',
    );
  });
  // source: httpbin/helpers.py get_headers (`'show_env' not in request.args`) and ENV_HEADERS
  it('?show_env shows them, in /headers and in /get', () => {
    expect(keys(curl('-s', 'http://httpbin.foo:8000/headers?show_env=1').stdout)).toEqual([
      'Accept',
      'Host',
      'User-Agent',
      'X-Envoy-Attempt-Count',
      'X-Forwarded-Client-Cert',
      'X-Forwarded-Proto',
      'X-Request-Id',
    ]);
    expect(keys(curl('-s', 'http://httpbin.foo:8000/get').stdout)).not.toContain('X-Request-Id');
    expect(keys(curl('-s', 'http://httpbin.foo:8000/get?show_env').stdout)).toContain('X-Request-Id');
  });
  // source: Envoy source/common/http/conn_manager_impl.cc ActiveStream::traceRequest (inbound
  // removes x-envoy-decorator-operation); istio.io egress-control shows it at a server without sidecar
  it('X-Envoy-Decorator-Operation reaches only an app without a sidecar', () => {
    expect(curl('-s', 'http://httpbin.foo:8000/headers').stdout).not.toContain('Decorator');
    expect(curl('-s', 'http://httpbin.legacy:8000/headers').stdout).toContain(
      '"X-Envoy-Decorator-Operation": "httpbin.legacy.svc.cluster.local:8000/*"',
    );
  });
  // source: httpbin/helpers.py semiflatten (one value as a string, several as a list)
  it('args: one value as a string, a repeated one as a list', () => {
    const r = JSON.parse(curl('-s', 'http://httpbin.legacy:8000/get?a=1&b=2&b=3').stdout) as { args: unknown };
    expect(r.args).toEqual({ a: '1', b: ['2', '3'] });
  });
  // source: httpbin/helpers.py get_dict (origin = X-Forwarded-For as sent, else the peer; url scheme from X-Forwarded-Proto)
  it('origin is X-Forwarded-For as sent; the url takes X-Forwarded-Proto', () => {
    const r = JSON.parse(
      curl(
        '-s',
        '-H',
        'X-Forwarded-For: 1.2.3.4, 5.6.7.8',
        '-H',
        'X-Forwarded-Proto: https',
        'http://httpbin.legacy:8000/get',
      ).stdout,
    ) as { origin: string; url: string };
    expect(r).toMatchObject({ origin: '1.2.3.4, 5.6.7.8', url: 'https://httpbin.legacy:8000/get' });
  });
});

describe('go-httpbin (mccutchen/go-httpbin)', () => {
  // source: mccutchen/go-httpbin httpbin/helpers.go getRequestHeaders (no header hidden by default)
  it('shows every header the sidecars add, each as an array', () => {
    const r = curl('-s', 'http://httpbin.bar:8000/headers');
    expect(keys(r.stdout)).toEqual([
      'Accept',
      'Host',
      'User-Agent',
      'X-Envoy-Attempt-Count',
      'X-Forwarded-Client-Cert',
      'X-Forwarded-Proto',
      'X-Request-Id',
    ]);
    expect(r.stdout).toContain('"X-Forwarded-Proto": [\n      "http"\n    ]');
  });
  // source: mccutchen/go-httpbin httpbin/helpers.go getClientIP (the first X-Forwarded-For entry)
  it('origin is the first X-Forwarded-For entry', () => {
    const r = JSON.parse(
      curl('-s', '-H', 'X-Forwarded-For: 1.2.3.4, 5.6.7.8', 'http://httpbin.bar:8000/ip').stdout,
    ) as {
      origin: string;
    };
    expect(r.origin).toBe('1.2.3.4');
  });
  // source: mccutchen/go-httpbin httpbin/helpers.go getClientIP at v2.15.0 (`return r.RemoteAddr`,
  // which net/http sets to "IP:port"; v2.18.2 "fix: `/ip` should not include port number")
  it('v2.15.0 reports the peer with its port; behind a sidecar the peer is 127.0.0.6', () => {
    const r = JSON.parse(curl('-s', 'http://httpbin.bar:8000/ip').stdout) as { origin: string };
    expect(r.origin).toMatch(/^127\.0\.0\.6:\d{5}$/);
  });
});
